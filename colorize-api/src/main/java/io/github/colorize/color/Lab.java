package io.github.colorize.color;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One CIE Lab color (D65 white).
 *
 * @param l lightness, 0 (black) to 100 (white) for colors inside the sRGB gamut
 * @param a green (negative) to red (positive)
 * @param b blue (negative) to yellow (positive)
 */
public record Lab(double l, double a, double b) {

  public Lab {
    checkArgument(Double.isFinite(l) && Double.isFinite(a) && Double.isFinite(b),
        "Lab color (%s, %s, %s) is not finite, expected finite L, a and b", l, a, b);
  }

  /** The Euclidean distance to {@code other} in Lab (CIE76 delta E). */
  public double distanceTo(Lab other) {
    double dl = l - other.l;
    double da = a - other.a;
    double db = b - other.b;
    return Math.sqrt(dl * dl + da * da + db * db);
  }
}
