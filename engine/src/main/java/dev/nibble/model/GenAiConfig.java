package dev.nibble.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts nibble takes from an onnxruntime-genai {@code genai_config.json}: the model
 * file, head counts, context length, special token ids and the decoder's input/output
 * names. Name templates such as {@code "past_key_values.%d.key"} are kept as written and
 * expanded by {@link #pastKeyName(int)} and friends.
 *
 * <p>The JSON is read with Gson (already on the class path through the tokenizer library).
 */
public record GenAiConfig(String type, int vocabSize, int contextLength, int bosTokenId, List<Integer> eosTokenIds,
                          int padTokenId, String filename, int headSize, int hiddenSize, int numAttentionHeads,
                          int numKeyValueHeads, int numLayers, Map<String, String> inputs, Map<String, String> outputs) {

    public static final String FILE = "genai_config.json";

    public static GenAiConfig read(Path file) {
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException e) {
            throw new ModelFolderException("cannot read " + file + ": " + e.getMessage());
        } catch (JsonParseException | IllegalStateException e) {
            throw new ModelFolderException(file + " is not valid JSON: " + e.getMessage());
        }
        JsonObject model = object(root, "model", file);
        JsonObject dec = object(model, "decoder", file);
        return new GenAiConfig(
                string(model, "type", ""), integer(model, "vocab_size", 0), integer(model, "context_length", 0),
                integer(model, "bos_token_id", -1), ids(model.get("eos_token_id")), integer(model, "pad_token_id", -1),
                string(dec, "filename", "model.onnx"), integer(dec, "head_size", 0), integer(dec, "hidden_size", 0),
                integer(dec, "num_attention_heads", 0), integer(dec, "num_key_value_heads", 0),
                integer(dec, "num_hidden_layers", 0), names(dec, "inputs"), names(dec, "outputs"));
    }

    public String inputIds() { return inputs.getOrDefault("input_ids", "input_ids"); }
    public String attentionMask() { return inputs.getOrDefault("attention_mask", "attention_mask"); }
    /** The position_ids input name, or null when the model computes positions itself. */
    public String positionIds() { return inputs.get("position_ids"); }
    public String logits() { return outputs.getOrDefault("logits", "logits"); }
    public String pastKeyName(int layer) { return inputs.getOrDefault("past_key_names", "past_key_values.%d.key").formatted(layer); }
    public String pastValueName(int layer) { return inputs.getOrDefault("past_value_names", "past_key_values.%d.value").formatted(layer); }
    public String presentKeyName(int layer) { return outputs.getOrDefault("present_key_names", "present.%d.key").formatted(layer); }
    public String presentValueName(int layer) { return outputs.getOrDefault("present_value_names", "present.%d.value").formatted(layer); }

    /** Every graph input name this config expects the model to have. */
    public List<String> expectedInputs() {
        List<String> names = new ArrayList<>(List.of(inputIds(), attentionMask()));
        if (positionIds() != null) names.add(positionIds());
        for (int i = 0; i < numLayers; i++) {
            names.add(pastKeyName(i));
            names.add(pastValueName(i));
        }
        return names;
    }

    private static JsonObject object(JsonObject o, String key, Path file) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonObject())
            throw new ModelFolderException(file + " has no \"" + key + "\" section; is it an onnxruntime-genai config?");
        return e.getAsJsonObject();
    }

    private static String string(JsonObject o, String key, String otherwise) {
        JsonElement e = o.get(key);
        return e == null || !e.isJsonPrimitive() ? otherwise : e.getAsString();
    }

    private static int integer(JsonObject o, String key, int otherwise) {
        JsonElement e = o.get(key);
        return e == null || !e.isJsonPrimitive() ? otherwise : e.getAsInt();
    }

    private static List<Integer> ids(JsonElement e) {
        List<Integer> out = new ArrayList<>();
        if (e == null) return out;
        if (e.isJsonArray()) e.getAsJsonArray().forEach(x -> out.add(x.getAsInt()));
        else out.add(e.getAsInt());
        return List.copyOf(out);
    }

    private static Map<String, String> names(JsonObject dec, String key) {
        Map<String, String> m = new LinkedHashMap<>();
        JsonElement e = dec.get(key);
        if (e != null && e.isJsonObject())
            for (var entry : e.getAsJsonObject().entrySet())
                if (entry.getValue().isJsonPrimitive()) m.put(entry.getKey(), entry.getValue().getAsString());
        return m;
    }
}
