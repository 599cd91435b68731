package io.github.colorize.model.quantize;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * What calibration sees of one activation tensor: its extremes and a histogram over a symmetric
 * range {@code [-r, r)} that doubles (merging bin pairs) whenever a value falls outside, so one
 * pass over the photos serves every {@link CalibrationMethod}.
 */
final class ActivationHistogram {

  /** Bins over {@code [-r, r)}; even, and its half even, so doubling merges aligned pairs. */
  static final int BINS = 4096;
  private static final double PERCENTILE_TAIL = 1e-5;

  private final long[] counts = new long[BINS];
  private double radius;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private long total;

  /** Adds every value of {@code values}. */
  void add(float[] values) {
    checkArgument(values.length > 0, "the engine returned an empty activation tensor");
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (!Float.isFinite(lo) || !Float.isFinite(hi)) {
      throw new IllegalArgumentException("calibration met a non-finite activation (" + lo + ", "
          + hi + "); the float model itself overflows on these photos");
    }
    min = Math.min(min, lo);
    max = Math.max(max, hi);
    double needed = Math.max(Math.abs(lo), Math.abs(hi));
    if (radius == 0) {
      radius = needed > 0 ? needed * 1.0001 : 1e-6;
    }
    while (needed >= radius) {
      grow();
    }
    double perBin = BINS / (2 * radius);
    for (float v : values) {
      int bin = (int) ((v + radius) * perBin);
      counts[Math.min(BINS - 1, Math.max(0, bin))]++;
    }
    total += values.length;
  }

  /** Doubles the radius: old bins i and i+1 (aligned) land in one new bin. */
  private void grow() {
    long[] merged = new long[BINS];
    for (int i = 0; i < BINS; i++) {
      merged[BINS / 4 + i / 2] += counts[i];
    }
    System.arraycopy(merged, 0, counts, 0, BINS);
    radius *= 2;
  }

  /** Values added so far. */
  long total() {
    return total;
  }

  /** The range {@code method} chooses. */
  ActivationRange range(CalibrationMethod method) {
    if (total == 0) {
      throw new IllegalStateException("no values were seen");
    }
    return switch (method) {
      case MINMAX -> ActivationRange.around0(min, max);
      case PERCENTILE -> ActivationRange.around0(
          Math.max(min, quantile(PERCENTILE_TAIL)), Math.min(max, quantile(1 - PERCENTILE_TAIL)));
      case ENTROPY -> entropyRange();
    };
  }

  private double binLow(int bin) {
    return -radius + bin * 2 * radius / BINS;
  }

  /** The lower edge of the bin where the cumulative fraction reaches {@code q} (upper edge above 0.5). */
  private double quantile(double q) {
    long target = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < BINS; i++) {
      seen += counts[i];
      if (seen >= target && seen > 0) {
        return q < 0.5 ? binLow(i) : binLow(i + 1);
      }
    }
    return max;
  }

  /**
   * TensorRT's entropy calibration on the magnitudes: the threshold t that minimizes the KL
   * divergence between the histogram of |x| clipped at t and its quantization to the levels a
   * uint8 tensor has on that side of zero; the range is {@code [max(min, -t), min(max, t)]}.
   */
  private ActivationRange entropyRange() {
    int half = BINS / 2;
    long[] magnitude = new long[half];
    for (int i = 0; i < half; i++) {
      magnitude[i] = counts[half + i] + counts[half - 1 - i];
    }
    // A one-sided tensor (after a ReLU) has all 255 levels on one side, a two-sided one about half.
    int levels = min >= 0 || max <= 0 ? ActivationRange.LEVELS : (ActivationRange.LEVELS + 1) / 2;
    int last = half;
    while (last > 1 && magnitude[last - 1] == 0) {
      last--;
    }
    if (last <= levels) {
      return ActivationRange.around0(min, max);
    }
    double bestDivergence = Double.POSITIVE_INFINITY;
    int best = last;
    for (int t = levels; t <= last; t++) {
      double d = divergence(magnitude, t, levels);
      if (d < bestDivergence) {
        bestDivergence = d;
        best = t;
      }
    }
    double threshold = best * radius / half;
    return ActivationRange.around0(Math.max(min, -threshold), Math.min(max, threshold));
  }

  /**
   * KL(P || Q): P the first t bins with the tail folded into bin t-1; Q the same t bins without
   * the tail, merged to {@code levels} and spread back over the bins P holds values in. Q lacks
   * the tail on purpose: clipping is what the divergence must charge for.
   */
  private static double divergence(long[] hist, int t, int levels) {
    double[] p = new double[t];
    for (int i = 0; i < t; i++) {
      p[i] = hist[i];
    }
    for (int i = t; i < hist.length; i++) {
      p[t - 1] += hist[i];
    }
    double[] q = new double[t];
    double perLevel = (double) t / levels;
    for (int level = 0; level < levels; level++) {
      int from = (int) Math.floor(level * perLevel);
      int to = level == levels - 1 ? t : (int) Math.floor((level + 1) * perLevel);
      double sum = 0;
      int nonZero = 0;
      for (int i = from; i < to; i++) {
        sum += hist[i];
        nonZero += p[i] > 0 ? 1 : 0;
      }
      for (int i = from; i < to; i++) {
        q[i] = p[i] > 0 && nonZero > 0 ? sum / nonZero : 0;
      }
    }
    double pTotal = 0;
    double qTotal = 0;
    for (int i = 0; i < t; i++) {
      pTotal += p[i];
      qTotal += q[i];
    }
    if (pTotal == 0 || qTotal == 0) {
      return Double.POSITIVE_INFINITY;
    }
    double kl = 0;
    for (int i = 0; i < t; i++) {
      if (p[i] > 0) {
        double pi = p[i] / pTotal;
        double qi = q[i] > 0 ? q[i] / qTotal : 1e-12;
        kl += pi * Math.log(pi / qi);
      }
    }
    return kl;
  }
}
