package io.github.colorize.bench;

import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.quantize.ModelQuantizer;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Models and photos the pipeline benchmarks share. */
final class BenchInputs {

  /** Seed of the random weights: every benchmark runs the same network. */
  static final long WEIGHT_SEED = 2016;

  private BenchInputs() {}

  /** eccv16 with 313 logits at {@code width}, random (He-normal) weights. */
  static ModelFile randomEccv16(double width) {
    Eccv16 net = Eccv16.logits(width);
    return ModelFile.of(net, net.randomWeights(WEIGHT_SEED), net.defaultMetadata());
  }

  /**
   * A gray photo with the structure of one (smooth shading, edges, fine noise), so that JPEG
   * coding costs what it costs on a real photo rather than on flat color or white noise.
   */
  static BufferedImage grayPhoto(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    SplittableRandom random = new SplittableRandom(seed);
    double cx = width * 0.4;
    double cy = height * 0.55;
    double r2 = Math.pow(Math.min(width, height) * 0.3, 2);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double shade = 60 + 120.0 * (x + 0.3 * y) / (width + 0.3 * height);
        double dx = x - cx;
        double dy = y - cy;
        double disc = dx * dx + dy * dy < r2 ? 45 : 0;
        double stripes = ((x / Math.max(1, width / 40)) & 1) == 0 ? 8 : -8;
        double v = shade + disc + stripes + random.nextDouble(-6, 6);
        pixels[y * width + x] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
      }
    }
    return image;
  }

  /**
   * {@code model} quantized to int8, calibrated on {@code count} synthetic photos: enough for
   * timing (speed does not depend on the ranges), never for judging quality.
   */
  static ModelFile int8(ModelFile model, int count) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("colorize-calibration");
      for (int i = 0; i < count; i++) {
        ImageIO.write(grayPhoto(320, 240, i), "png", dir.resolve("photo" + i + ".png").toFile());
      }
      return ModelQuantizer.builder().calibration(dir).build().quantize(model);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (dir != null) {
        try (var files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
          Files.delete(dir);
        } catch (IOException e) {
          // A temporary folder left behind costs a few kilobytes.
        }
      }
    }
  }

  /** {@code n} normalized L values in [-0.5, 0.5], as (L - 50) / 100 gives them. */
  static float[] normalizedL(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] data = new float[n];
    for (int i = 0; i < n; i++) {
      data[i] = (float) (random.nextDouble() - 0.5);
    }
    return data;
  }
}
