/**
 * The Jupyter kernel: cells are Java (evaluated in-process by JShell) or nibble DSL,
 * with tables as HTML and charts as PNG.
 *
 * <p>{@link dev.nibble.kernel.Notebook} is the kernel without the wire: it routes, runs and
 * renders cells and answers completion, inspection, is_complete and history, reporting
 * through {@link dev.nibble.kernel.Output}. {@code dev.nibble.kernel.wire} puts it on the
 * Jupyter protocol (jjava-jupyter underneath). The DSL is reached only through
 * {@link dev.nibble.kernel.DslEngine}, bound in {@link dev.nibble.kernel.DslEngines}.
 * {@link dev.nibble.kernel.KernelMain} is the entry point ({@code nibble kernel ...}); this
 * module's pom also assembles the launcher's class path (kernel/target/classpath.txt),
 * since it depends on every other module.
 */
package dev.nibble.kernel;
