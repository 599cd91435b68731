package io.github.colorize.dl4j;

import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelMetadata;
import io.github.colorize.tensor.FloatTensor;
import java.util.Map;
import java.util.Random;

/** eccv16 model files with random weights, including non-trivial BatchNorm statistics. */
final class Eccv16Fixtures {

  private Eccv16Fixtures() {}

  /** Random He-normal weights, small random biases, random BatchNorm scale/bias/mean/var. */
  static Map<String, FloatTensor> weights(Eccv16 net, long seed) {
    Map<String, FloatTensor> w = net.randomWeights(seed);
    Random r = new Random(seed + 1);
    for (Map.Entry<String, FloatTensor> e : w.entrySet()) {
      String name = e.getKey();
      float[] d = e.getValue().data();
      if (name.endsWith(".scale")) {
        fill(d, r, 0.5, 1.5);
      } else if (name.endsWith(".mean")) {
        fill(d, r, 0.0, 1.0);
      } else if (name.endsWith(".var")) {
        fill(d, r, 0.5, 2.0);
      } else if (name.endsWith(".bias")) {
        fill(d, r, -0.1, 0.1);
      }
    }
    return w;
  }

  private static void fill(float[] d, Random r, double lo, double hi) {
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }
  }

  static ModelFile model(Eccv16 net, long seed) {
    return ModelFile.of(net, weights(net, seed), ModelMetadata.paperDefaults());
  }

  /** Normalized L planes in [-0.5, 0.5] with some structure. */
  static FloatTensor input(int n, int h, int w, long seed) {
    Random r = new Random(seed);
    float[] d = new float[n * h * w];
    for (int i = 0; i < d.length; i++) {
      int y = (i / w) % h;
      int x = i % w;
      d[i] = (float) (0.3 * Math.sin(x * 0.11 + y * 0.07) + 0.2 * (r.nextDouble() - 0.5));
    }
    return FloatTensor.of(d, n, 1, h, w);
  }
}
