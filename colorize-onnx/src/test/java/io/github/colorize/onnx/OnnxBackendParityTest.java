package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.tensor.FloatTensor;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our backend against a bare ONNX Runtime session on the same random-weight network. */
class OnnxBackendParityTest {

  private static ModelFile model;
  private static Backend backend;

  @BeforeAll
  static void open() {
    model = TestModels.random(Eccv16.logits(0.25), 2016);
    backend = new OnnxBackendProvider().open(model, BackendOptions.defaults());
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  private static float[] bareOrt(FloatTensor input) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model.bytes(), options);
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.data()),
            input.longShape());
        OrtSession.Result result = session.run(Map.of("l", in))) {
      FloatBuffer out = ((OnnxTensor) result.get("logits").orElseThrow()).getFloatBuffer();
      float[] data = new float[out.remaining()];
      out.get(data);
      return data;
    }
  }

  @Test
  void logitsEqualABareSessionBitForBit() throws OrtException {
    for (int[] size : new int[][] {{64, 64}, {48, 80}}) {
      FloatTensor input = TestModels.input(size[0] * 31 + size[1], 2, size[0], size[1]);
      FloatTensor ours = backend.run(input);
      float[] bare = bareOrt(input);
      assertThat(ours.shape()).containsExactly(2, 313, size[0] / 4, size[1] / 4);
      assertThat(ours.maxAbs()).isGreaterThan(0.1f).isFinite();
      assertThat(ours.data()).containsExactly(bare);
    }
  }

  @Test
  void concurrentRunsGiveTheSerialResults() throws Exception {
    int threads = 8;
    int perThread = 3;
    List<FloatTensor> inputs = new ArrayList<>();
    List<FloatTensor> serial = new ArrayList<>();
    for (int i = 0; i < threads * perThread; i++) {
      FloatTensor input = TestModels.input(1000 + i, 1, 48 + 8 * (i % 3), 64);
      inputs.add(input);
      serial.add(backend.run(input));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<FloatTensor>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t * perThread;
        futures.add(pool.submit(() -> {
          List<FloatTensor> out = new ArrayList<>();
          for (int i = first; i < first + perThread; i++) {
            out.add(backend.run(inputs.get(i)));
          }
          return out;
        }));
      }
      for (int t = 0; t < threads; t++) {
        List<FloatTensor> out = futures.get(t).get(2, TimeUnit.MINUTES);
        for (int k = 0; k < perThread; k++) {
          assertThat(out.get(k)).isEqualTo(serial.get(t * perThread + k));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
