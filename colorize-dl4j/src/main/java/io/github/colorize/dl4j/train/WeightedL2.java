package io.github.colorize.dl4j.train;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Per-pixel weighted half squared Euclidean distance, the paper's L2 baseline:
 *
 * <pre>
 *   loss = mean over n, y, x of  w[n,y,x] * 1/2 * sum_c (pred[n,c,y,x] - target[n,c,y,x])^2
 * </pre>
 */
public final class WeightedL2 {

  private WeightedL2() {}

  /**
   * Adds the loss to {@code sd}.
   *
   * @param prediction {@code [N, C, h, w]} (C = 2 for ab)
   * @param target the same shape
   * @param weight per-pixel weights {@code [N, 1, h, w]}
   * @return the scalar loss, named {@link SoftCrossEntropy#LOSS}
   */
  public static SDVariable build(SameDiff sd, SDVariable prediction, SDVariable target,
      SDVariable weight) {
    SDVariable diff = prediction.sub("__l2_diff", target);
    SDVariable perPixel = diff.mul("__l2_sq", diff).sum("__l2_pixel", true, 1).mul("__l2_half", 0.5);
    return perPixel.mul("__l2_weighted", weight).mean(SoftCrossEntropy.LOSS);
  }
}
