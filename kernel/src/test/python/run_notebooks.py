"""Executes notebooks headless on the nibble kernel with nbclient, as CI does.

    /usr/bin/python3 run_notebooks.py NOTEBOOK.ipynb...

Each notebook must run without an error, and its outputs together must hold an HTML
table and a PNG image. Executed copies are written to $NIBBLE_NOTEBOOK_OUT (if set) for
a person to look at. Exit status 0 when all pass. Run by dev.nibble.kernel.JupyterTest.
"""
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def run(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=int(os.environ.get("NIBBLE_CELL_TIMEOUT", "1800")),
                            kernel_name="nibble",
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    try:
        client.execute()
    except CellExecutionError as e:
        return f"{path}: a cell failed:\n{e}"
    finally:
        out_dir = os.environ.get("NIBBLE_NOTEBOOK_OUT")
        if out_dir:
            os.makedirs(out_dir, exist_ok=True)
            nbformat.write(nb, os.path.join(out_dir, os.path.basename(path)))
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    data = [o.get("data", {}) for o in outputs]
    if not any("<table" in d.get("text/html", "") for d in data):
        return f"{path}: no output holds an HTML table"
    if not any("image/png" in d for d in data):
        return f"{path}: no output holds a PNG image"
    return None


def main(paths):
    failures = [f for f in map(run, paths) if f]
    for f in failures:
        print(f, file=sys.stderr)
    print(f"{len(paths) - len(failures)} of {len(paths)} notebooks ran", file=sys.stderr)
    return 1 if failures or not paths else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
