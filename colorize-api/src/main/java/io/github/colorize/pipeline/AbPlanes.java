package io.github.colorize.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import java.util.Objects;

/**
 * Predicted a and b planes of one image, {@code width * height} floats each, row-major, in CIE Lab
 * units. The arrays are shared, not copied.
 *
 * @param width columns
 * @param height rows
 * @param a the a plane
 * @param b the b plane
 */
public record AbPlanes(int width, int height, float[] a, float[] b) {

  public AbPlanes {
    checkArgument(width > 0 && height > 0, "size %sx%s, expected both > 0", width, height);
    checkNotNull(a, "a");
    checkNotNull(b, "b");
    checkArgument((long) width * height == a.length && a.length == b.length,
        "a holds %s and b %s values, expected %sx%s = %s each", a.length, b.length, width,
        height, (long) width * height);
  }

  /** {@code width * height}. */
  public int pixelCount() {
    return a.length;
  }

  // Records compare arrays by identity; planes are values, so compare their contents.
  @Override
  public boolean equals(Object o) {
    return o instanceof AbPlanes p && width == p.width && height == p.height
        && Arrays.equals(a, p.a) && Arrays.equals(b, p.b);
  }

  @Override
  public int hashCode() {
    return Objects.hash(width, height, Arrays.hashCode(a), Arrays.hashCode(b));
  }

  @Override
  public String toString() {
    return "AbPlanes[" + width + "x" + height + "]";
  }
}
