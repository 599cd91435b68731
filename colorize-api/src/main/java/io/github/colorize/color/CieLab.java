package io.github.colorize.color;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * sRGB to CIE Lab (D65 white) and back: one color at a time in double precision, or whole images
 * on primitive arrays, fast and in parallel.
 *
 * <p>The transfer curve is IEC 61966-2-1 ({@link SrgbTransfer}); the linear-RGB to XYZ matrix is
 * derived from the sRGB primaries and the white {@code (0.95047, 1.0, 1.08883)}, so grays map to
 * {@code a = b = 0}. Lab to sRGB clips to the gamut, per channel in linear light.
 *
 * <p>Image conversions work on a packed 8-bit {@code int[]} ({@code 0xAARRGGBB}) or on float RGB
 * planes in [0, 1] (16-bit images), and planar {@code float[]} L, a and b planes of the same
 * length. They allocate nothing per pixel and split large images over the cores through {@link
 * ParallelLoop}. Alpha stays out of the color math: it is ignored on the way in, and written as
 * opaque ({@code 0xFF}) on the way out for the caller to replace.
 *
 * <p>Accuracy of the image conversions: Lab within about 1e-4 of the double-precision formulas;
 * every one of the 2^24 8-bit colors converts to float Lab and back to itself; Lab to 8-bit
 * rounds exactly (the nearest 8-bit value in encoded space of the float linear value).
 */
public final class CieLab {

  /** X of the D65 reference white. */
  public static final double WHITE_X = 0.95047;
  /** Y of the D65 reference white. */
  public static final double WHITE_Y = 1.0;
  /** Z of the D65 reference white. */
  public static final double WHITE_Z = 1.08883;

  /** Pixels per task of the parallel image conversions (below this, one thread). */
  static final int GRAIN = 1 << 16;
  /** Pixels per block of the forward kernels (a few KB of scratch, in L1). */
  private static final int BLOCK = 1024;

  /** Linear sRGB to XYZ. */
  private static final double[][] RGB_TO_XYZ = rgbToXyz();
  /** XYZ to linear sRGB. */
  private static final double[][] XYZ_TO_RGB = invert(RGB_TO_XYZ);

  // Float kernels: rows of RGB->XYZ divided by the white (x/Xn, y/Yn, z/Zn directly) ...
  private static final float RX = (float) (RGB_TO_XYZ[0][0] / WHITE_X);
  private static final float GX = (float) (RGB_TO_XYZ[0][1] / WHITE_X);
  private static final float BX = (float) (RGB_TO_XYZ[0][2] / WHITE_X);
  private static final float RY = (float) (RGB_TO_XYZ[1][0] / WHITE_Y);
  private static final float GY = (float) (RGB_TO_XYZ[1][1] / WHITE_Y);
  private static final float BY = (float) (RGB_TO_XYZ[1][2] / WHITE_Y);
  private static final float RZ = (float) (RGB_TO_XYZ[2][0] / WHITE_Z);
  private static final float GZ = (float) (RGB_TO_XYZ[2][1] / WHITE_Z);
  private static final float BZ = (float) (RGB_TO_XYZ[2][2] / WHITE_Z);
  // ... and columns of XYZ->RGB multiplied by it.
  private static final float XR = (float) (XYZ_TO_RGB[0][0] * WHITE_X);
  private static final float YR = (float) (XYZ_TO_RGB[0][1] * WHITE_Y);
  private static final float ZR = (float) (XYZ_TO_RGB[0][2] * WHITE_Z);
  private static final float XG = (float) (XYZ_TO_RGB[1][0] * WHITE_X);
  private static final float YG = (float) (XYZ_TO_RGB[1][1] * WHITE_Y);
  private static final float ZG = (float) (XYZ_TO_RGB[1][2] * WHITE_Z);
  private static final float XB = (float) (XYZ_TO_RGB[2][0] * WHITE_X);
  private static final float YB = (float) (XYZ_TO_RGB[2][1] * WHITE_Y);
  private static final float ZB = (float) (XYZ_TO_RGB[2][2] * WHITE_Z);

  private CieLab() {}

  // ---------------------------------------------------------------- one color, double precision

  /**
   * Lab of an 8-bit sRGB color.
   *
   * @param red red, 0 to 255
   * @param green green, 0 to 255
   * @param blue blue, 0 to 255
   */
  public static Lab fromSrgb8(int red, int green, int blue) {
    checkArgument(red >= 0 && red <= 255, "red is %s, expected in [0, 255]", red);
    checkArgument(green >= 0 && green <= 255, "green is %s, expected in [0, 255]", green);
    checkArgument(blue >= 0 && blue <= 255, "blue is %s, expected in [0, 255]", blue);
    return fromSrgb(red / 255.0, green / 255.0, blue / 255.0);
  }

  /** Lab of a packed {@code 0xAARRGGBB} color; alpha is ignored. */
  public static Lab fromArgb(int argb) {
    return fromSrgb8((argb >>> 16) & 0xFF, (argb >>> 8) & 0xFF, argb & 0xFF);
  }

  /**
   * Lab of a float sRGB color.
   *
   * @param red gamma-encoded red, 0 to 1
   * @param green gamma-encoded green, 0 to 1
   * @param blue gamma-encoded blue, 0 to 1
   */
  public static Lab fromSrgb(double red, double green, double blue) {
    double r = SrgbTransfer.toLinear(red);
    double g = SrgbTransfer.toLinear(green);
    double b = SrgbTransfer.toLinear(blue);
    double fx = LabCurve.f(dot(RGB_TO_XYZ[0], r, g, b) / WHITE_X);
    double fy = LabCurve.f(dot(RGB_TO_XYZ[1], r, g, b) / WHITE_Y);
    double fz = LabCurve.f(dot(RGB_TO_XYZ[2], r, g, b) / WHITE_Z);
    return new Lab(116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz));
  }

  /** Lab of a float sRGB color. */
  public static Lab fromSrgb(Rgb rgb) {
    checkNotNull(rgb, "rgb");
    return fromSrgb(rgb.red(), rgb.green(), rgb.blue());
  }

  /** The float sRGB color of {@code lab}, clipped to the gamut. */
  public static Rgb toSrgb(Lab lab) {
    checkNotNull(lab, "lab");
    double[] linear = toLinearRgb(lab);
    return new Rgb(SrgbTransfer.toEncoded(clip(linear[0])),
        SrgbTransfer.toEncoded(clip(linear[1])), SrgbTransfer.toEncoded(clip(linear[2])));
  }

  /** The nearest 8-bit color of {@code lab}, clipped to the gamut, packed as opaque ARGB. */
  public static int toArgb(Lab lab) {
    return toSrgb(lab).toArgb();
  }

  /**
   * The nearest 8-bit color of a Lab color, clipped to the gamut, packed as opaque ARGB.
   *
   * @throws IllegalArgumentException if a component is not finite
   */
  public static int toArgb(double l, double a, double b) {
    return toArgb(new Lab(l, a, b));
  }

  /**
   * Whether (l, a, b) is an sRGB color: every linear channel within [-tolerance, 1 + tolerance].
   * Allocation-free, for per-pixel gamut tests.
   */
  static boolean inSrgbGamut(double l, double a, double b, double tolerance) {
    double fy = (l + 16) / 116;
    double x = LabCurve.inverse(fy + a / 500) * WHITE_X;
    double y = LabCurve.inverse(fy) * WHITE_Y;
    double z = LabCurve.inverse(fy - b / 200) * WHITE_Z;
    for (double[] row : XYZ_TO_RGB) {
      double v = dot(row, x, y, z);
      if (v < -tolerance || v > 1 + tolerance) {
        return false;
      }
    }
    return true;
  }

  private static double[] toLinearRgb(Lab lab) {
    double fy = (lab.l() + 16) / 116;
    double x = LabCurve.inverse(fy + lab.a() / 500) * WHITE_X;
    double y = LabCurve.inverse(fy) * WHITE_Y;
    double z = LabCurve.inverse(fy - lab.b() / 200) * WHITE_Z;
    return new double[] {dot(XYZ_TO_RGB[0], x, y, z), dot(XYZ_TO_RGB[1], x, y, z),
        dot(XYZ_TO_RGB[2], x, y, z)};
  }

  // ---------------------------------------------------------------- whole images

  /**
   * Converts packed 8-bit pixels ({@code 0xAARRGGBB}, alpha ignored) to L, a and b planes.
   *
   * @param argb the pixels
   * @param l receives L, same length as {@code argb}
   * @param a receives a, same length
   * @param b receives b, same length
   */
  public static void fromArgb(int[] argb, float[] l, float[] a, float[] b) {
    checkNotNull(argb, "argb");
    checkPlane(l, "l", argb.length, "argb");
    checkPlane(a, "a", argb.length, "argb");
    checkPlane(b, "b", argb.length, "argb");
    ParallelLoop.forRange(argb.length, GRAIN, (from, to) -> fromArgbRange(argb, l, a, b, from, to));
  }

  /**
   * Converts packed 8-bit pixels to their L plane only (the network input), cheaper than {@link
   * #fromArgb(int[], float[], float[], float[])}.
   *
   * @param argb the pixels, alpha ignored
   * @param l receives L, same length as {@code argb}
   */
  public static void lightnessFromArgb(int[] argb, float[] l) {
    checkNotNull(argb, "argb");
    checkPlane(l, "l", argb.length, "argb");
    ParallelLoop.forRange(argb.length, GRAIN, (from, to) -> lightnessRange(argb, l, from, to));
  }

  /**
   * Converts L, a and b planes to packed 8-bit pixels, clipped to the gamut, alpha {@code 0xFF}.
   *
   * @param l L plane
   * @param a a plane, same length as {@code l}
   * @param b b plane, same length
   * @param argb receives the pixels, same length
   * @throws IllegalArgumentException if a component is not finite (naming the pixel)
   */
  public static void toArgb(float[] l, float[] a, float[] b, int[] argb) {
    checkNotNull(l, "l");
    checkPlane(a, "a", l.length, "l");
    checkPlane(b, "b", l.length, "l");
    checkNotNull(argb, "argb");
    checkArgument(argb.length == l.length, "argb has %s elements, expected %s (the length of l)",
        argb.length, l.length);
    ParallelLoop.forRange(l.length, GRAIN, (from, to) -> toArgbRange(l, a, b, argb, from, to));
  }

  /**
   * Converts float sRGB planes (gamma-encoded, 0 to 1, e.g. a 16-bit image divided by 65535) to
   * L, a and b planes. Values outside [0, 1] are clipped.
   *
   * @throws IllegalArgumentException if a value is NaN or infinite (naming the pixel)
   */
  public static void fromSrgb(float[] red, float[] green, float[] blue, float[] l, float[] a,
      float[] b) {
    checkNotNull(red, "red");
    checkPlane(green, "green", red.length, "red");
    checkPlane(blue, "blue", red.length, "red");
    checkPlane(l, "l", red.length, "red");
    checkPlane(a, "a", red.length, "red");
    checkPlane(b, "b", red.length, "red");
    ParallelLoop.forRange(red.length, GRAIN,
        (from, to) -> fromSrgbRange(red, green, blue, l, a, b, from, to));
  }

  /**
   * Converts L, a and b planes to float sRGB planes (gamma-encoded, clipped to [0, 1]).
   *
   * @throws IllegalArgumentException if a component is not finite (naming the pixel)
   */
  public static void toSrgb(float[] l, float[] a, float[] b, float[] red, float[] green,
      float[] blue) {
    checkNotNull(l, "l");
    checkPlane(a, "a", l.length, "l");
    checkPlane(b, "b", l.length, "l");
    checkPlane(red, "red", l.length, "l");
    checkPlane(green, "green", l.length, "l");
    checkPlane(blue, "blue", l.length, "l");
    ParallelLoop.forRange(l.length, GRAIN,
        (from, to) -> toSrgbRange(l, a, b, red, green, blue, from, to));
  }

  // ---------------------------------------------------------------- kernels

  /*
   * The forward kernels work in blocks of BLOCK pixels: a scalar loop does what cannot be
   * vectorized (unpacking, table lookups) and leaves x/Xn, y/Yn, z/Zn in three small arrays;
   * LabCurve.fastF then runs as a vectorized loop over each; a last loop writes L, a and b.
   */
  private static void fromArgbRange(int[] argb, float[] lOut, float[] aOut, float[] bOut,
      int from, int to) {
    float[] linear = SrgbTransfer.linearOf8Bit();
    float[] x = new float[BLOCK];
    float[] y = new float[BLOCK];
    float[] z = new float[BLOCK];
    for (int start = from; start < to; start += BLOCK) {
      int len = Math.min(BLOCK, to - start);
      for (int i = 0; i < len; i++) {
        int c = argb[start + i];
        float r = linear[(c >>> 16) & 0xFF];
        float g = linear[(c >>> 8) & 0xFF];
        float b = linear[c & 0xFF];
        x[i] = RX * r + GX * g + BX * b;
        y[i] = RY * r + GY * g + BY * b;
        z[i] = RZ * r + GZ * g + BZ * b;
      }
      writeLab(x, y, z, len, lOut, aOut, bOut, start);
    }
  }

  private static void writeLab(float[] x, float[] y, float[] z, int len, float[] lOut,
      float[] aOut, float[] bOut, int start) {
    LabCurve.fastF(x, len);
    LabCurve.fastF(y, len);
    LabCurve.fastF(z, len);
    for (int i = 0; i < len; i++) {
      lOut[start + i] = 116f * y[i] - 16f;
      aOut[start + i] = 500f * (x[i] - y[i]);
      bOut[start + i] = 200f * (y[i] - z[i]);
    }
  }

  private static void lightnessRange(int[] argb, float[] lOut, int from, int to) {
    float[] linear = SrgbTransfer.linearOf8Bit();
    float[] y = new float[BLOCK];
    for (int start = from; start < to; start += BLOCK) {
      int len = Math.min(BLOCK, to - start);
      for (int i = 0; i < len; i++) {
        int c = argb[start + i];
        y[i] = RY * linear[(c >>> 16) & 0xFF] + GY * linear[(c >>> 8) & 0xFF]
            + BY * linear[c & 0xFF];
      }
      LabCurve.fastF(y, len);
      for (int i = 0; i < len; i++) {
        lOut[start + i] = 116f * y[i] - 16f;
      }
    }
  }

  private static void fromSrgbRange(float[] red, float[] green, float[] blue, float[] lOut,
      float[] aOut, float[] bOut, int from, int to) {
    float[] x = new float[BLOCK];
    float[] y = new float[BLOCK];
    float[] z = new float[BLOCK];
    float poison = 0f;
    for (int start = from; start < to; start += BLOCK) {
      int len = Math.min(BLOCK, to - start);
      for (int i = 0; i < len; i++) {
        float re = red[start + i];
        float ge = green[start + i];
        float be = blue[start + i];
        poison += (re - re) + (ge - ge) + (be - be);
        float r = SrgbTransfer.decodeFast(re);
        float g = SrgbTransfer.decodeFast(ge);
        float b = SrgbTransfer.decodeFast(be);
        x[i] = RX * r + GX * g + BX * b;
        y[i] = RY * r + GY * g + BY * b;
        z[i] = RZ * r + GZ * g + BZ * b;
      }
      writeLab(x, y, z, len, lOut, aOut, bOut, start);
    }
    if (poison != 0f) {
      throw notFinite("sRGB", firstNotFinite(red, green, blue, from, to), red, green, blue);
    }
  }

  private static void toArgbRange(float[] lIn, float[] aIn, float[] bIn, int[] argb, int from,
      int to) {
    float poison = 0f;
    for (int i = from; i < to; i++) {
      float l = lIn[i];
      float a = aIn[i];
      float b = bIn[i];
      poison += (l - l) + (a - a) + (b - b);
      argb[i] = toArgb8(l, a, b);
    }
    if (poison != 0f) {
      throw notFinite("Lab", firstNotFinite(lIn, aIn, bIn, from, to), lIn, aIn, bIn);
    }
  }

  /** One finite Lab color to opaque 8-bit ARGB, clipped: the image kernel's arithmetic. */
  static int toArgb8(float l, float a, float b) {
    float fy = (l + 16f) * (1f / 116f);
    float x = LabCurve.fastInverse(fy + a * (1f / 500f));
    float y = LabCurve.fastInverse(fy);
    float z = LabCurve.fastInverse(fy - b * (1f / 200f));
    int r8 = SrgbTransfer.encode8(XR * x + YR * y + ZR * z);
    int g8 = SrgbTransfer.encode8(XG * x + YG * y + ZG * z);
    int b8 = SrgbTransfer.encode8(XB * x + YB * y + ZB * z);
    return 0xFF000000 | (r8 << 16) | (g8 << 8) | b8;
  }

  private static void toSrgbRange(float[] lIn, float[] aIn, float[] bIn, float[] red,
      float[] green, float[] blue, int from, int to) {
    float poison = 0f;
    for (int i = from; i < to; i++) {
      float l = lIn[i];
      float a = aIn[i];
      float b = bIn[i];
      poison += (l - l) + (a - a) + (b - b);
      float fy = (l + 16f) * (1f / 116f);
      float x = LabCurve.fastInverse(fy + a * (1f / 500f));
      float y = LabCurve.fastInverse(fy);
      float z = LabCurve.fastInverse(fy - b * (1f / 200f));
      red[i] = SrgbTransfer.encodeFast(XR * x + YR * y + ZR * z);
      green[i] = SrgbTransfer.encodeFast(XG * x + YG * y + ZG * z);
      blue[i] = SrgbTransfer.encodeFast(XB * x + YB * y + ZB * z);
    }
    if (poison != 0f) {
      throw notFinite("Lab", firstNotFinite(lIn, aIn, bIn, from, to), lIn, aIn, bIn);
    }
  }

  /*
   * The kernels check their input without a branch per pixel (a third of the loop's time): they
   * sum (v - v) over every value, which stays 0 unless some value is NaN or infinite, and only then
   * look for the culprit.
   */
  private static int firstNotFinite(float[] x, float[] y, float[] z, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!(Float.isFinite(x[i]) && Float.isFinite(y[i]) && Float.isFinite(z[i]))) {
        return i;
      }
    }
    throw new IllegalStateException("a non-finite sum over finite values");
  }

  private static IllegalArgumentException notFinite(String space, int pixel, float[] x, float[] y,
      float[] z) {
    return new IllegalArgumentException(String.format(
        "%s at pixel %d is (%s, %s, %s), expected finite values", space, pixel, x[pixel], y[pixel],
        z[pixel]));
  }

  // ---------------------------------------------------------------- checks and matrices

  private static void checkPlane(float[] plane, String name, int length, String reference) {
    checkNotNull(plane, "%s", name);
    checkArgument(plane.length == length, "%s has %s elements, expected %s (the length of %s)",
        name, plane.length, length, reference);
  }

  private static double clip(double v) {
    return Math.max(0, Math.min(v, 1));
  }

  private static double dot(double[] row, double x, double y, double z) {
    return row[0] * x + row[1] * y + row[2] * z;
  }

  /**
   * The linear sRGB to XYZ matrix from the primaries' chromaticities (ITU-R BT.709) scaled so that
   * RGB (1, 1, 1) maps to the white above.
   */
  private static double[][] rgbToXyz() {
    double[][] xy = {{0.64, 0.33}, {0.30, 0.60}, {0.15, 0.06}};
    double[][] primaries = new double[3][3];
    for (int c = 0; c < 3; c++) {
      double x = xy[c][0];
      double y = xy[c][1];
      primaries[0][c] = x / y;
      primaries[1][c] = 1;
      primaries[2][c] = (1 - x - y) / y;
    }
    double[][] inverse = invert(primaries);
    double[] white = {WHITE_X, WHITE_Y, WHITE_Z};
    double[][] m = new double[3][3];
    for (int c = 0; c < 3; c++) {
      double scale = dot(inverse[c], white[0], white[1], white[2]);
      for (int row = 0; row < 3; row++) {
        m[row][c] = primaries[row][c] * scale;
      }
    }
    return m;
  }

  private static double[][] invert(double[][] m) {
    double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    double[][] inv = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        // Cofactor of m[j][i] (transposed), by cyclic indices.
        int r1 = (j + 1) % 3;
        int r2 = (j + 2) % 3;
        int c1 = (i + 1) % 3;
        int c2 = (i + 2) % 3;
        inv[i][j] = (m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1]) / det;
      }
    }
    return inv;
  }
}
