package io.github.colorize.training.eval;

/**
 * The paper's metrics of one predictor on one image set, percent for the AuCs.
 *
 * @param auc area under the curve of ab error thresholds 0..150
 * @param aucRebalanced the same with pixels weighted by the inverse prior of their true color,
 *     pooled over the set
 * @param psnrAb PSNR of ab in dB (peak: the ab range 220)
 */
public record Metrics(double auc, double aucRebalanced, double psnrAb) {

  /** The metrics a histogram holds. */
  public static Metrics of(AbErrorHistogram h) {
    return new Metrics(h.auc(), h.aucRebalanced(), h.psnrAb());
  }
}
