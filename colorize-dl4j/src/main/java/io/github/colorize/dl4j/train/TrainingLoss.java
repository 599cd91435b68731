package io.github.colorize.dl4j.train;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** The loss a {@link TrainingGraph} minimizes, per pixel, weighted, averaged over N x h x w. */
public enum TrainingLoss {
  /**
   * Multinomial cross-entropy with soft targets on class logits ({@link SoftCrossEntropy}); the
   * target is the soft-encoded ab distribution {@code [N, Q, h, w]}.
   */
  SOFT_CROSS_ENTROPY {
    @Override
    SDVariable build(SameDiff sd, SDVariable output, SDVariable target, SDVariable weight) {
      return SoftCrossEntropy.build(sd, output, target, weight);
    }
  },
  /**
   * Half the squared Euclidean distance on a regression output ({@link WeightedL2}); the target
   * has the output's shape, e.g. ab in Lab units {@code [N, 2, h, w]}.
   */
  L2 {
    @Override
    SDVariable build(SameDiff sd, SDVariable output, SDVariable target, SDVariable weight) {
      return WeightedL2.build(sd, output, target, weight);
    }
  };

  /** Adds the loss to {@code sd}; returns the scalar loss variable. */
  abstract SDVariable build(SameDiff sd, SDVariable output, SDVariable target, SDVariable weight);
}
