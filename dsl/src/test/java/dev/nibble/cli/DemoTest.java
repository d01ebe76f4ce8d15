package dev.nibble.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nibble.eval.Progress;
import dev.nibble.model.ShippedModel;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo (examples/seed-benchmark.nib) finishes on the shipped model and its tables hold
 * every row the seed page's four tables have.
 */
class DemoTest {
    @TempDir Path out;

    @Test
    void theSeedBenchmarkScriptReproducesEveryRowOfTheSeedTables() throws Exception {
        Path root = ShippedModel.dir().getParent().getParent();
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        Path csv = out.resolve("results.csv");
        long t0 = System.nanoTime();
        int code = RunCommand.run(new String[] {"examples/seed-benchmark.nib", "--results", csv.toString(), "--charts", out.toString()},
                root, InputStream.nullInputStream(), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), Progress.NONE);
        String text = stdout.toString(StandardCharsets.UTF_8);
        System.out.printf("demo: %.0f s%n%s%n", (System.nanoTime() - t0) / 1e9, text);
        assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));

        // perplexity: FP16, mixed AWQ/RTN, INT4 AWQ/RTN, INT8 RTN/AWQ
        for (String m : List.of("fp16", "mixed_awq", "mixed_rtn", "int4_awq", "int4_rtn", "int8_rtn", "int8_awq"))
            assertTrue(RunCommandTest.csv(csv, m).containsKey("ppl"), "ppl of " + m);
        // KL: simulated mixed variants (blockwise / per-channel INT8, max / AWQ-lite) and INT4 max only
        for (String m : List.of("mixed_max_block", "mixed_max_channel", "mixed_awq_block", "mixed_awq_channel", "int4_max")) {
            Map<String, String[]> rows = RunCommandTest.csv(csv, m);
            assertTrue(rows.containsKey("kl_mean") && rows.containsKey("same_top1"), "KL of " + m);
            assertTrue(rows.get("kl_mean")[1].endsWith("simulated"), "simulated: " + String.join(",", rows.get("kl_mean")));
        }
        // speed and memory, MMLU: FP16 against INT4 AWQ
        for (String m : List.of("fp16", "int4_awq")) {
            Map<String, String[]> rows = RunCommandTest.csv(csv, m);
            for (String metric : List.of("prefill_tok_s", "decode_tok_s", "peak_rss_mb", "model_mb", "mmlu_acc"))
                assertTrue(rows.containsKey(metric), metric + " of " + m);
        }
        double ppl16 = Double.parseDouble(RunCommandTest.csv(csv, "fp16").get("ppl")[3]);
        double ppl8 = Double.parseDouble(RunCommandTest.csv(csv, "int8_rtn").get("ppl")[3]);
        double ppl4 = Double.parseDouble(RunCommandTest.csv(csv, "int4_rtn").get("ppl")[3]);
        assertTrue(Math.abs(ppl8 / ppl16 - 1) < 0.01 && ppl4 > ppl8, "fp16 " + ppl16 + ", int8 " + ppl8 + ", int4 " + ppl4);
        double mmlu = Double.parseDouble(RunCommandTest.csv(csv, "fp16").get("mmlu_acc")[3]);
        assertTrue(mmlu > 40, "the shipped model beats chance (25%) clearly on its cloze MMLU: " + mmlu);
        for (String chart : List.of("plot-ppl.png", "plot-kl.png", "plot-speed.png", "plot-pareto.png"))
            assertTrue(Files.size(out.resolve(chart)) > 1000, chart);
        for (String table : List.of("perplexity", "KL divergence", "speed and size", "MMLU accuracy"))
            assertTrue(text.contains(table), "printed table " + table);
    }
}
