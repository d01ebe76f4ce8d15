package dev.nibble.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Test models and the float64 reference arithmetic the tests compare against. */
final class Fakes {
    private Fakes() {
    }

    /**
     * A causal fake: the logits at position p are pseudo-random numbers seeded by a hash of
     * ids[0..p] (the window's own prefix), so the same token predicted from different
     * windows gets different logits, as in a real model. Records every call's length.
     */
    static final class HashModel implements LogitsModel {
        final int vocab;
        final long seed;
        final List<Integer> calls = new ArrayList<>();

        HashModel(int vocab, long seed) {
            this.vocab = vocab;
            this.seed = seed;
        }

        @Override
        public int vocabSize() {
            return vocab;
        }

        @Override
        public float[][] forward(int[] ids) {
            calls.add(ids.length);
            float[][] logits = new float[ids.length][vocab];
            long h = seed;
            for (int p = 0; p < ids.length; p++) {
                h = h * 1_000_003L + ids[p] + 17;
                SplittableRandom random = new SplittableRandom(h);
                for (int v = 0; v < vocab; v++) {
                    logits[p][v] = (float) (random.nextGaussian() * 3);
                }
            }
            return logits;
        }
    }

    /** A model whose row p is {@code rows[p]} whatever the tokens. */
    static LogitsModel fixedRows(float[][] rows) {
        return new LogitsModel() {
            @Override
            public int vocabSize() {
                return rows[0].length;
            }

            @Override
            public float[][] forward(int[] ids) {
                float[][] out = new float[ids.length][];
                for (int p = 0; p < ids.length; p++) {
                    out[p] = rows[p].clone();
                }
                return out;
            }
        };
    }

    /** log-softmax of one row, straight from the definition, all in double. */
    static double[] logSoftmax(float[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : row) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (float x : row) {
            sum += Math.exp(x - max);
        }
        double lse = max + Math.log(sum);
        double[] out = new double[row.length];
        for (int v = 0; v < row.length; v++) {
            out[v] = row[v] - lse;
        }
        return out;
    }

    /** The logits row {@code model} gives for target t in a window that starts at {@code start}. */
    static float[] rowFor(LogitsModel model, int[] ids, int start, int target) {
        float[][] logits = model.forward(Arrays.copyOfRange(ids, start, target));
        return logits[logits.length - 1];
    }

    static int[] tokens(int n, int vocab, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(vocab);
        }
        return ids;
    }
}
