package dev.nibble.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model written by nibble runs in onnxruntime and gives exactly the original's outputs. */
class OrtRunTest {
    @TempDir Path dir;

    static float[] run(Path model, float[] x, int batch) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            o.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            try (OrtSession s = env.createSession(model.toString(), o);
                 OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {batch, TestModels.K});
                 OrtSession.Result r = s.run(Map.of("x", in))) {
                OnnxTensor y = (OnnxTensor) r.get(0);
                assertArrayEquals(new long[] {batch, TestModels.N}, y.getInfo().getShape());
                FloatBuffer fb = y.getFloatBuffer();
                float[] out = new float[fb.remaining()];
                fb.get(out);
                return out;
            }
        }
    }

    @Test
    void writtenModelRunsWithIdenticalOutputs() throws Exception {
        Path orig = TestModels.save(TestModels.mlp(7), dir.resolve("orig.onnx"));
        Path out = dir.resolve("nibble.onnx");
        try (OnnxModel m = OnnxModel.load(orig)) {
            m.write(out);
        }
        int batch = 5;
        float[] x = new float[batch * TestModels.K];
        Random r = new Random(11);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        float[] want = run(orig, x, batch), got = run(out, x, batch);
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++)
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), "output " + i);
    }
}
