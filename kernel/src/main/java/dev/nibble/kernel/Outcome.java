package dev.nibble.kernel;

import java.util.List;
import java.util.Map;

/** How a cell ended: with an optional result to show, or with an error. */
public sealed interface Outcome {

    /** {@code result} is the execute_result bundle, or null when the cell has no value. */
    record Ok(Map<String, Object> result) implements Outcome {}

    /** An error as Jupyter shows it: name, one-line value, traceback lines. */
    record Failed(String ename, String evalue, List<String> traceback) implements Outcome {}
}
