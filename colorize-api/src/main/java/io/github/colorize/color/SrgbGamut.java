package io.github.colorize.color;

/**
 * Lab to 8-bit sRGB that keeps lightness: a Lab color outside the sRGB gamut has its chroma
 * reduced (a and b scaled toward 0, hue kept) until it fits, instead of its RGB channels being
 * clipped, which would change its L. A colorizer predicts only a and b, so the L a user sees must
 * stay the photo's own.
 */
public final class SrgbGamut {

  /** Linear RGB this far outside [0, 1] still counts as inside (rounding to 8 bits hides it). */
  private static final double TOLERANCE = 1e-4;
  /** Bisection steps on the chroma scale: within 1/128 of the chroma, about one 8-bit step. */
  private static final int STEPS = 7;

  private SrgbGamut() {}

  /**
   * Converts L, a and b planes to packed opaque 8-bit pixels; out-of-gamut colors keep their L
   * and hue and lose chroma. In-gamut colors give exactly {@link CieLab#toArgb(float[], float[],
   * float[], int[])}'s pixels.
   *
   * @throws IllegalArgumentException if the planes differ in length or hold a non-finite value
   */
  public static void toArgb(float[] l, float[] a, float[] b, int[] argb) {
    CieLab.toArgb(l, a, b, argb); // validates the planes
    ParallelLoop.forRange(argb.length, CieLab.GRAIN, (from, to) -> fitRange(l, a, b, argb, from,
        to));
  }

  /**
   * Converts L, a and b planes to float sRGB planes (gamma-encoded, in [0, 1]) that keep L as
   * {@link #toArgb} does: out-of-gamut colors lose chroma, never lightness. For outputs deeper
   * than 8 bits.
   *
   * @throws IllegalArgumentException if the planes differ in length or hold a non-finite value
   */
  public static void toSrgb(float[] l, float[] a, float[] b, float[] red, float[] green,
      float[] blue) {
    CieLab.toSrgb(l, a, b, red, green, blue); // validates the planes
    ParallelLoop.forRange(l.length, CieLab.GRAIN, (from, to) -> {
      for (int i = from; i < to; i++) {
        // Only a channel at 0 or 1 can have been clipped.
        if (atBound(red[i]) || atBound(green[i]) || atBound(blue[i])) {
          double scale = chromaScale(l[i], a[i], b[i]);
          if (scale < 1) {
            Rgb rgb = CieLab.toSrgb(new Lab(l[i], a[i] * scale, b[i] * scale));
            red[i] = (float) rgb.red();
            green[i] = (float) rgb.green();
            blue[i] = (float) rgb.blue();
          }
        }
      }
    });
  }

  private static boolean atBound(float channel) {
    return channel <= 0f || channel >= 1f;
  }

  /** Refits the clipped pixels of [from, to) with their chroma scaled into the gamut. */
  private static void fitRange(float[] l, float[] a, float[] b, int[] argb, int from, int to) {
    for (int i = from; i < to; i++) {
      // Only a pixel with a channel at 0 or 255 can have been clipped: a cheap filter.
      if (touchesBound(argb[i])) {
        double scale = chromaScale(l[i], a[i], b[i]);
        if (scale < 1) {
          argb[i] = CieLab.toArgb8(l[i], (float) (a[i] * scale), (float) (b[i] * scale));
        }
      }
    }
  }

  /**
   * The largest factor in [0, 1] by which a and b can be multiplied so that (L, a, b) lies in the
   * sRGB gamut (1 if it already does). L must be in [0, 100], where gray always fits.
   */
  public static double chromaScale(double l, double a, double b) {
    if (inside(l, a, b)) {
      return 1;
    }
    double lo = 0;
    double hi = 1;
    for (int step = 0; step < STEPS; step++) {
      double mid = (lo + hi) / 2;
      if (inside(l, a * mid, b * mid)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Whether (L, a, b) is an sRGB color (within rounding). */
  public static boolean inside(double l, double a, double b) {
    return CieLab.inSrgbGamut(l, a, b, TOLERANCE);
  }

  private static boolean touchesBound(int argb) {
    for (int shift = 0; shift <= 16; shift += 8) {
      int c = (argb >>> shift) & 0xFF;
      if (c == 0 || c == 0xFF) {
        return true;
      }
    }
    return false;
  }
}
