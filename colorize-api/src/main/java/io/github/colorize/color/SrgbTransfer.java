package io.github.colorize.color;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The sRGB transfer curve of IEC 61966-2-1: gamma-encoded values to linear light and back.
 *
 * <p>Decoding is linear below 0.04045 ({@code c / 12.92}) and {@code ((c + 0.055) / 1.055)^2.4}
 * above; encoding is its inverse with the threshold 0.0031308. The public methods compute in double
 * precision; the package-private kernels behind {@link CieLab}'s image conversions use tables:
 * exact for 8-bit values, and within about 1e-7 of the double-precision curve for floats.
 */
public final class SrgbTransfer {

  /** Encoded value below which decoding is linear. */
  public static final double DECODE_THRESHOLD = 0.04045;
  /** Linear value below which encoding is linear. */
  public static final double ENCODE_THRESHOLD = 0.0031308;

  /** Linear light of each 8-bit value. */
  private static final float[] LINEAR_OF_8BIT = new float[256];

  /*
   * Exact linear -> 8-bit encoding. THRESHOLD[k] is the smallest float >= the linear value of the
   * encoded midpoint (k + 0.5) / 255, so that for a float x, "x >= THRESHOLD[k]" is exactly
   * "x >= the real midpoint". A table indexed by the float's exponent and top mantissa bits gives
   * the 8-bit value at the start of each cell; the cells are narrow enough (checked below) that at
   * most one midpoint falls inside, so one comparison finishes the job.
   */
  private static final float[] THRESHOLD = new float[256];
  private static final int ENCODE_MANTISSA_BITS = 8;
  private static final int ENCODE_SHIFT = 23 - ENCODE_MANTISSA_BITS;
  /** Cells start at 2^-13 (everything below encodes to 0) and end at 2 (everything above is 255). */
  private static final int ENCODE_BASE = Float.floatToRawIntBits(0x1p-13f) >> ENCODE_SHIFT;
  private static final int ENCODE_CELLS =
      (Float.floatToRawIntBits(2f) >> ENCODE_SHIFT) - ENCODE_BASE;
  private static final byte[] ENCODE_CELL_START = new byte[ENCODE_CELLS];

  /*
   * Float curves for 16-bit images, by linear interpolation in tables: decoding on a uniform grid
   * of 65535 steps (16-bit inputs fall on the nodes), encoding on a grid uniform in each octave
   * (relative spacing 2^-9, interpolation error ~1e-7) from 2^-9 to 1, exact straight line below.
   */
  private static final int DECODE_STEPS = 65535;
  private static final float[] DECODE_NODES = new float[DECODE_STEPS + 2];
  private static final int ENCODE_F_MANTISSA_BITS = 9;
  private static final int ENCODE_F_SHIFT = 23 - ENCODE_F_MANTISSA_BITS;
  private static final float ENCODE_F_LOW = 0x1p-9f;
  private static final int ENCODE_F_BASE = Float.floatToRawIntBits(ENCODE_F_LOW) >> ENCODE_F_SHIFT;
  private static final float[] ENCODE_F_NODES =
      new float[(Float.floatToRawIntBits(1f) >> ENCODE_F_SHIFT) - ENCODE_F_BASE + 1];
  private static final float ENCODE_F_FRACTION = 1f / (1 << ENCODE_F_SHIFT);

  static {
    for (int v = 0; v < 256; v++) {
      LINEAR_OF_8BIT[v] = (float) decodeCurve(v / 255.0);
    }
    for (int k = 0; k < 255; k++) {
      double midpoint = decodeCurve((k + 0.5) / 255);
      float t = (float) midpoint;
      THRESHOLD[k] = t < midpoint ? Math.nextUp(t) : t;
    }
    THRESHOLD[255] = Float.POSITIVE_INFINITY;
    for (int cell = 0; cell < ENCODE_CELLS; cell++) {
      float lo = Float.intBitsToFloat((cell + ENCODE_BASE) << ENCODE_SHIFT);
      float hi = Float.intBitsToFloat((cell + 1 + ENCODE_BASE) << ENCODE_SHIFT);
      int v = 0;
      while (lo >= THRESHOLD[v]) {
        v++;
      }
      // A second midpoint inside [lo, hi) would need two comparisons: the grid must prevent it.
      if (v < 255 && THRESHOLD[v + 1] < hi) {
        throw new IllegalStateException("sRGB encoding table cell " + cell + " holds two midpoints");
      }
      ENCODE_CELL_START[cell] = (byte) v;
    }
    for (int i = 0; i < DECODE_NODES.length; i++) {
      DECODE_NODES[i] = (float) decodeCurve(Math.min(1.0, i / (double) DECODE_STEPS));
    }
    for (int i = 0; i < ENCODE_F_NODES.length; i++) {
      ENCODE_F_NODES[i] =
          (float) encodeCurve(Float.intBitsToFloat((i + ENCODE_F_BASE) << ENCODE_F_SHIFT));
    }
  }

  private SrgbTransfer() {}

  /**
   * Linear light of a gamma-encoded value.
   *
   * @param encoded the sRGB value, in [0, 1]
   */
  public static double toLinear(double encoded) {
    checkArgument(encoded >= 0 && encoded <= 1, "encoded sRGB value is %s, expected in [0, 1]",
        encoded);
    return decodeCurve(encoded);
  }

  /**
   * Gamma-encoded value of a linear light value.
   *
   * @param linear the linear value, in [0, 1]
   */
  public static double toEncoded(double linear) {
    checkArgument(linear >= 0 && linear <= 1, "linear value is %s, expected in [0, 1]", linear);
    return encodeCurve(linear);
  }

  /** The decoding curve, unchecked. */
  static double decodeCurve(double encoded) {
    return encoded <= DECODE_THRESHOLD
        ? encoded / 12.92
        : Math.pow((encoded + 0.055) / 1.055, 2.4);
  }

  /** The encoding curve, unchecked. */
  static double encodeCurve(double linear) {
    return linear <= ENCODE_THRESHOLD
        ? linear * 12.92
        : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
  }

  /**
   * Linear light of an 8-bit sRGB value (a table lookup).
   *
   * @param value the 8-bit value, in [0, 255]
   */
  public static float toLinear8(int value) {
    checkArgument(value >= 0 && value <= 255, "8-bit sRGB value is %s, expected in [0, 255]",
        value);
    return LINEAR_OF_8BIT[value];
  }

  /**
   * The 8-bit sRGB value nearest (in encoded space) to a linear value, exactly: the value {@code v}
   * with {@code v - 0.5 <= 255 * encode(linear) < v + 0.5} in real arithmetic. Values outside [0,
   * 1] clip to 0 or 255.
   *
   * @param linear the linear value, finite
   */
  public static int toSrgb8(float linear) {
    checkArgument(Float.isFinite(linear), "linear value is %s, expected a finite value", linear);
    return encode8(linear);
  }

  /** The table of {@link #toLinear8}, shared with the image kernels (do not modify). */
  static float[] linearOf8Bit() {
    return LINEAR_OF_8BIT;
  }

  /** {@link #toSrgb8} without the check; NaN gives 0 or 255. */
  static int encode8(float linear) {
    int cell = (Float.floatToRawIntBits(linear) >> ENCODE_SHIFT) - ENCODE_BASE;
    // Negative floats have negative bit patterns: they land in cell 0 and stay 0.
    cell = Math.max(0, Math.min(cell, ENCODE_CELLS - 1));
    int v = ENCODE_CELL_START[cell] & 0xFF;
    return linear >= THRESHOLD[v] ? v + 1 : v;
  }

  /** Float decoding for the image kernels; clips to [0, 1]. */
  static float decodeFast(float encoded) {
    float c = encoded > 0f ? (encoded < 1f ? encoded : 1f) * DECODE_STEPS : 0f;
    int i = (int) c;
    float frac = c - i;
    float lo = DECODE_NODES[i];
    return lo + (DECODE_NODES[i + 1] - lo) * frac;
  }

  /** Float encoding for the image kernels; clips to [0, 1]. */
  static float encodeFast(float linear) {
    if (!(linear >= ENCODE_F_LOW)) {
      // The straight part of the curve, exactly; negative values (and NaN) give 0.
      return linear > 0f ? 12.92f * linear : 0f;
    }
    if (linear >= 1f) {
      return 1f;
    }
    int bits = Float.floatToRawIntBits(linear);
    int i = (bits >> ENCODE_F_SHIFT) - ENCODE_F_BASE;
    float frac = (bits & ((1 << ENCODE_F_SHIFT) - 1)) * ENCODE_F_FRACTION;
    float lo = ENCODE_F_NODES[i];
    float encoded = lo + (ENCODE_F_NODES[i + 1] - lo) * frac;
    return encoded < 1f ? encoded : 1f;
  }
}
