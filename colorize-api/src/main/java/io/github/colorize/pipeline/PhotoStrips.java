package io.github.colorize.pipeline;

import io.github.colorize.color.CieLab;
import io.github.colorize.color.SrgbGamut;
import io.github.colorize.image.Photo;
import io.github.colorize.image.StripResize;

/**
 * A photo walked in strips of whole rows, with the strip-sized buffers the full-resolution
 * stages need, so that their memory grows with the strip, not the photo. Each strip gives the
 * same per-pixel results as the whole-image stages (the kernels are per pixel). Not thread-safe:
 * one per photo and pass (the work inside a strip runs in parallel).
 */
final class PhotoStrips {

  /** Pixels per strip: 4 MB per float plane, large enough for the parallel kernels. */
  static final int STRIP_PIXELS = 1 << 20;

  private final Photo photo;
  private final int width;
  private final int rows;
  private Buffers full;
  private Buffers last;

  PhotoStrips(Photo photo) {
    this.photo = photo;
    this.width = photo.width();
    this.rows = Math.max(1, Math.min(photo.height(), STRIP_PIXELS / width));
  }

  /** Rows per strip (the last strip may have fewer). */
  int rows() {
    return rows;
  }

  /** Rows of the strip starting at {@code y0}. */
  int rowsAt(int y0) {
    return Math.min(rows, photo.height() - y0);
  }

  /** CIE L of the strip starting at row {@code y0}, in a buffer reused by the next call. */
  float[] lightness(int y0) {
    Buffers buffers = buffersAt(y0);
    int from = y0 * width;
    int n = buffers.l.length;
    if (photo.isHighPrecision()) {
      float[] planes = photo.rgbPlanes();
      int total = photo.pixelCount();
      System.arraycopy(planes, from, buffers.red(), 0, n);
      System.arraycopy(planes, total + from, buffers.green(), 0, n);
      System.arraycopy(planes, 2 * total + from, buffers.blue(), 0, n);
      CieLab.fromSrgb(buffers.red(), buffers.green(), buffers.blue(), buffers.l, buffers.a,
          buffers.b);
    } else {
      System.arraycopy(photo.argb(), from, buffers.pixels, 0, n);
      CieLab.lightnessFromArgb(buffers.pixels, buffers.l);
    }
    return buffers.l;
  }

  /**
   * Colorizes the strip starting at row {@code y0}: its own L, a and b from {@code a} and {@code
   * b}, Lab to sRGB with the photo's alpha, into the same rows of {@code dst}. The strip is read
   * from the photo before {@code dst} is written, so {@code dst} may be the photo's pixels.
   */
  void compose(int y0, StripResize a, StripResize b, int[] dst) {
    float[] l = lightness(y0);
    Buffers buffers = buffersAt(y0);
    int n = l.length;
    int stripRows = rowsAt(y0);
    a.rows(y0, stripRows, buffers.a);
    b.rows(y0, stripRows, buffers.b);
    // The source pixels of this strip, for their alpha (high-precision photos have not copied them).
    int[] source = buffers.pixels;
    if (photo.isHighPrecision() && photo.hasAlpha()) {
      System.arraycopy(photo.argb(), y0 * width, source, 0, n);
    }
    int[] out = buffers.out;
    SrgbGamut.toArgb(l, buffers.a, buffers.b, out);
    if (photo.hasAlpha()) {
      for (int i = 0; i < n; i++) {
        out[i] = (out[i] & 0x00ffffff) | (source[i] & 0xff000000);
      }
    }
    System.arraycopy(out, 0, dst, y0 * width, n);
  }

  /**
   * As {@link #compose}, into 16-bit samples: {@code dst} holds R, G, B (and A when the photo
   * has alpha) per pixel, interleaved, 0 to 65535. L comes from the photo's 16-bit planes and is
   * kept at that precision (the 8-bit pixels are never involved, except for alpha).
   */
  void composeSixteenBit(int y0, StripResize a, StripResize b, short[] dst) {
    float[] l = lightness(y0);
    Buffers buffers = buffersAt(y0);
    int n = l.length;
    a.rows(y0, rowsAt(y0), buffers.a);
    b.rows(y0, rowsAt(y0), buffers.b);
    // lightness() is done with the strip's RGB: reuse those planes for the result.
    SrgbGamut.toSrgb(l, buffers.a, buffers.b, buffers.red(), buffers.green(), buffers.blue());
    int bands = photo.hasAlpha() ? 4 : 3;
    int[] argb = photo.argb();
    int base = y0 * width;
    for (int i = 0, s = base * bands; i < n; i++, s += bands) {
      dst[s] = sixteenBit(buffers.red()[i]);
      dst[s + 1] = sixteenBit(buffers.green()[i]);
      dst[s + 2] = sixteenBit(buffers.blue()[i]);
      if (bands == 4) {
        dst[s + 3] = (short) ((argb[base + i] >>> 24) * 257);
      }
    }
  }

  private static short sixteenBit(float unit) {
    return (short) Math.round(Math.min(1f, Math.max(0f, unit)) * 65535f);
  }

  private Buffers buffersAt(int y0) {
    int n = rowsAt(y0) * width;
    if (rowsAt(y0) == rows) {
      if (full == null) {
        full = new Buffers(n, photo.isHighPrecision());
      }
      return full;
    }
    if (last == null) {
      last = new Buffers(n, photo.isHighPrecision());
    }
    return last;
  }

  /** One strip's planes, each of exactly the strip's pixel count (the kernels demand it). */
  private record Buffers(int[] pixels, int[] out, float[] l, float[] a, float[] b,
      float[][] rgb) {
    Buffers(int n, boolean highPrecision) {
      this(new int[n], new int[n], new float[n], new float[n], new float[n],
          highPrecision ? new float[][] {new float[n], new float[n], new float[n]} : null);
    }

    float[] red() {
      return rgb[0];
    }

    float[] green() {
      return rgb[1];
    }

    float[] blue() {
      return rgb[2];
    }
  }
}
