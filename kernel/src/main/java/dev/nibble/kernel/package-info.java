/**
 * The Jupyter kernel (JShell and nibble cells, rich display, completion). Not built yet:
 * this module now only assembles the launcher's class path (kernel/target/classpath.txt),
 * since it depends on every other module.
 */
package dev.nibble.kernel;
