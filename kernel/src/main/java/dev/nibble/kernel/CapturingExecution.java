package dev.nibble.kernel;

import java.lang.reflect.Field;
import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's in-process execution engine, plus one thing JShell's API lacks: the value of a
 * variable as an object rather than its toString, so a cell ending in a Table shows HTML.
 * {@code JShell.varValue} asks the engine for a variable; this engine keeps the object it
 * read, for {@link #takeValue()}.
 */
final class CapturingExecution extends LocalExecutionControl {
    private Object value;

    Object takeValue() {
        Object v = value;
        value = null;
        return v;
    }

    @Override
    public String varValue(String className, String varName)
            throws RunException, EngineTerminationException, InternalException {
        try {
            Field f = findClass(className).getDeclaredField(varName);
            f.setAccessible(true);
            value = f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            value = null; // the string form below still works; only the rich display is lost
        }
        return super.varValue(className, varName);
    }

    /** Hands JShell a {@link CapturingExecution} and keeps it for the evaluator. */
    static final class Provider implements ExecutionControlProvider {
        private CapturingExecution engine;

        @Override
        public String name() {
            return "nibble-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            engine = new CapturingExecution();
            return engine;
        }

        CapturingExecution engine() {
            return engine;
        }
    }
}
