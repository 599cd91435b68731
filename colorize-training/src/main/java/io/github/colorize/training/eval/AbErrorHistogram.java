package io.github.colorize.training.eval;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Accumulates per-pixel ab errors for the paper's AuC metric: the fraction of pixels whose ab
 * distance to the truth is within a threshold t, for t = 0, 1, ..., 150, averaged over the 151
 * thresholds, as a percent.
 *
 * <p>Distances are bucketed by {@code ceil(d)}, which is exact for integer thresholds: a pixel is
 * within t exactly when {@code ceil(d) <= t}. A weighted twin of the histogram gives the
 * rebalanced AuC, where weights are pooled over everything added (not normalized per image).
 * Not thread-safe; give each thread its own and {@link #merge} them.
 */
public final class AbErrorHistogram {

  /** The largest threshold of the curve. */
  public static final int MAX_THRESHOLD = 150;

  // bucket k <= MAX_THRESHOLD: ceil(d) == k; bucket MAX_THRESHOLD + 1: beyond the curve
  private final long[] counts = new long[MAX_THRESHOLD + 2];
  private final double[] weighted = new double[MAX_THRESHOLD + 2];
  private long pixels;
  private double weightSum;
  private double squaredErrorSum;

  /** An empty histogram. */
  public AbErrorHistogram() {}

  /**
   * Adds {@code n} pixels.
   *
   * @param predA predicted a, one value per pixel
   * @param predB predicted b
   * @param trueA true a
   * @param trueB true b
   * @param weights per-pixel weight for the rebalanced curve (e.g. 1 / prior of the true color's
   *     nearest bin), or null for all ones
   */
  public void add(float[] predA, float[] predB, float[] trueA, float[] trueB, float[] weights) {
    checkNotNull(predA, "predA");
    checkNotNull(predB, "predB");
    checkNotNull(trueA, "trueA");
    checkNotNull(trueB, "trueB");
    int n = trueA.length;
    checkArgument(predA.length == n && predB.length == n && trueB.length == n,
        "plane lengths differ: predA %s, predB %s, trueA %s, trueB %s", predA.length,
        predB.length, n, trueB.length);
    checkArgument(weights == null || weights.length == n, "weights has %s values, expected %s",
        weights == null ? 0 : weights.length, n);
    for (int i = 0; i < n; i++) {
      double da = predA[i] - trueA[i];
      double db = predB[i] - trueB[i];
      double d2 = da * da + db * db;
      double d = Math.sqrt(d2);
      int bucket = d > MAX_THRESHOLD ? MAX_THRESHOLD + 1 : (int) Math.ceil(d);
      double w = weights == null ? 1 : weights[i];
      counts[bucket]++;
      weighted[bucket] += w;
      weightSum += w;
      squaredErrorSum += d2;
    }
    pixels += n;
  }

  /** Adds everything {@code other} holds to this histogram. */
  public void merge(AbErrorHistogram other) {
    for (int k = 0; k < counts.length; k++) {
      counts[k] += other.counts[k];
      weighted[k] += other.weighted[k];
    }
    pixels += other.pixels;
    weightSum += other.weightSum;
    squaredErrorSum += other.squaredErrorSum;
  }

  /** Number of pixels added. */
  public long pixels() {
    return pixels;
  }

  /** Area under the cumulative error curve, percent (100 = every pixel exact). */
  public double auc() {
    checkArgument(pixels > 0, "no pixels were added");
    double[] c = new double[counts.length];
    for (int k = 0; k < c.length; k++) {
      c[k] = counts[k];
    }
    return area(c, pixels);
  }

  /** The same area with every pixel weighted, weights pooled over all pixels added. */
  public double aucRebalanced() {
    checkArgument(weightSum > 0, "no weighted pixels were added");
    return area(weighted, weightSum);
  }

  /** Fraction of pixels within threshold {@code t}, for plotting the curve. */
  public double fractionWithin(int t) {
    checkArgument(t >= 0 && t <= MAX_THRESHOLD, "t is %s, expected in [0, %s]", t,
        MAX_THRESHOLD);
    long within = 0;
    for (int k = 0; k <= t; k++) {
      within += counts[k];
    }
    return within / (double) pixels;
  }

  /**
   * PSNR of ab in dB, taking the ab range [-110, 110] (220) as the peak, so that an all-wrong
   * prediction scores near 0 and the value is comparable across images.
   */
  public double psnrAb() {
    checkArgument(pixels > 0, "no pixels were added");
    // Mean squared error per channel: the sum holds a^2 + b^2, two channels per pixel.
    double mse = squaredErrorSum / (2.0 * pixels);
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(220.0 * 220.0 / mse);
  }

  private static double area(double[] buckets, double total) {
    double cumulative = 0;
    double sum = 0;
    for (int t = 0; t <= MAX_THRESHOLD; t++) {
      cumulative += buckets[t];
      sum += cumulative / total;
    }
    return 100 * sum / (MAX_THRESHOLD + 1);
  }
}
