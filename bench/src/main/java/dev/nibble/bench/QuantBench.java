package dev.nibble.bench;

import dev.nibble.model.ModelFolder;
import dev.nibble.onnx.OnnxModel;
import dev.nibble.onnx.Tensor;
import dev.nibble.quant.Packing;
import dev.nibble.quant.QuantSpec;
import dev.nibble.quant.QuantizedWeight;
import dev.nibble.quant.Quantizer;
import dev.nibble.quant.Rtn;
import dev.nibble.runtime.Memory;
import java.nio.file.Path;
import java.util.List;

/**
 * Issue 4's speed and memory figures.
 * <ol>
 *   <li>Synthetic large layers (default 16 × 4096×4096 fp32, 1.07 GB): RTN INT4 block 128 per
 *       weight — read, Rtn.quantize, Packing.qdq, write codes and scales — against one plain
 *       pass reading the same floats and writing them, alternated in the same run.</li>
 *   <li>The shipped model: RTN, int4 awq and mixed awq through Quantizer (32×512 calibration),
 *       each in a fresh JVM for its time and peak resident memory.</li>
 * </ol>
 */
final class QuantBench {
    private static final QuantSpec INT4_B128 = QuantSpec.symmetric(4, 128);
    private static final String[] PHASES = {"read", "Rtn.quantize", "Packing.qdq", "write"};

    private QuantBench() {}

    static void run(Args a) {
        synthetic(a);
        shipped(a);
    }

    static void synthetic(Args a) {
        int layers = a.getInt("layers", 16), dim = a.getInt("dim", 4096), reps = a.getInt("reps", 3);
        Path scratch = a.scratch(), file = SyntheticModel.ensure(scratch, layers, dim, dim);
        Path out = Path.of(a.get("out", scratch.resolve("quant-out.bin").toString())); // e.g. /dev/shm/x: no disk
        double gb = (double) layers * dim * dim * 4 / 1e9;
        try (OnnxModel m = SyntheticModel.open(file)) {
            List<Tensor> ws = m.initializers().values().stream().toList();
            copyPass(ws, out); // warm-up: page cache and JIT for both paths
            quantPass(ws, out, new double[PHASES.length]);
            double[][] phases = new double[reps][PHASES.length];
            int[] rep = {0};
            double[][] times = Stats.alternate("copy", () -> copyPass(ws, out), "RTN int4", () -> quantPass(ws, out, phases[rep[0]++]), reps);
            double[] copy = times[0], quant = times[1], ratio = Stats.ratios(copy, quant);
            new Table(String.format("RTN INT4 b128 vs plain read+write: %d weights %dx%d, %.2f GB fp32, output %s, median of %d", layers, dim, dim, gb, out, reps),
                    "pass", "time", "GB/s (fp32 in)", "ratio to copy")
                    .row("read + write floats (baseline)", Stats.timing(copy), Table.f(gb / Stats.median(copy), 2), "1.00x")
                    .row("read + RTN + pack + write", Stats.timing(quant), Table.f(gb / Stats.median(quant), 2), Table.ratio(Stats.median(ratio)))
                    .print();
            Table t = new Table("Where the RTN pass spends its time (median over reps)", "phase", "seconds", "share");
            double total = 0;
            double[] med = new double[PHASES.length];
            for (int p = 0; p < PHASES.length; p++) {
                double[] v = new double[reps];
                for (int r = 0; r < reps; r++) v[r] = phases[r][p];
                med[p] = Stats.median(v);
                total += med[p];
            }
            for (int p = 0; p < PHASES.length; p++) t.row(PHASES[p], Table.f(med[p], 2), Table.f(100 * med[p] / total, 0) + " %");
            t.print();
            packing(ws.get(0), reps);
        }
        Machine.loadNote("quant synthetic");
    }

    /** The engine's Packing.qdq against the SWAR prototype on one weight's codes (same bytes checked). */
    static void packing(Tensor t, int reps) {
        QuantizedWeight q = Rtn.quantize(t.toFloatArray(), (int) t.dim(0), (int) t.dim(1), INT4_B128);
        if (!java.util.Arrays.equals(Packing.qdq(q).data(), PackNibbles.pack(q.codes())))
            throw new IllegalStateException("the packing prototype's bytes differ from Packing.qdq's");
        int n = Math.max(5, reps);
        double[] engine = new double[n], proto = new double[n], rtn = new double[n];
        for (int r = 0; r < n; r++) {
            engine[r] = Stats.seconds(() -> Packing.qdq(q));
            proto[r] = Stats.seconds(() -> PackNibbles.pack(q.codes()));
            float[] w = t.toFloatArray();
            rtn[r] = Stats.seconds(() -> Rtn.quantize(w, (int) t.dim(0), (int) t.dim(1), INT4_B128));
        }
        new Table("One " + t.dim(0) + "x" + t.dim(1) + " weight: packing, engine vs prototype (same bytes; median of " + n + ")",
                "step", "ms", "ns per weight")
                .row("Rtn.quantize (for scale)", Table.f(1e3 * Stats.median(rtn), 1), Table.f(1e9 * Stats.median(rtn) / q.codes().length, 2))
                .row("Packing.qdq (engine)", Table.f(1e3 * Stats.median(engine), 1), Table.f(1e9 * Stats.median(engine) / q.codes().length, 2))
                .row("PackNibbles.pack (SWAR prototype)", Table.f(1e3 * Stats.median(proto), 1), Table.f(1e9 * Stats.median(proto) / q.codes().length, 2))
                .print();
    }

    /** Reads each weight's floats and writes them out unchanged. */
    static void copyPass(List<Tensor> ws, Path out) {
        try (Sink s = new Sink(out)) {
            for (Tensor t : ws) s.floats(t.toFloatArray());
        }
    }

    /** Reads, quantizes (RTN INT4 b128), packs as QDQ and writes codes and scales; adds each phase's seconds to {@code phases}. */
    static void quantPass(List<Tensor> ws, Path out, double[] phases) {
        try (Sink s = new Sink(out)) {
            for (Tensor t : ws) {
                long t0 = System.nanoTime();
                float[] w = t.toFloatArray();
                long t1 = System.nanoTime();
                QuantizedWeight q = Rtn.quantize(w, (int) t.dim(0), (int) t.dim(1), INT4_B128);
                long t2 = System.nanoTime();
                Packing.QdqWeight p = Packing.qdq(q);
                long t3 = System.nanoTime();
                s.bytes(p.data());
                s.floats(p.scales());
                long t4 = System.nanoTime();
                phases[0] += (t1 - t0) / 1e9;
                phases[1] += (t2 - t1) / 1e9;
                phases[2] += (t3 - t2) / 1e9;
                phases[3] += (t4 - t3) / 1e9;
            }
        }
    }

    /** RTN and AWQ recipes on the shipped model, each in its own JVM (time and peak RSS of that process). */
    static void shipped(Args a) {
        Path model = a.model(), scratch = a.scratch();
        int reps = a.getInt("awq-reps", 1);
        String[] recipes = {"int4 rtn", "int4 awq", "mixed awq"};
        Table t = new Table("Quantizer on " + model + (reps > 1 ? " (median of " + reps + ")" : ""),
                "recipe", "time", "ratio to RTN", "peak RSS MB", "RSS before MB", "peak − before MB", "model MB");
        double rtn = 0;
        for (String r : recipes) {
            double[] secs = new double[reps];
            String[] res = null;
            for (int i = 0; i < reps; i++) {
                res = Child.run("child-quantize", model.toString(), r, scratch.resolve("q-" + r.replace(' ', '-')).toString());
                secs[i] = Double.parseDouble(res[0]);
            }
            double s = Stats.median(secs);
            if (r.equals("int4 rtn")) rtn = s;
            long peak = Long.parseLong(res[1]), before = Long.parseLong(res[2]);
            t.row(r, Table.f(s, 2) + " s", Table.ratio(s / rtn), Table.mb(peak), Table.mb(before), Table.mb(peak - before), Table.mb(Long.parseLong(res[3])));
        }
        t.print();
        Machine.loadNote("quant shipped");
    }

    /** Child: one Quantizer run; RESULT seconds, peak RSS, RSS before, model bytes. */
    static void child(String model, String words, String target) {
        ModelFolder base = ModelFolder.open(Path.of(model));
        System.gc();
        long before = Memory.resident();
        Memory.resetPeak();
        long t0 = System.nanoTime();
        Quantizer.Result r = Models.quantize(base, words, Path.of(target));
        double s = (System.nanoTime() - t0) / 1e9;
        Child.result(Table.f(s, 3), Memory.peakResident(), before, r.modelBytes());
    }
}
