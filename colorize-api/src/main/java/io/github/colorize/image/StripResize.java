package io.github.colorize.image;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Resizes one plane a strip of output rows at a time, so that a full-resolution result never
 * has to exist whole: how the network's small ab planes are enlarged to the photo's size strip by
 * strip. Each strip is exactly the matching rows of {@link Resampler#resize(float[], int, int,
 * int, int, int, Resampler.Filter)}'s result (same passes in the same order, same float
 * operations). It holds the source and, when the whole-image resize would go horizontal first,
 * the source's rows resized horizontally ({@code srcHeight x dstWidth} floats).
 *
 * <p>Thread-safe once built: strips may be asked for in any order, from any thread.
 */
public final class StripResize {

  private final float[] src;
  private final int srcWidth;
  private final int srcHeight;
  private final int dstWidth;
  private final int dstHeight;
  private final AxisTaps x;
  private final AxisTaps y;
  /** The source resized horizontally, when that pass comes first; else null. */
  private final float[] widened;

  /**
   * @param src the source plane, {@code srcWidth * srcHeight} floats (kept, not copied)
   * @throws IllegalArgumentException if a size is not positive or {@code src} has another length
   */
  public StripResize(float[] src, int srcWidth, int srcHeight, int dstWidth, int dstHeight,
      Resampler.Filter filter) {
    checkNotNull(src, "src");
    checkNotNull(filter, "filter");
    checkArgument(srcWidth > 0 && srcHeight > 0 && dstWidth > 0 && dstHeight > 0,
        "sizes %sx%s -> %sx%s, expected all > 0", srcWidth, srcHeight, dstWidth, dstHeight);
    checkArgument((long) srcWidth * srcHeight == src.length,
        "src holds %s values, expected %sx%s", src.length, srcWidth, srcHeight);
    this.src = src;
    this.srcWidth = srcWidth;
    this.srcHeight = srcHeight;
    this.dstWidth = dstWidth;
    this.dstHeight = dstHeight;
    this.x = Resampler.tapsOrNull(srcWidth, dstWidth, filter);
    this.y = Resampler.tapsOrNull(srcHeight, dstHeight, filter);
    if (x != null && y != null
        && Resampler.horizontalFirst(srcWidth, srcHeight, dstWidth, dstHeight, x, y)) {
      widened = new float[Math.multiplyExact(srcHeight, dstWidth)];
      Resampler.horizontal(src, srcWidth, srcHeight, widened, dstWidth, x);
    } else {
      widened = null;
    }
  }

  /**
   * Writes output rows {@code [y0, y0 + rows)} to the start of {@code out} ({@code rows *
   * dstWidth} values; the array may be longer).
   *
   * @throws IllegalArgumentException if the rows lie outside the output or {@code out} is short
   */
  public void rows(int y0, int rows, float[] out) {
    checkNotNull(out, "out");
    checkArgument(y0 >= 0 && rows > 0 && y0 + rows <= dstHeight,
        "rows [%s, %s) outside the output's %s rows", y0, y0 + rows, dstHeight);
    checkArgument((long) rows * dstWidth <= out.length,
        "out holds %s values, expected at least %s rows of %s", out.length, rows, dstWidth);
    if (x == null && y == null) {
      System.arraycopy(src, y0 * srcWidth, out, 0, rows * srcWidth);
    } else if (x == null || widened != null) {
      float[] source = widened != null ? widened : src;
      Resampler.forRows(rows, (long) rows * dstWidth, (from, to) -> {
        for (int r = from; r < to; r++) {
          Resampler.verticalRow(source, 0, dstWidth, out, r * dstWidth, y0 + r, y);
        }
      });
    } else if (y == null) {
      Resampler.forRows(rows, (long) rows * dstWidth, (from, to) -> {
        for (int r = from; r < to; r++) {
          Resampler.horizontalRow(src, (y0 + r) * srcWidth, out, r * dstWidth, dstWidth, x);
        }
      });
    } else {
      // Vertical first: these rows' vertical pass at the source width, then horizontal.
      float[] tall = new float[rows * srcWidth];
      Resampler.forRows(rows, (long) rows * srcWidth, (from, to) -> {
        for (int r = from; r < to; r++) {
          Resampler.verticalRow(src, 0, srcWidth, tall, r * srcWidth, y0 + r, y);
        }
      });
      Resampler.horizontal(tall, srcWidth, rows, out, dstWidth, x);
    }
  }

  /** Output columns. */
  public int width() {
    return dstWidth;
  }

  /** Output rows. */
  public int height() {
    return dstHeight;
  }
}
