#!/usr/bin/python3
"""Step 1: King James Bible text -> plain prose, split into train / calib / val.

Input: the output of `bible -l0 "gen1:1-rev22:21"` (Debian package bible-kjv,
text from bible-kjv-text). Its format is, per chapter:

    <blank line>
    Genesis 1
    <blank line>
      1 In the beginning God created the heaven and the earth.
      2 And the earth was without form, ...

Plain-text form used everywhere (train, calib, val): verse numbers and chapter
headings are dropped; each verse is one line; chapters are separated by one
blank line. The file ends with a single newline.

Split rule (deterministic, chapter granularity, so validation text is never
trained on): every chapter gets the key sha256("nibble-kjv-split/" + heading),
e.g. heading "Genesis 1". Chapters are taken in ascending key order and
assigned to validation until it holds >= 250,000 bytes, then to calibration
until it holds >= 200,000 bytes; all other chapters are training text. Within
each split chapters keep canonical (Genesis..Revelation) order.

Usage: prepare_data.py RAW_BIBLE_TXT WORK_DIR OUT_DATA_DIR
writes WORK_DIR/train.txt, OUT_DATA_DIR/calib.txt, OUT_DATA_DIR/val.txt and
WORK_DIR/split.json (which chapter went where).
"""
import hashlib
import json
import os
import re
import sys

VAL_BYTES = 250_000
CALIB_BYTES = 200_000


def parse(raw):
    chapters = []  # (heading, [verse text])
    verse_re = re.compile(r"^\s+(\d+) (.*)$")
    for line in raw.split("\n"):
        if not line.strip():
            continue
        m = verse_re.match(line)
        if m:
            text = " ".join(m.group(2).split())
            chapters[-1][1].append(text)
        else:
            chapters.append((line.strip(), []))
    return chapters


def main():
    raw_path, work_dir, data_dir = sys.argv[1:4]
    raw = open(raw_path, encoding="utf-8").read()
    chapters = parse(raw)
    nverses = sum(len(v) for _, v in chapters)
    assert len(chapters) == 1189, len(chapters)
    assert nverses == 31102, nverses
    texts = ["\n".join(v) + "\n" for _, v in chapters]
    keyed = sorted(range(len(chapters)),
                   key=lambda i: hashlib.sha256(("nibble-kjv-split/" + chapters[i][0]).encode()).hexdigest())
    assign = ["train"] * len(chapters)
    val_n = calib_n = 0
    for i in keyed:
        n = len(texts[i].encode("utf-8"))
        if val_n < VAL_BYTES:
            assign[i] = "val"
            val_n += n
        elif calib_n < CALIB_BYTES:
            assign[i] = "calib"
            calib_n += n
        else:
            break
    os.makedirs(work_dir, exist_ok=True)
    os.makedirs(data_dir, exist_ok=True)
    out = {}
    for split, d in (("train", work_dir), ("calib", data_dir), ("val", data_dir)):
        body = "\n".join(t for t, a in zip(texts, assign) if a == split)
        with open(os.path.join(d, split + ".txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(body)
        out[split] = [chapters[i][0] for i in range(len(chapters)) if assign[i] == split]
        print(f"{split}: {len(out[split])} chapters, {len(body.encode('utf-8'))} bytes")
    with open(os.path.join(work_dir, "split.json"), "w") as f:
        json.dump({k: v for k, v in out.items() if k != "train"}, f, indent=1)


if __name__ == "__main__":
    main()
