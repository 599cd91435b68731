package io.github.colorize.onnx;

import io.github.colorize.color.CieLab;
import io.github.colorize.color.Lab;
import io.github.colorize.color.Rgb;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;

/** Images and Lab checks the Colorizer tests share. */
final class FacadeImages {

  private FacadeImages() {}

  /**
   * A gray picture with structure (a ramp, a disc, some noise) whose values stay in
   * [{@code lo}, {@code hi}], as the given BufferedImage type (RGB or ARGB; ARGB gets an alpha
   * ramp).
   */
  static BufferedImage gray(int width, int height, int lo, int hi, int type, long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, type);
    boolean alpha = image.getColorModel().hasAlpha();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double ramp = (x + 0.5 * y) / (width + 0.5 * height);
        double dx = x - width / 3.0;
        double dy = y - height / 2.0;
        double disc = dx * dx + dy * dy < width * height / 12.0 ? 0.25 : 0;
        double v = Math.min(1, ramp * 0.7 + disc + random.nextDouble() * 0.05);
        int g = lo + (int) Math.round(v * (hi - lo));
        int a = alpha ? (x * 255 / Math.max(1, width - 1)) : 255;
        image.setRGB(x, y, a << 24 | g * 0x010101);
      }
    }
    return image;
  }

  /**
   * Fails naming the first element where the arrays differ. (AssertJ's containsExactly takes
   * seconds on arrays of 10^5 elements; this is linear.)
   */
  static void assertSameFloats(float[] actual, float[] expected, String what) {
    int at = Arrays.mismatch(actual, expected);
    if (at >= 0) {
      throw new AssertionError(what + ": arrays of " + actual.length + " and " + expected.length
          + " values differ first at index " + at + ": "
          + (at < actual.length ? actual[at] : "(end)") + " vs "
          + (at < expected.length ? expected[at] : "(end)"));
    }
  }

  /** As {@link #assertSameFloats} for pixels. */
  static void assertSamePixels(int[] actual, int[] expected, String what) {
    int at = Arrays.mismatch(actual, expected);
    if (at >= 0) {
      throw new AssertionError(what + ": " + actual.length + " and " + expected.length
          + " pixels differ first at index " + at + ": "
          + (at < actual.length ? Integer.toHexString(actual[at]) : "(end)") + " vs "
          + (at < expected.length ? Integer.toHexString(expected[at]) : "(end)"));
    }
  }

  /** All pixels of an image, row-major. */
  static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  /** Whether Lab (l, a, b) lies inside the sRGB gamut (Lab to sRGB to Lab gives it back). */
  static boolean inGamut(double l, double a, double b) {
    Rgb rgb = CieLab.toSrgb(new Lab(l, a, b));
    Lab back = CieLab.fromSrgb(rgb);
    return Math.abs(back.l() - l) < 1e-6 && Math.abs(back.a() - a) < 1e-6
        && Math.abs(back.b() - b) < 1e-6;
  }
}
