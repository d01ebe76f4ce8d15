// Development check (not part of the Maven build): encodes data/val.txt and the reference prompts with
// DJL's Hugging Face tokenizers (Rust) loading tokenizer.json and compares with val.ids.txt / reference.json.
//   java -cp tokenizers-0.38.0.jar:api-0.38.0.jar:gson.jar:jna.jar:slf4j-api.jar models/build/TokCheck.java models/tiny-kjv
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.*;
import java.util.*;

public class TokCheck {
    public static void main(String[] a) throws Exception {
        Path dir = Paths.get(a[0]);
        try (HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"), Map.of("truncation", "false", "padding", "false", "maxLength", "100000000", "modelMaxLength", "100000000"))) {
            String text = Files.readString(dir.resolve("data/val.txt"));
            long[] got = t.encode(text).getIds();
            String[] ref = Files.readString(dir.resolve("data/val.ids.txt")).trim().split("\\s+");
            int bad = -1;
            for (int i = 0; i < Math.min(got.length, ref.length); i++) if (got[i] != Long.parseLong(ref[i])) { bad = i; break; }
            System.out.println("val: djl " + got.length + " ids, python " + ref.length + " ids, first mismatch " + bad);
            String dec = t.decode(got, false);
            System.out.println("decode round-trip equal: " + dec.equals(text));
            for (String s : new String[]{"In the beginning God created the heaven and the earth.", "Hello  world!\n\n  x's 123 <|endoftext|>é"}) {
                System.out.println(Arrays.toString(t.encode(s).getIds()));
            }
            boolean ok = bad < 0 && got.length == ref.length;
            System.out.println(ok ? "OK" : "MISMATCH");
            System.exit(ok ? 0 : 1);
        }
    }
}
