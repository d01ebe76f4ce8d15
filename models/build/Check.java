// Development check (not part of the Maven build): runs models/tiny-kjv/model.onnx in
// onnxruntime and compares with reference.json written by export.py.
//   java -cp onnxruntime-1.29.0.jar models/build/Check.java models/tiny-kjv
// (a) each prompt in one pass with an empty cache, (b) token by token feeding present.* back,
// (c) a batch of 2 prompts (right-padded, attention_mask 0 on padding),
// (d) the first 1024-token window of val.ids.txt: mean NLL vs reference first_window.nll_mean.
import ai.onnxruntime.*;
import java.nio.*;
import java.nio.file.*;
import java.util.*;

public class Check {
    static final int L = 8, KV = 2, HD = 64, V = 4096;

    // ---- minimal JSON parser (objects -> Map, arrays -> List, numbers -> Double)
    static String s; static int p;
    static Object parse(String text) { s = text; p = 0; return val(); }
    static void ws() { while (p < s.length() && Character.isWhitespace(s.charAt(p))) p++; }
    static Object val() {
        ws(); char c = s.charAt(p);
        if (c == '{') { p++; Map<String, Object> m = new LinkedHashMap<>(); ws();
            if (s.charAt(p) == '}') { p++; return m; }
            while (true) { ws(); String k = (String) val(); ws(); p++; m.put(k, val()); ws(); if (s.charAt(p++) == '}') return m; } }
        if (c == '[') { p++; List<Object> l = new ArrayList<>(); ws();
            if (s.charAt(p) == ']') { p++; return l; }
            while (true) { l.add(val()); ws(); if (s.charAt(p++) == ']') return l; } }
        if (c == '"') { p++; StringBuilder b = new StringBuilder();
            while (s.charAt(p) != '"') { char d = s.charAt(p++);
                if (d == '\\') { char e = s.charAt(p++);
                    switch (e) { case 'n': b.append('\n'); break; case 't': b.append('\t'); break;
                        case 'u': b.append((char) Integer.parseInt(s.substring(p, p + 4), 16)); p += 4; break;
                        default: b.append(e); } }
                else b.append(d); }
            p++; return b.toString(); }
        if (s.startsWith("true", p)) { p += 4; return true; }
        if (s.startsWith("false", p)) { p += 5; return false; }
        if (s.startsWith("null", p)) { p += 4; return null; }
        int st = p; while (p < s.length() && "+-0123456789.eE".indexOf(s.charAt(p)) >= 0) p++;
        return Double.parseDouble(s.substring(st, p));
    }

    static OrtEnvironment env;
    static OrtSession sess;

    /** Runs the model; returns logits [B][S][V] and fills presents. */
    static float[][][] run(long[][] ids, long[][] mask, long[][] pos, OnnxTensor[] past, OnnxTensor[] presentOut, List<OrtSession.Result> keep) throws Exception {
        Map<String, OnnxTensor> in = new HashMap<>();
        in.put("input_ids", OnnxTensor.createTensor(env, ids));
        in.put("attention_mask", OnnxTensor.createTensor(env, mask));
        in.put("position_ids", OnnxTensor.createTensor(env, pos));
        for (int i = 0; i < L; i++) {
            in.put("past_key_values." + i + ".key", past[2 * i]);
            in.put("past_key_values." + i + ".value", past[2 * i + 1]);
        }
        OrtSession.Result r = sess.run(in);
        keep.add(r);
        for (int i = 0; i < L; i++) {
            presentOut[2 * i] = (OnnxTensor) r.get("present." + i + ".key").get();
            presentOut[2 * i + 1] = (OnnxTensor) r.get("present." + i + ".value").get();
        }
        return (float[][][]) r.get("logits").get().getValue();
    }

    static OnnxTensor[] emptyPast(int b) throws Exception {
        OnnxTensor[] t = new OnnxTensor[2 * L];
        for (int i = 0; i < 2 * L; i++) t[i] = OnnxTensor.createTensor(env, FloatBuffer.allocate(0), new long[]{b, KV, 0, HD});
        return t;
    }

    static double cmp(float[] logits, List<Object> top) {
        double m = 0;
        for (Object o : top) {
            Map<?, ?> e = (Map<?, ?>) o;
            int id = ((Double) e.get("id")).intValue();
            m = Math.max(m, Math.abs(logits[id] - (Double) e.get("logit")));
        }
        int am = 0; for (int j = 1; j < V; j++) if (logits[j] > logits[am]) am = j;
        int refTop = ((Double) ((Map<?, ?>) top.get(0)).get("id")).intValue();
        if (am != refTop) System.out.println("  argmax differs: ort " + am + " ref " + refTop);
        return m;
    }

    public static void main(String[] a) throws Exception {
        Path dir = Paths.get(a[0]);
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(1);
        sess = env.createSession(dir.resolve("model.onnx").toString(), so);
        Map<?, ?> ref = (Map<?, ?>) parse(Files.readString(dir.resolve("reference.json")));
        List<?> prompts = (List<?>) ref.get("prompts");
        double maxA = 0, maxB = 0, maxAB = 0, maxC = 0;
        List<long[]> allIds = new ArrayList<>();
        List<float[][]> onePass = new ArrayList<>();
        for (Object po : prompts) {
            Map<?, ?> pr = (Map<?, ?>) po;
            List<?> idl = (List<?>) pr.get("ids");
            List<?> top = (List<?>) pr.get("top_logits");
            int n = idl.size();
            long[] ids = new long[n]; for (int i = 0; i < n; i++) ids[i] = ((Double) idl.get(i)).longValue();
            allIds.add(ids);
            long[][] mask = new long[1][n]; long[][] pos = new long[1][n];
            for (int i = 0; i < n; i++) { mask[0][i] = 1; pos[0][i] = i; }
            List<OrtSession.Result> keep = new ArrayList<>();
            OnnxTensor[] pres = new OnnxTensor[2 * L];
            float[][][] lg = run(new long[][]{ids}, mask, pos, emptyPast(1), pres, keep);
            onePass.add(lg[0]);
            double da = 0; for (int i = 0; i < n; i++) da = Math.max(da, cmp(lg[0][i], (List<Object>) top.get(i)));
            // (b) token by token
            OnnxTensor[] past = emptyPast(1);
            double db = 0, dab = 0;
            for (int t = 0; t < n; t++) {
                long[][] m2 = new long[1][t + 1]; Arrays.fill(m2[0], 1);
                OnnxTensor[] nxt = new OnnxTensor[2 * L];
                float[][][] l1 = run(new long[][]{{ids[t]}}, m2, new long[][]{{t}}, past, nxt, keep);
                db = Math.max(db, cmp(l1[0][0], (List<Object>) top.get(t)));
                for (int j = 0; j < V; j++) dab = Math.max(dab, Math.abs(l1[0][0][j] - lg[0][t][j]));
                past = nxt;
            }
            System.out.printf("prompt %d (%d tokens): one-pass vs torch %.3g, incremental vs torch %.3g, one-pass vs incremental (all %d logits) %.3g%n",
                    prompts.indexOf(po), n, da, db, V, dab);
            maxA = Math.max(maxA, da); maxB = Math.max(maxB, db); maxAB = Math.max(maxAB, dab);
        }
        // (c) batch of 2, right-padded with attention_mask 0
        long[] p0 = allIds.get(0), p1 = allIds.get(1);
        int n = Math.max(p0.length, p1.length);
        long[][] ids = new long[2][n], mask = new long[2][n], pos = new long[2][n];
        for (int b = 0; b < 2; b++) { long[] src = b == 0 ? p0 : p1;
            for (int i = 0; i < n; i++) { ids[b][i] = i < src.length ? src[i] : 4095; mask[b][i] = i < src.length ? 1 : 0; pos[b][i] = i; } }
        float[][][] lb = run(ids, mask, pos, emptyPast(2), new OnnxTensor[2 * L], new ArrayList<>());
        for (int b = 0; b < 2; b++) { long[] src = b == 0 ? p0 : p1;
            for (int i = 0; i < src.length; i++) for (int j = 0; j < V; j++) maxC = Math.max(maxC, Math.abs(lb[b][i][j] - onePass.get(b)[i][j])); }
        System.out.printf("batch of 2 (right-padded) vs single one-pass: %.3g%n", maxC);
        // (d) first 1024-token window of val
        String[] tk = Files.readString(dir.resolve("data/val.ids.txt")).trim().split("\\s+");
        int W = 1024;
        long[][] w = new long[1][W], wm = new long[1][W], wp = new long[1][W];
        for (int i = 0; i < W; i++) { w[0][i] = Long.parseLong(tk[i]); wm[0][i] = 1; wp[0][i] = i; }
        long t0 = System.nanoTime();
        float[][][] lw = run(w, wm, wp, emptyPast(1), new OnnxTensor[2 * L], new ArrayList<>());
        double ms = (System.nanoTime() - t0) / 1e6;
        double nll = 0;
        for (int i = 0; i < W - 1; i++) {
            float[] r = lw[0][i]; double mx = Double.NEGATIVE_INFINITY; for (float f : r) mx = Math.max(mx, f);
            double se = 0; for (float f : r) se += Math.exp(f - mx);
            nll += -(r[(int) w[0][i + 1]] - mx - Math.log(se));
        }
        nll /= (W - 1);
        double refNll = (Double) ((Map<?, ?>) ref.get("first_window")).get("nll_mean");
        System.out.printf("window 1024: ort nll %.7f torch nll %.7f diff %.3g (%.0f ms)%n", nll, refNll, Math.abs(nll - refNll), ms);
        System.out.printf("MAX one-pass %.3g incremental %.3g onepass-vs-incremental %.3g batch2 %.3g%n", maxA, maxB, maxAB, maxC);
        boolean ok = maxA < 1e-4 && maxB < 1e-4 && Math.abs(nll - refNll) < 1e-4;
        System.out.println(ok ? "OK" : "MISMATCH");
        System.exit(ok ? 0 : 1);
    }
}
