package io.github.colorize.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.colorize.Colorizer;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison of {@link ColorizerOverheadBenchmark} (bare session at 224 vs
 * {@code Colorizer.colorize} of 256 x 256) measured in alternating pairs, for machines shared
 * with other work: JMH runs one benchmark after the other, so a load that changes between them
 * skews their ratio, while each pair here runs both within a second. Prints the median of each
 * and the median of the per-pair ratios.
 *
 * <p>Run: {@code java -cp examples/benchmarks/target/benchmarks.jar
 * io.github.colorize.bench.OverheadPairs [pairs] [width] [threads]} (defaults 30, 1.0, 2).
 */
public final class OverheadPairs {

  private OverheadPairs() {}

  public static void main(String[] args) throws OrtException {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    double width = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    ModelFile model = BenchInputs.randomEccv16(width);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[] input = BenchInputs.normalizedL(224 * 224, 7);
    BufferedImage image = BenchInputs.grayPhoto(256, 256, 256);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      try (OrtSession session = env.createSession(model.bytes(), options);
          Colorizer colorizer = Colorizer.builder().model(model).backend("onnx")
              .threads(threads).inputSize(224).build()) {
        for (int i = 0; i < 5; i++) {
          bare(env, session, input);
          colorizer.colorize(image);
        }
        double[] bare = new double[pairs];
        double[] facade = new double[pairs];
        double[] ratio = new double[pairs];
        for (int i = 0; i < pairs; i++) {
          // Alternate which goes first, so neither always follows the other.
          if (i % 2 == 0) {
            bare[i] = time(() -> bare(env, session, input));
            facade[i] = time(() -> colorizer.colorize(image));
          } else {
            facade[i] = time(() -> colorizer.colorize(image));
            bare[i] = time(() -> bare(env, session, input));
          }
          ratio[i] = facade[i] / bare[i];
        }
        System.out.printf(Locale.ROOT, "eccv16 width %s, %d threads, %d pairs:%n", width,
            threads, pairs);
        System.out.printf(Locale.ROOT, "  bare session 224x224     median %8.1f ms%n",
            median(bare));
        System.out.printf(Locale.ROOT, "  Colorizer.colorize 256   median %8.1f ms%n",
            median(facade));
        System.out.printf(Locale.ROOT, "  colorize / bare, median of pair ratios %.3f%n",
            median(ratio));
      }
    }
  }

  private interface Work {
    void run() throws OrtException;
  }

  private static double time(Work work) throws OrtException {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e6;
  }

  private static void bare(OrtEnvironment env, OrtSession session, float[] input)
      throws OrtException {
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input),
            new long[] {1, 1, 224, 224});
        OrtSession.Result result = session.run(Map.of(Eccv16.INPUT, in))) {
      FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] logits = new float[out.remaining()];
      out.get(logits);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
