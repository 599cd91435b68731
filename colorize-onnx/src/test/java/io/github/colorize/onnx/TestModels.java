package io.github.colorize.onnx;

import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.tensor.FloatTensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Models and inputs the backend tests share. */
final class TestModels {

  private TestModels() {}

  /**
   * An eccv16 whose every convolution weight and bias is zero except the head's bias, which is
   * {@code headBias}: every activation before the head is then exactly 0 (ReLU(0) = 0, and the
   * identity BatchNorms map 0 to 0), so the output is the head bias at every pixel.
   */
  static ModelFile constantHead(Eccv16 net, float[] headBias) {
    Map<String, FloatTensor> weights = new LinkedHashMap<>(net.randomWeights(0));
    for (Eccv16.Layer layer : net.layers()) {
      weights.put(layer.name() + ".weight", FloatTensor.zeros(layer.weightShape()));
      weights.put(layer.name() + ".bias", FloatTensor.zeros(layer.out()));
    }
    String head = net.layers().get(net.layers().size() - 1).name();
    weights.put(head + ".bias", FloatTensor.of(headBias.clone(), headBias.length));
    return ModelFile.of(net, weights, net.defaultMetadata());
  }

  /** A random-weight eccv16 model. */
  static ModelFile random(Eccv16 net, long seed) {
    return ModelFile.of(net, net.randomWeights(seed), net.defaultMetadata());
  }

  /** Normalized L values as the pipeline feeds them: (L - 50) / 100 for L in [0, 100]. */
  static FloatTensor input(long seed, int n, int h, int w) {
    Random random = new Random(seed);
    float[] data = new float[n * h * w];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextFloat() - 0.5f;
    }
    return FloatTensor.of(data, n, 1, h, w);
  }

  /** Runs {@code body} and returns what it wrote to System.err (where slf4j-simple logs). */
  static String captureStderr(Runnable body) {
    PrintStream previous = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setErr(previous);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
