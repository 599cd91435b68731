package io.github.colorize.image;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

/**
 * Resizes one plane that arrives a strip of rows at a time, top to bottom, so that the source
 * never has to exist whole: how a photo's full-resolution L is shrunk to the network size while
 * only a strip of it is in memory. The result is exactly {@link Resampler#resize(float[], int,
 * int, int, int, int, Resampler.Filter)}'s (same passes in the same order, same float
 * operations); the memory it holds is the output plus one intermediate of {@code srcHeight x
 * dstWidth} or {@code dstHeight x srcWidth} floats, whichever pass order the whole-image resize
 * would pick.
 *
 * <p>Not thread-safe: one feeder per plane.
 */
public final class FedResize {

  private final int srcWidth;
  private final int srcHeight;
  private final int dstWidth;
  private final int dstHeight;
  private final AxisTaps x;
  private final AxisTaps y;
  private final boolean horizontalFirst;
  /** Where the fed rows go: the output, or the intermediate of a two-pass resize. */
  private final float[] target;
  private final float[] dst;
  private int nextRow;

  /**
   * @throws IllegalArgumentException if a size is not positive or the output does not fit an
   *     array
   */
  public FedResize(int srcWidth, int srcHeight, int dstWidth, int dstHeight,
      Resampler.Filter filter) {
    checkArgument(srcWidth > 0 && srcHeight > 0 && dstWidth > 0 && dstHeight > 0,
        "sizes %sx%s -> %sx%s, expected all > 0", srcWidth, srcHeight, dstWidth, dstHeight);
    checkNotNull(filter, "filter");
    checkArgument((long) dstWidth * dstHeight <= Integer.MAX_VALUE - 8,
        "%sx%s does not fit an array", dstWidth, dstHeight);
    this.srcWidth = srcWidth;
    this.srcHeight = srcHeight;
    this.dstWidth = dstWidth;
    this.dstHeight = dstHeight;
    this.x = Resampler.tapsOrNull(srcWidth, dstWidth, filter);
    this.y = Resampler.tapsOrNull(srcHeight, dstHeight, filter);
    this.horizontalFirst = x != null && y != null
        && Resampler.horizontalFirst(srcWidth, srcHeight, dstWidth, dstHeight, x, y);
    this.dst = new float[dstWidth * dstHeight];
    if (x != null && y != null) {
      target = horizontalFirst ? new float[Math.multiplyExact(srcHeight, dstWidth)]
          : new float[Math.multiplyExact(dstHeight, srcWidth)];
    } else {
      target = dst;
    }
  }

  /**
   * Takes the next {@code rows} source rows, held at the start of {@code strip} ({@code rows *
   * srcWidth} values; the array may be longer).
   *
   * @throws IllegalArgumentException if the rows would pass the source's last row or the strip is
   *     too short
   */
  public void accept(float[] strip, int rows) {
    checkNotNull(strip, "strip");
    checkArgument(rows > 0 && nextRow + rows <= srcHeight,
        "%s rows from row %s pass the source's %s rows", rows, nextRow, srcHeight);
    checkArgument((long) rows * srcWidth <= strip.length,
        "strip holds %s values, expected at least %s rows of %s", strip.length, rows, srcWidth);
    int y0 = nextRow;
    if (x == null && y == null) {
      System.arraycopy(strip, 0, dst, y0 * srcWidth, rows * srcWidth);
    } else if (y == null || horizontalFirst) {
      // Rows keep their index: shrink each horizontally into the output or the intermediate.
      Resampler.forRows(rows, (long) rows * dstWidth, (from, to) -> {
        for (int r = from; r < to; r++) {
          Resampler.horizontalRow(strip, r * srcWidth, target, (y0 + r) * dstWidth, dstWidth, x);
        }
      });
    } else {
      accumulateVertical(strip, y0, rows);
    }
    nextRow += rows;
  }

  /**
   * Adds source rows {@code [y0, y0 + rows)} to every output row whose taps read them, exactly as
   * {@link Resampler#verticalRow} would: the first tap assigns, later taps add, in row order.
   */
  private void accumulateVertical(float[] strip, int y0, int rows) {
    int y1 = y0 + rows;
    int lo = 0;
    while (lo < dstHeight && y.first[lo] + y.count[lo] <= y0) {
      lo++;
    }
    int hi = lo;
    while (hi < dstHeight && y.first[hi] < y1) {
      hi++;
    }
    int from = lo;
    int width = srcWidth;
    Resampler.forRows(hi - lo, (long) (hi - lo) * width * 2, (a, b) -> {
      for (int i = from + a; i < from + b; i++) {
        int first = y.first[i];
        int out = i * width;
        int wi = i * y.width;
        int j0 = Math.max(first, y0);
        int j1 = Math.min(first + y.count[i], y1);
        for (int j = j0; j < j1; j++) {
          int k = j - first;
          float wk = y.weight[wi + k];
          int in = (j - y0) * width;
          if (k == 0) {
            for (int c = 0; c < width; c++) {
              target[out + c] = wk * strip[in + c];
            }
          } else {
            for (int c = 0; c < width; c++) {
              target[out + c] += wk * strip[in + c];
            }
          }
        }
      }
    });
  }

  /**
   * The resized plane, {@code dstWidth * dstHeight} floats, once every source row was fed.
   *
   * @throws IllegalStateException if rows are missing
   */
  public float[] result() {
    checkState(nextRow == srcHeight, "%s of %s source rows were fed", nextRow, srcHeight);
    if (x != null && y != null) {
      if (horizontalFirst) {
        Resampler.forRows(dstHeight, (long) dstHeight * dstWidth, (from, to) -> {
          for (int i = from; i < to; i++) {
            Resampler.verticalRow(target, 0, dstWidth, dst, i * dstWidth, i, y);
          }
        });
      } else {
        Resampler.horizontal(target, srcWidth, dstHeight, dst, dstWidth, x);
      }
    }
    return dst;
  }
}
