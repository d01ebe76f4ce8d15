package dev.nibble.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Java errors the way JShell reports them: compiler diagnostics with the offending line
 * and a caret, exceptions with their snippet-form stack trace (and causes). Positions are
 * translated from the snippet to the cell, since a cell holds many snippets.
 */
final class JavaErrors {
    private JavaErrors() {}

    /** A rejected snippet: each error diagnostic as "line N: message", the line, a caret under the span. */
    static Outcome.Failed compile(List<Diag> diags, String cell, int snippetStart) {
        List<String> tb = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            if (!d.isError()) continue;
            int at = snippetStart + (int) Math.max(0, d.getStartPosition());
            int end = snippetStart + (int) Math.max(d.getStartPosition(), d.getEndPosition());
            // JShell wraps snippets in a nameless class; "location: class " points at nothing the user wrote
            String msg = d.getMessage(Locale.ROOT).lines().filter(l -> !l.strip().equals("location: class"))
                    .collect(Collectors.joining("\n"));
            if (first == null) first = msg.lines().findFirst().orElse(msg);
            tb.add("line " + lineOf(cell, at) + ": " + msg);
            at = Math.min(at, cell.length());
            int lineStart = cell.lastIndexOf('\n', at - 1) + 1;
            int lineEnd = cell.indexOf('\n', lineStart);
            if (lineEnd < 0) lineEnd = cell.length();
            String line = cell.substring(lineStart, lineEnd);
            int col = Math.min(at - lineStart, line.length());
            int width = Math.max(1, Math.min(end, lineEnd) - at);
            tb.add("    " + line);
            tb.add("    " + " ".repeat(col) + (width == 1 ? "^" : "^" + "-".repeat(width - 2) + "^"));
        }
        if (first == null) first = "the snippet was rejected";
        return new Outcome.Failed("CompilationError", first, tb);
    }

    /** An exception thrown by a snippet: "class: message", then "at ..." frames, then causes. */
    static Outcome.Failed exception(JShellException e) {
        List<String> tb = new ArrayList<>();
        String headline = headline(e);
        for (Throwable t = e; t != null; t = t.getCause()) {
            tb.add((t == e ? "" : "Caused by: ") + headline(t));
            for (StackTraceElement f : t.getStackTrace()) {
                if (isMachinery(f)) break; // below the snippet: reflection and JShell's runner
                tb.add("    at " + frame(f));
            }
        }
        String name = e instanceof EvalException ee ? simpleName(ee.getExceptionClassName()) : "UnresolvedReference";
        return new Outcome.Failed(name, headline, tb);
    }

    private static String headline(Throwable t) {
        if (t instanceof EvalException ee) {
            return ee.getExceptionClassName() + (ee.getMessage() == null ? "" : ": " + ee.getMessage());
        }
        if (t instanceof UnresolvedReferenceException ue) {
            return "attempted to use " + ue.getSnippet().source().strip().lines().findFirst().orElse("")
                    + ", which cannot be run until what it uses is declared";
        }
        return t.toString();
    }

    /** JShell names snippet frames by file "#id"; method do_it$ is the snippet body itself. */
    private static String frame(StackTraceElement f) {
        String file = f.getFileName();
        if (file != null && file.startsWith("#")) {
            String method = f.getMethodName().equals("do_it$") ? "" : f.getMethodName() + " ";
            return method + "(" + file + ":" + f.getLineNumber() + ")";
        }
        return f.toString();
    }

    private static boolean isMachinery(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.")
                || c.startsWith("jdk.jshell.");
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) if (text.charAt(i) == '\n') line++;
        return line;
    }
}
