package io.github.colorize.video;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.ByteBuffer;

/**
 * An experiment of {@code VideoBench encoding} (not used by {@code colorize video}): converts sRGB
 * frames to 8-bit YUV 4:2:0 (BT.601, limited range, planes Y, U, V one after another) with
 * temporally steady chroma.
 *
 * <p>Rounding chroma to 8 bits afresh in every frame turns the grain of the gray input into color
 * flicker: the exact chroma of a pixel depends on its lightness, which the grain changes from
 * frame to frame, so the rounded U and V of a steady color flip by a level between frames (a level
 * of V is about 0.6 a*b* units). Here each chroma sample keeps its value of the previous frame
 * while the exact value stays within {@code deadBand} levels of it, and is rounded afresh
 * otherwise; luma (which carries L) is rounded exactly in every frame. It restores the flicker of
 * a lossless YUV file to that of the RGB frames, but not of an H.264 one (docs/BENCHMARKS.md).
 */
final class Yuv420Converter {

  private final int width;
  private final int height;
  private final float deadBand;
  private final ByteBuffer buffer;
  private final byte[] luma;
  private final byte[] chroma;
  private final float[] exactChroma;
  private boolean first = true;

  /**
   * A converter for frames of {@code width} x {@code height} (both even).
   *
   * @param deadBand in 8-bit chroma levels, in [0, 2]; 0 or below 0.5 rounds every frame afresh
   */
  Yuv420Converter(int width, int height, double deadBand) {
    checkArgument(width > 0 && height > 0 && width % 2 == 0 && height % 2 == 0,
        "YUV 4:2:0 size is %sx%s, expected even sides", width, height);
    checkArgument(deadBand >= 0 && deadBand <= 2, "chroma dead band is %s, expected in [0, 2]"
        + " levels", deadBand);
    this.width = width;
    this.height = height;
    this.deadBand = (float) deadBand;
    int chromaSize = width / 2 * (height / 2);
    luma = new byte[width * height];
    chroma = new byte[2 * chromaSize];
    exactChroma = new float[2 * chromaSize];
    buffer = ByteBuffer.allocateDirect(luma.length + chroma.length);
  }

  /** The planes' size in bytes. */
  int size() {
    return buffer.capacity();
  }

  /**
   * Converts a frame of {@code 0xAARRGGBB} pixels, {@code srcWidth} x {@code srcHeight}, at most
   * one column and one row smaller than this converter's size (the last one is repeated).
   *
   * @return the Y, U and V planes, in a direct buffer reused by the next call
   */
  ByteBuffer convert(int[] argb, int srcWidth, int srcHeight) {
    checkArgument(argb.length == srcWidth * srcHeight && srcWidth <= width
        && srcWidth >= width - 1 && srcHeight <= height && srcHeight >= height - 1,
        "frame of %s pixels (%sx%s) for a %sx%s converter", argb.length, srcWidth, srcHeight,
        width, height);
    int cw = width / 2;
    int chromaSize = cw * (height / 2);
    for (int cy = 0; cy < height / 2; cy++) {
      int r0 = Math.min(2 * cy, srcHeight - 1) * srcWidth;
      int r1 = Math.min(2 * cy + 1, srcHeight - 1) * srcWidth;
      for (int cx = 0; cx < cw; cx++) {
        int x0 = Math.min(2 * cx, srcWidth - 1);
        int x1 = Math.min(2 * cx + 1, srcWidth - 1);
        int p00 = argb[r0 + x0];
        int p01 = argb[r0 + x1];
        int p10 = argb[r1 + x0];
        int p11 = argb[r1 + x1];
        luma[2 * cy * width + 2 * cx] = luma(p00);
        luma[2 * cy * width + 2 * cx + 1] = luma(p01);
        luma[(2 * cy + 1) * width + 2 * cx] = luma(p10);
        luma[(2 * cy + 1) * width + 2 * cx + 1] = luma(p11);
        // Chroma of the 2 x 2 block's mean color (U and V are linear in R'G'B').
        float r = ((p00 >> 16 & 0xff) + (p01 >> 16 & 0xff) + (p10 >> 16 & 0xff)
            + (p11 >> 16 & 0xff)) * 0.25f;
        float g = ((p00 >> 8 & 0xff) + (p01 >> 8 & 0xff) + (p10 >> 8 & 0xff)
            + (p11 >> 8 & 0xff)) * 0.25f;
        float b = ((p00 & 0xff) + (p01 & 0xff) + (p10 & 0xff) + (p11 & 0xff)) * 0.25f;
        int i = cy * cw + cx;
        exactChroma[i] = 128 + (-37.797f * r - 74.203f * g + 112.0f * b) / 255f;
        exactChroma[chromaSize + i] = 128 + (112.0f * r - 93.786f * g - 18.214f * b) / 255f;
      }
    }
    for (int i = 0; i < exactChroma.length; i++) {
      float exact = exactChroma[i];
      if (first || Math.abs(exact - (chroma[i] & 0xff)) > deadBand) {
        chroma[i] = (byte) Math.max(16, Math.min(240, Math.round(exact)));
      }
    }
    first = false;
    buffer.clear();
    buffer.put(luma).put(chroma).flip();
    return buffer;
  }

  /** BT.601 limited-range luma of an sRGB pixel, rounded. */
  private static byte luma(int p) {
    float y = 16 + (65.481f * (p >> 16 & 0xff) + 128.553f * (p >> 8 & 0xff)
        + 24.966f * (p & 0xff)) / 255f;
    return (byte) Math.round(y);
  }
}
