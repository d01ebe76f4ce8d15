package dev.nibble.model;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model nibble ships, models/tiny-kjv of the checkout, and its reference figures
 * (written by models/build). The checkout is {@code -Dnibble.root} (the launcher and the
 * tests set it), else the parent of the working directory (a module folder).
 */
public final class ShippedModel {
    private ShippedModel() {}

    /** models/tiny-kjv of this checkout ({@code -Dnibble.model=DIR} points elsewhere). */
    public static Path dir() {
        String override = System.getProperty("nibble.model");
        if (override != null) return Path.of(override);
        String root = System.getProperty("nibble.root");
        Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        return base.resolve("models/tiny-kjv");
    }

    public static JsonObject reference() throws IOException {
        return JsonParser.parseString(Files.readString(dir().resolve("reference.json"))).getAsJsonObject();
    }
}
