package io.github.colorize.color;

/**
 * The CIE Lab companding function {@code f(t)} (a cube root above (6/29)^3, a straight line below)
 * and its inverse, exact in double precision and fast in float for the image kernels.
 *
 * <p>The fast {@code f} replaces {@code Math.cbrt} (tens of nanoseconds) by linear interpolation in
 * a table of cube roots indexed by the float's exponent and top 9 mantissa bits: cells of relative
 * width 2^-9, interpolation error below 2e-7 relative, no division. The kernels use plain
 * comparisons rather than {@code Math.min}/{@code Math.max}, which cost several instructions each
 * on floats (measured: a third slower for the whole sRGB to Lab conversion).
 */
final class LabCurve {

  /** 6/29: the CIE constant where the cube root meets the straight line, in f-space. */
  static final double DELTA = 6.0 / 29.0;
  /** (6/29)^3, the same point in t-space. */
  static final double EPSILON = DELTA * DELTA * DELTA;
  /** Slope of the straight part, 1 / (3 delta^2). */
  static final double SLOPE = 1 / (3 * DELTA * DELTA);
  /** Intercept of the straight part, 4/29. */
  static final double INTERCEPT = 4.0 / 29.0;

  private static final int MANTISSA_BITS = 9;
  private static final int SHIFT = 23 - MANTISSA_BITS;
  /** The table spans [2^-7, 2): 2^-7 is below EPSILON, and t stays below 2 for sRGB in [0, 1]. */
  private static final float LOW = 0x1p-7f;
  private static final int BASE = Float.floatToRawIntBits(LOW) >> SHIFT;
  private static final float[] CUBE_ROOTS =
      new float[(Float.floatToRawIntBits(2f) >> SHIFT) - BASE + 1];
  private static final float FRACTION = 1f / (1 << SHIFT);
  private static final float EPSILON_F = (float) EPSILON;
  private static final float SLOPE_F = (float) SLOPE;
  private static final float INTERCEPT_F = (float) INTERCEPT;
  private static final float DELTA_F = (float) DELTA;
  private static final float INVERSE_SLOPE_F = (float) (1 / SLOPE);

  static {
    for (int i = 0; i < CUBE_ROOTS.length; i++) {
      CUBE_ROOTS[i] = (float) Math.cbrt(Float.intBitsToFloat((i + BASE) << SHIFT));
    }
  }

  private LabCurve() {}

  /** f(t) in double precision. */
  static double f(double t) {
    return t > EPSILON ? Math.cbrt(t) : SLOPE * t + INTERCEPT;
  }

  /** The inverse of f in double precision. */
  static double inverse(double f) {
    return f > DELTA ? f * f * f : (f - INTERCEPT) / SLOPE;
  }

  /** f(t) for the image kernels; t must be below 2 (it is at most ~1 for sRGB in [0, 1]). */
  static float fastF(float t) {
    if (t > EPSILON_F) {
      int bits = Float.floatToRawIntBits(t);
      int i = (bits >> SHIFT) - BASE;
      float frac = (bits & ((1 << SHIFT) - 1)) * FRACTION;
      float lo = CUBE_ROOTS[i];
      return lo + (CUBE_ROOTS[i + 1] - lo) * frac;
    }
    return SLOPE_F * t + INTERCEPT_F;
  }

  /** The inverse of f for the image kernels. */
  static float fastInverse(float f) {
    return f > DELTA_F ? f * f * f : (f - INTERCEPT_F) * INVERSE_SLOPE_F;
  }
}
