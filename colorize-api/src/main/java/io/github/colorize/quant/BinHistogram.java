package io.github.colorize.quant;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.color.ParallelLoop;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of the nearest bin of every ab value seen, the raw material of a {@link ColorPrior}.
 *
 * <p>Thread-safe: many threads may {@link #add} planes at once (each call counts privately and
 * merges once), and histograms filled separately can be {@link #merge merged}.
 */
public final class BinHistogram {

  private static final int GRAIN = 1 << 15;

  private final AbGamut gamut;
  private final AtomicLongArray counts;

  /** An empty histogram over {@code gamut}'s bins. */
  public BinHistogram(AbGamut gamut) {
    this.gamut = checkNotNull(gamut, "gamut");
    this.counts = new AtomicLongArray(gamut.size());
  }

  /**
   * Counts the nearest bin of every pixel of an ab plane pair.
   *
   * @throws IllegalArgumentException if the planes differ in length or hold a non-finite value
   */
  public void add(float[] a, float[] b) {
    AbGamut.checkPlanes(a, b);
    BinLookupGrid grid = gamut.grid(1);
    ParallelLoop.forRange(a.length, GRAIN, (from, to) -> {
      long[] local = new long[gamut.size()];
      for (int i = from; i < to; i++) {
        local[gamut.nearestAt(grid, a, b, i)]++;
      }
      addAll(local);
    });
  }

  /** Adds another histogram's counts to this one. */
  public void merge(BinHistogram other) {
    checkNotNull(other, "other");
    checkArgument(other.gamut == gamut || other.gamut.id().equals(gamut.id())
        && other.gamut.size() == gamut.size(),
        "cannot merge a histogram over %s into one over %s", other.gamut, gamut);
    addAll(other.counts());
  }

  private void addAll(long[] local) {
    for (int q = 0; q < local.length; q++) {
      if (local[q] != 0) {
        counts.addAndGet(q, local[q]);
      }
    }
  }

  /** The bins counted over. */
  public AbGamut gamut() {
    return gamut;
  }

  /** The count of bin {@code q}. */
  public long count(int q) {
    checkArgument(q >= 0 && q < counts.length(), "bin %s out of range [0, %s)", q,
        counts.length());
    return counts.get(q);
  }

  /** Every count, by bin (a snapshot). */
  public long[] counts() {
    long[] out = new long[counts.length()];
    for (int q = 0; q < out.length; q++) {
      out[q] = counts.get(q);
    }
    return out;
  }

  /** Total number of values counted. */
  public long total() {
    long total = 0;
    for (int q = 0; q < counts.length(); q++) {
      total += counts.get(q);
    }
    return total;
  }

  /**
   * The empirical prior, unsmoothed.
   *
   * @throws IllegalStateException if nothing was counted
   */
  public ColorPrior toPrior() {
    long[] snapshot = counts();
    long total = 0;
    for (long c : snapshot) {
      total += c;
    }
    if (total == 0) {
      throw new IllegalStateException("no ab values were counted: the histogram is empty");
    }
    return ColorPrior.fromCounts(gamut, snapshot);
  }

  /**
   * The empirical prior smoothed as in the paper.
   *
   * @param sigma Gaussian sigma in ab units (the paper uses {@value
   *     ColorPrior#PAPER_SMOOTHING_SIGMA})
   * @throws IllegalStateException if nothing was counted
   */
  public ColorPrior toSmoothedPrior(double sigma) {
    return toPrior().smoothed(sigma);
  }
}
