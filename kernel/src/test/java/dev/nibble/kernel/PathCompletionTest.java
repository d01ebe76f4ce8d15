package dev.nibble.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathCompletionTest {
    @TempDir
    Path base;

    @Test
    void completesFoldersWithASlashAndSkipsHiddenFiles() throws Exception {
        Files.createDirectories(base.resolve("models/tiny-kjv"));
        Files.createDirectories(base.resolve("models/tiny-other"));
        Files.writeString(base.resolve("models/tiny.txt"), "");
        Files.writeString(base.resolve("models/.hidden"), "");
        String cell = "load base = models/tiny-k";
        Completion c = PathCompletion.complete(cell, cell.length(), base);
        assertEquals(new Completion(12, cell.length(), List.of("models/tiny-kjv/")), c);
        String all = "load base = ./models/";
        assertEquals(List.of("./models/tiny-kjv/", "./models/tiny-other/", "./models/tiny.txt"),
                PathCompletion.complete(all, all.length(), base).matches());
    }

    @Test
    void wordsThatAreNotPathsGetNothing() {
        assertEquals(List.of(), PathCompletion.complete("quant", 5, base).matches());
        assertEquals(List.of(), PathCompletion.complete("load a = nowhere/x", 18, base).matches());
    }
}
