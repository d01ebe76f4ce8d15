package dev.nibble.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * File names for DSL cells ({@code load base = ../models/t<TAB>}). The kernel offers them
 * itself because every statement that takes a path wants the same thing, and the kernel
 * knows the directory that matters: its working directory, the notebook's folder.
 */
final class PathCompletion {
    private static final int MAX = 200;

    private PathCompletion() {}

    /** Completions of the path token before the cursor, if the token looks like a path (has a / or starts with . or ~). */
    static Completion complete(String code, int cursor, Path base) {
        int start = cursor;
        while (start > 0 && !Character.isWhitespace(code.charAt(start - 1)) && "=,".indexOf(code.charAt(start - 1)) < 0) start--;
        String token = code.substring(start, cursor);
        if (!token.contains("/") && !token.startsWith(".") && !token.startsWith("~")) return Completion.none(cursor);
        int slash = token.lastIndexOf('/');
        String dirPart = token.substring(0, slash + 1);
        String prefix = token.substring(slash + 1);
        Path dir = dirPart.isEmpty() ? base : resolve(base, dirPart);
        if (!Files.isDirectory(dir)) return Completion.none(cursor);
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> matches = entries
                    .filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> prefix.startsWith(".") || !p.getFileName().toString().startsWith("."))
                    .map(p -> dirPart + p.getFileName() + (Files.isDirectory(p) ? "/" : ""))
                    .sorted()
                    .limit(MAX)
                    .toList();
            return new Completion(start, cursor, matches);
        } catch (IOException e) {
            return Completion.none(cursor); // an unreadable folder simply has no completions
        }
    }

    private static Path resolve(Path base, String dirPart) {
        if (dirPart.startsWith("~/")) return Path.of(System.getProperty("user.home")).resolve(dirPart.substring(2));
        return base.resolve(dirPart);
    }
}
