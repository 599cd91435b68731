package io.github.colorize.image;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * A decoded, upright photo in sRGB, held as flat arrays so that the pipeline can walk it without
 * per-pixel objects.
 *
 * <ul>
 *   <li>{@link #argb()}: always present; one packed {@code 0xAARRGGBB} int per pixel, row-major,
 *       8-bit sRGB (gamma-encoded), alpha 255 where the source had none.
 *   <li>{@link #rgbPlanes()}: present only when the source held more than 8 bits per sample
 *       (16-bit PNG or TIFF); three planes R, G, B of {@code width * height} floats each, sRGB
 *       gamma-encoded values in [0, 1], so that 16-bit precision reaches the color conversion.
 *       Otherwise null: use {@link #toPlanarRgb} to get planes from whichever form exists.
 * </ul>
 *
 * <p>Gray sources: the samples of a gray file are taken as sRGB-encoded gray (r = g = b = the
 * sample), which is what PNG, JPEG and TIFF gray files hold in practice. (The JDK's
 * {@code BufferedImage.getRGB} treats them as linear and brightens them.)
 *
 * <p>The arrays are shared, not copied, for speed with 12-megapixel photos: do not modify them
 * unless you own the photo.
 */
public final class Photo {

  /** {@code v / 255f} for each byte: exact (a multiply by 1/255 is not) and fast. */
  private static final float[] UNIT = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      UNIT[v] = v / 255f;
    }
  }

  private final int width;
  private final int height;
  private final int[] argb;
  private final float[] rgbPlanes;
  private final boolean hasAlpha;
  private final boolean gray;
  private final int bitDepth;
  private final String source;

  /**
   * @param width columns, > 0
   * @param height rows, > 0
   * @param argb {@code width * height} packed 8-bit sRGB pixels
   * @param rgbPlanes null, or {@code 3 * width * height} floats in [0, 1] (R plane, G plane, B
   *     plane) holding more precision than {@code argb}
   * @param hasAlpha whether the alpha bytes of {@code argb} carry meaning
   * @param gray whether the source has no color: a gray file, or every pixel has r = g = b
   * @param bitDepth bits per sample of the source (1 to 32; 8 for palette images)
   * @param source where the photo came from, for messages (a path, a name)
   * @throws IllegalArgumentException if the array lengths do not match the size
   */
  public Photo(int width, int height, int[] argb, float[] rgbPlanes, boolean hasAlpha,
      boolean gray, int bitDepth, String source) {
    checkArgument(width > 0 && height > 0, "photo size %sx%s, expected both > 0", width, height);
    checkNotNull(argb, "argb");
    checkArgument((long) width * height == argb.length,
        "argb holds %s pixels, expected %sx%s = %s", argb.length, width, height,
        (long) width * height);
    checkArgument(rgbPlanes == null || rgbPlanes.length == 3L * argb.length,
        "rgbPlanes holds %s values, expected 3 x %s", rgbPlanes == null ? 0 : rgbPlanes.length,
        argb.length);
    checkArgument(bitDepth >= 1 && bitDepth <= 32, "bit depth %s, expected 1..32", bitDepth);
    this.width = width;
    this.height = height;
    this.argb = argb;
    this.rgbPlanes = rgbPlanes;
    this.hasAlpha = hasAlpha;
    this.gray = gray;
    this.bitDepth = bitDepth;
    this.source = checkNotNull(source, "source");
  }

  /**
   * An 8-bit photo from packed pixels; {@link #isGray()} is found by looking at every pixel.
   *
   * @throws IllegalArgumentException if {@code argb.length != width * height}
   */
  public static Photo ofArgb(int width, int height, int[] argb, boolean hasAlpha, String source) {
    checkNotNull(argb, "argb");
    return new Photo(width, height, argb, null, hasAlpha, RasterConverter.allGray(argb, null),
        8, source);
  }

  /**
   * The pixels of an image already in memory, in the same form as a decoded file (no EXIF
   * orientation is applied: an in-memory image has none). The image is not modified, and its
   * pixels are copied.
   *
   * @throws IllegalArgumentException if the image is too large for Java arrays
   */
  public static Photo fromBufferedImage(BufferedImage image) {
    return fromBufferedImage(image, "BufferedImage");
  }

  /** As {@link #fromBufferedImage(BufferedImage)}, naming the image {@code source}. */
  public static Photo fromBufferedImage(BufferedImage image, String source) {
    checkNotNull(image, "image");
    return RasterConverter.convert(image, checkNotNull(source, "source"));
  }

  /** Columns. */
  public int width() {
    return width;
  }

  /** Rows. */
  public int height() {
    return height;
  }

  /** The size. */
  public ImageSize size() {
    return new ImageSize(width, height);
  }

  /** {@code width * height}. */
  public int pixelCount() {
    return argb.length;
  }

  /** The packed 8-bit sRGB pixels, row-major (shared, not a copy). */
  public int[] argb() {
    return argb;
  }

  /**
   * The high-precision R, G, B planes in [0, 1], or null when the source had 8 bits or fewer
   * per sample (shared, not a copy).
   */
  public float[] rgbPlanes() {
    return rgbPlanes;
  }

  /** Whether {@link #rgbPlanes()} is present. */
  public boolean isHighPrecision() {
    return rgbPlanes != null;
  }

  /** Whether the alpha of {@link #argb()} carries meaning (the source had an alpha channel). */
  public boolean hasAlpha() {
    return hasAlpha;
  }

  /** Whether the source has no color: a gray file, or every pixel with r = g = b. */
  public boolean isGray() {
    return gray;
  }

  /** Bits per sample of the source: 8 for most files, 16 for 16-bit PNG and TIFF. */
  public int bitDepth() {
    return bitDepth;
  }

  /** Where the photo came from (a path or a name), for messages. */
  public String source() {
    return source;
  }

  /**
   * R, G, B planes in [0, 1], gamma-encoded sRGB, from {@link #rgbPlanes()} when present, else
   * from {@link #argb()}.
   *
   * @param dst an array of {@code 3 * pixelCount()} floats to fill, or null for a new one
   * @return {@code dst}, or the new array
   */
  public float[] toPlanarRgb(float[] dst) {
    int n = argb.length;
    float[] out = dst == null ? new float[3 * n] : dst;
    checkArgument(out.length == 3 * n, "dst holds %s values, expected 3 x %s", out.length, n);
    if (rgbPlanes != null) {
      System.arraycopy(rgbPlanes, 0, out, 0, 3 * n);
      return out;
    }
    for (int i = 0; i < n; i++) {
      int p = argb[i];
      out[i] = UNIT[(p >>> 16) & 0xff];
      out[n + i] = UNIT[(p >>> 8) & 0xff];
      out[2 * n + i] = UNIT[p & 0xff];
    }
    return out;
  }

  /**
   * R, G and B as three separate new arrays of {@link #pixelCount()} floats in [0, 1]
   * (gamma-encoded sRGB), from {@link #rgbPlanes()} when present, else from {@link #argb()}: the
   * form {@code CieLab.fromSrgb(float[], float[], float[], ...)} takes.
   */
  public float[][] toRgbChannels() {
    int n = argb.length;
    float[][] out = new float[3][n];
    if (rgbPlanes != null) {
      for (int c = 0; c < 3; c++) {
        System.arraycopy(rgbPlanes, c * n, out[c], 0, n);
      }
      return out;
    }
    for (int i = 0; i < n; i++) {
      int p = argb[i];
      out[0][i] = UNIT[(p >>> 16) & 0xff];
      out[1][i] = UNIT[(p >>> 8) & 0xff];
      out[2][i] = UNIT[p & 0xff];
    }
    return out;
  }

  /** The alpha of each pixel in [0, 1] (all 1 when {@link #hasAlpha()} is false). */
  public float[] alphaPlane() {
    float[] out = new float[argb.length];
    for (int i = 0; i < argb.length; i++) {
      out[i] = hasAlpha ? UNIT[argb[i] >>> 24] : 1f;
    }
    return out;
  }

  /** This photo turned upright from the given stored orientation (a new photo). */
  public Photo oriented(ExifOrientation orientation) {
    checkNotNull(orientation, "orientation");
    if (orientation == ExifOrientation.TOP_LEFT) {
      return this;
    }
    ImageSize upright = orientation.uprightSize(width, height);
    return new Photo(upright.width(), upright.height(), orientation.apply(argb, width, height),
        rgbPlanes == null ? null : orientation.apply(rgbPlanes, width, height, 3), hasAlpha, gray,
        bitDepth, source);
  }

  /**
   * A {@code TYPE_INT_ARGB} image (or {@code TYPE_INT_RGB} without alpha) that WRAPS
   * {@link #argb()}: no copy, so changes to one show in the other.
   */
  public BufferedImage toBufferedImage() {
    DirectColorModel model = hasAlpha
        ? new DirectColorModel(32, 0x00ff0000, 0x0000ff00, 0x000000ff, 0xff000000)
        : new DirectColorModel(24, 0x00ff0000, 0x0000ff00, 0x000000ff);
    DataBufferInt buffer = new DataBufferInt(argb, argb.length);
    WritableRaster raster = Raster.createPackedRaster(buffer, width, height, width,
        model.getMasks(), null);
    return new BufferedImage(model, raster, false, null);
  }

  @Override
  public String toString() {
    return "Photo[" + width + "x" + height + ", " + bitDepth + "-bit"
        + (gray ? ", gray" : "") + (hasAlpha ? ", alpha" : "") + ", " + source + "]";
  }
}
