package io.github.colorize.quant;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.color.ParallelLoop;

/**
 * Class-rebalancing weights: {@code w_q} proportional to {@code ((1 - lambda) p_q + lambda /
 * Q)^-1}, normalized so that {@code sum_q p_q w_q = 1}. Rare colors weigh more, so the loss does
 * not settle on desaturated ones. A pixel's weight is that of its nearest bin.
 *
 * <p>lambda = 0.5 in the paper ("full" loss); lambda = 1 gives every weight 1 (the "class"
 * variant, no rebalancing). Instances are immutable and thread-safe.
 */
public final class RebalanceWeights {

  /** The paper's lambda. */
  public static final double PAPER_LAMBDA = 0.5;

  private static final int GRAIN = 1 << 15;

  private final ColorPrior prior;
  private final double lambda;
  private final double[] weights;
  private final float[] floatWeights;

  private RebalanceWeights(ColorPrior prior, double lambda, double[] weights) {
    this.prior = prior;
    this.lambda = lambda;
    this.weights = weights;
    this.floatWeights = new float[weights.length];
    for (int q = 0; q < weights.length; q++) {
      floatWeights[q] = (float) weights[q];
    }
  }

  /** The paper's weights: the ImageNet prior, lambda 0.5. */
  public static RebalanceWeights paperDefaults() {
    return of(ColorPrior.imagenet(), PAPER_LAMBDA);
  }

  /**
   * The weights of a prior.
   *
   * @param lambda mixing with the uniform distribution, in [0, 1]; 0 needs every probability > 0
   */
  public static RebalanceWeights of(ColorPrior prior, double lambda) {
    checkNotNull(prior, "prior");
    checkArgument(lambda >= 0 && lambda <= 1, "lambda is %s, expected in [0, 1]", lambda);
    int bins = prior.size();
    double[] w = new double[bins];
    if (lambda == 1) {
      // Exactly 1 rather than 1 +- rounding: the "class" variant is no rebalancing at all.
      java.util.Arrays.fill(w, 1.0);
      return new RebalanceWeights(prior, lambda, w);
    }
    for (int q = 0; q < bins; q++) {
      double mixed = (1 - lambda) * prior.probability(q) + lambda / bins;
      checkArgument(mixed > 0, "bin %s has probability 0, so lambda = 0 gives it an infinite"
          + " weight: expected lambda > 0", q);
      w[q] = 1 / mixed;
    }
    double expectation = prior.expectation(w);
    for (int q = 0; q < bins; q++) {
      w[q] /= expectation;
    }
    return new RebalanceWeights(prior, lambda, w);
  }

  /** The prior these weights rebalance. */
  public ColorPrior prior() {
    return prior;
  }

  /** lambda. */
  public double lambda() {
    return lambda;
  }

  /** Number of bins. */
  public int size() {
    return weights.length;
  }

  /** Weight of bin {@code q}. */
  public double weight(int q) {
    checkArgument(q >= 0 && q < weights.length, "bin %s out of range [0, %s)", q,
        weights.length);
    return weights[q];
  }

  /** Every weight, by bin (a copy). */
  public double[] weights() {
    return weights.clone();
  }

  /** {@code sum_q p_q w_q}: 1 up to rounding. */
  public double expectedWeight() {
    return prior.expectation(weights);
  }

  /**
   * The weight of an ab value: that of its nearest bin.
   *
   * @throws IllegalArgumentException if a or b is not finite
   */
  public float pixelWeight(float a, float b) {
    return floatWeights[prior.gamut().nearest(a, b)];
  }

  /**
   * The weight of every pixel of an ab plane pair, into a new array.
   *
   * @throws IllegalArgumentException if the planes differ in length or hold a non-finite value
   */
  public float[] pixelWeights(float[] a, float[] b) {
    AbGamut.checkPlanes(a, b);
    float[] out = new float[a.length];
    pixelWeights(a, b, out, 0);
    return out;
  }

  /**
   * The weight of every pixel of an ab plane pair, into {@code out[offset .. offset + pixels)}.
   *
   * @throws IllegalArgumentException if the planes differ in length, {@code out} is too short, or
   *     a value is not finite (naming the pixel)
   */
  public void pixelWeights(float[] a, float[] b, float[] out, int offset) {
    AbGamut.checkPlanes(a, b);
    checkNotNull(out, "out");
    checkArgument(offset >= 0 && (long) offset + a.length <= out.length,
        "out holds %s elements, expected at least offset %s + pixels %s", out.length, offset,
        a.length);
    AbGamut gamut = prior.gamut();
    BinLookupGrid grid = gamut.grid(1);
    ParallelLoop.forRange(a.length, GRAIN, (from, to) -> {
      for (int i = from; i < to; i++) {
        out[offset + i] = floatWeights[gamut.nearestAt(grid, a, b, i)];
      }
    });
  }

  @Override
  public String toString() {
    return "RebalanceWeights[" + prior + ", lambda=" + lambda + "]";
  }
}
