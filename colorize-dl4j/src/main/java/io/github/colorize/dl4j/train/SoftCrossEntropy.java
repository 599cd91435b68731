package io.github.colorize.dl4j.train;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Soft-target multinomial cross-entropy on logits, per pixel weighted:
 *
 * <pre>
 *   loss = mean over n, y, x of  w[n,y,x] * sum_q z[n,q,y,x] * (lse[n,y,x] - logits[n,q,y,x])
 *   lse  = m + log sum_q exp(logits_q - m),   m = max_q logits_q
 * </pre>
 *
 * Written out with elementwise ops and reductions, because SameDiff's logSoftmax op breaks gradient
 * creation in 1.0.0-M2.1. The gradient with respect to the logits is {@code w * (softmax * sum_q z -
 * z) / (N h w)}; it reduces to {@code w * (softmax - z)} for targets that sum to 1.
 */
public final class SoftCrossEntropy {

  /** Name of the scalar loss variable. */
  public static final String LOSS = "loss";

  private SoftCrossEntropy() {}

  /**
   * Adds the loss to {@code sd}.
   *
   * @param logits {@code [N, Q, h, w]}
   * @param target soft targets {@code [N, Q, h, w]}
   * @param weight per-pixel weights {@code [N, 1, h, w]}
   * @return the scalar loss, named {@link #LOSS}
   */
  public static SDVariable build(SameDiff sd, SDVariable logits, SDVariable target,
      SDVariable weight) {
    SDVariable max = logits.max("__ce_max", true, 1);
    SDVariable shifted = logits.sub("__ce_shifted", max);
    SDVariable sumExp = sd.math().exp("__ce_exp", shifted).sum("__ce_sumexp", true, 1);
    SDVariable lse = sd.math().log("__ce_logsumexp", sumExp).add("__ce_lse", max);
    // sum_q z_q (lse - x_q) = lse * sum_q z_q - sum_q z_q x_q
    SDVariable targetMass = target.sum("__ce_zsum", true, 1);
    SDVariable dot = target.mul("__ce_zx", logits).sum("__ce_zdotx", true, 1);
    SDVariable perPixel = lse.mul("__ce_lse_z", targetMass).sub("__ce_pixel", dot);
    return perPixel.mul("__ce_weighted", weight).mean(LOSS);
  }
}
