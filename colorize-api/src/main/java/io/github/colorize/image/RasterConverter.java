package io.github.colorize.image;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link BufferedImage} of any layout into a {@link Photo}. Reads samples row by row
 * into reused buffers: no per-pixel allocation.
 *
 * <p>Three routes: gray component images and sRGB component images (8 or 16 bits) are read
 * sample by sample, which keeps gray samples as they are (the JDK would treat them as linear)
 * and keeps 16-bit precision; images in another color space (an embedded ICC profile, CMYK) are
 * converted to sRGB as a whole by {@link ColorConvertOp} first; everything else (palettes,
 * packed ints, premultiplied alpha, float samples) goes through {@code getRGB}.
 */
final class RasterConverter {

  private static final Logger log = LoggerFactory.getLogger(RasterConverter.class);

  /** Largest photo whose three float planes still fit one Java array. */
  static final long MAX_PIXELS = (Integer.MAX_VALUE - 8) / 3;

  private RasterConverter() {}

  static Photo convert(BufferedImage image, String source) {
    int w = image.getWidth();
    int h = image.getHeight();
    checkArgument((long) w * h <= MAX_PIXELS, "%s is %sx%s, more than %s pixels", source, w, h,
        MAX_PIXELS);
    ColorModel cm = image.getColorModel();
    int depth = bitDepth(cm);
    if (isPlainComponent(cm, image.getRaster())) {
      ColorSpace cs = cm.getColorSpace();
      if (cm.getNumColorComponents() == 1 && cs.getType() == ColorSpace.TYPE_GRAY) {
        return readComponents(image, true, depth, source);
      }
      if (cm.getNumColorComponents() == 3 && cs.isCS_sRGB()) {
        return readComponents(image, false, depth, source);
      }
    }
    if (!(cm instanceof IndexColorModel) && !cm.getColorSpace().isCS_sRGB()
        && cm.getColorSpace().getType() != ColorSpace.TYPE_GRAY) {
      log.debug("{}: converting from color space type {} to sRGB", source,
          cm.getColorSpace().getType());
      BufferedImage srgb = toSrgb(image, depth > 8);
      Photo converted = readComponents(srgb, false, depth > 8 ? 16 : 8, source);
      return new Photo(w, h, converted.argb(), converted.rgbPlanes(), converted.hasAlpha(),
          converted.isGray(), depth, source);
    }
    int[] argb = new int[w * h];
    image.getRGB(0, 0, w, h, argb, 0, w);
    boolean gray = cm.getNumColorComponents() == 1 && !(cm instanceof IndexColorModel)
        || allGray(argb, null);
    return new Photo(w, h, argb, null, cm.hasAlpha(), gray, depth, source);
  }

  /** A component color model over 8- or 16-bit integer samples, alpha not premultiplied. */
  private static boolean isPlainComponent(ColorModel cm, Raster raster) {
    int type = raster.getTransferType();
    return cm instanceof ComponentColorModel && !cm.isAlphaPremultiplied()
        && (type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT)
        && raster.getNumBands() == cm.getNumComponents();
  }

  /** Bits per sample: the largest component size (8 for palettes, whatever their index size). */
  private static int bitDepth(ColorModel cm) {
    int bits = 0;
    for (int i = 0; i < cm.getNumComponents(); i++) {
      bits = Math.max(bits, cm.getComponentSize(i));
    }
    return Math.max(1, Math.min(32, bits));
  }

  private static BufferedImage toSrgb(BufferedImage image, boolean sixteenBit) {
    boolean alpha = image.getColorModel().hasAlpha();
    BufferedImage dst;
    if (sixteenBit) {
      ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), alpha,
          false, alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
      WritableRaster raster = cm.createCompatibleWritableRaster(image.getWidth(),
          image.getHeight());
      dst = new BufferedImage(cm, raster, false, null);
    } else {
      dst = new BufferedImage(image.getWidth(), image.getHeight(),
          alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
    }
    return new ColorConvertOp(null).filter(image, dst);
  }

  /**
   * Reads a gray (1 color band) or sRGB (3 color bands) component image, plus its alpha band if
   * any. Samples deeper than 8 bits also go to float planes.
   */
  private static Photo readComponents(BufferedImage image, boolean grayBands, int depth,
      String source) {
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    int w = image.getWidth();
    int h = image.getHeight();
    int n = w * h;
    int colorBands = grayBands ? 1 : 3;
    boolean alpha = cm.hasAlpha();
    int bands = raster.getNumBands();
    int[] max = new int[bands];
    boolean deep = false;
    for (int b = 0; b < bands; b++) {
      int size = cm.getComponentSize(b);
      max[b] = (1 << size) - 1;
      deep |= b < colorBands && size > 8;
    }
    int[] argb = new int[n];
    if (!deep && readInterleavedBytes(raster, w, h, colorBands, alpha, argb)) {
      boolean gray = grayBands || allGray(argb, null);
      return new Photo(w, h, argb, null, alpha, gray, depth, source);
    }
    float[] planes = deep ? new float[3 * n] : null;
    int[] row = new int[w * bands];
    int minX = raster.getMinX();
    int minY = raster.getMinY();
    for (int y = 0; y < h; y++) {
      raster.getPixels(minX, minY + y, w, 1, row);
      int base = y * w;
      for (int x = 0, s = 0; x < w; x++, s += bands) {
        int r8;
        int g8;
        int b8;
        if (grayBands) {
          r8 = to8(row[s], max[0]);
          g8 = r8;
          b8 = r8;
        } else {
          r8 = to8(row[s], max[0]);
          g8 = to8(row[s + 1], max[1]);
          b8 = to8(row[s + 2], max[2]);
        }
        int a8 = alpha ? to8(row[s + colorBands], max[colorBands]) : 255;
        argb[base + x] = a8 << 24 | r8 << 16 | g8 << 8 | b8;
        if (planes != null) {
          float r = row[s] / (float) max[0];
          float g = grayBands ? r : row[s + 1] / (float) max[1];
          float b = grayBands ? r : row[s + 2] / (float) max[2];
          planes[base + x] = r;
          planes[n + base + x] = g;
          planes[2 * n + base + x] = b;
        }
      }
    }
    boolean gray = grayBands || allGray(argb, planes);
    return new Photo(w, h, argb, planes, alpha, gray, depth, source);
  }

  /**
   * The common case of every JPEG and 8-bit PNG: 8-bit samples interleaved in one byte array,
   * read directly (several times faster than {@code Raster.getPixels}).
   *
   * @return false, having done nothing, if the raster is laid out otherwise
   */
  private static boolean readInterleavedBytes(Raster raster, int w, int h, int colorBands,
      boolean alpha, int[] argb) {
    if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
        || !(raster.getSampleModel() instanceof ComponentSampleModel model)
        || buffer.getNumBanks() != 1) {
      return false;
    }
    for (int b = 0; b < model.getNumBands(); b++) {
      if (model.getSampleSize(b) != 8 || model.getBankIndices()[b] != 0) {
        return false;
      }
    }
    byte[] data = buffer.getData();
    int pixelStride = model.getPixelStride();
    int scanline = model.getScanlineStride();
    int[] offsets = model.getBandOffsets();
    int origin = buffer.getOffset()
        + (raster.getMinY() - raster.getSampleModelTranslateY()) * scanline
        + (raster.getMinX() - raster.getSampleModelTranslateX()) * pixelStride;
    int r = offsets[0];
    int g = offsets[colorBands == 3 ? 1 : 0];
    int b = offsets[colorBands == 3 ? 2 : 0];
    int a = alpha ? offsets[colorBands] : -1;
    for (int y = 0; y < h; y++) {
      int s = origin + y * scanline;
      int out = y * w;
      for (int x = 0; x < w; x++, s += pixelStride) {
        int alphaByte = a < 0 ? 0xff : data[s + a] & 0xff;
        argb[out + x] = alphaByte << 24 | (data[s + r] & 0xff) << 16
            | (data[s + g] & 0xff) << 8 | (data[s + b] & 0xff);
      }
    }
    return true;
  }

  /** A sample in [0, max] to [0, 255], rounded to nearest. */
  private static int to8(int sample, int max) {
    if (max == 255) {
      return sample;
    }
    return (int) ((sample * 255L * 2 + max) / (2L * max));
  }

  /** Whether every pixel has r = g = b (in the planes too, when given). */
  static boolean allGray(int[] argb, float[] planes) {
    for (int p : argb) {
      int r = (p >>> 16) & 0xff;
      if (r != ((p >>> 8) & 0xff) || r != (p & 0xff)) {
        return false;
      }
    }
    if (planes != null) {
      int n = argb.length;
      for (int i = 0; i < n; i++) {
        if (planes[i] != planes[n + i] || planes[i] != planes[2 * n + i]) {
          return false;
        }
      }
    }
    return true;
  }
}
