package io.github.colorize.training.train;

import io.github.colorize.dl4j.train.TrainingLoss;
import io.github.colorize.model.OutputKind;
import java.util.Locale;

/** The loss variants of the paper's ablation. */
public enum LossVariant {
  /** Soft-target cross-entropy, class-rebalanced with lambda 0.5: the paper's full method. */
  FULL(0.5, TrainingLoss.SOFT_CROSS_ENTROPY, OutputKind.LOGITS),
  /** The same cross-entropy without rebalancing (lambda 1, every weight 1). */
  CLASS(1.0, TrainingLoss.SOFT_CROSS_ENTROPY, OutputKind.LOGITS),
  /** Euclidean regression on ab: the desaturated baseline; the network ends in 2 channels. */
  L2(1.0, TrainingLoss.L2, OutputKind.AB);

  private final double lambda;
  private final TrainingLoss loss;
  private final OutputKind outputKind;

  LossVariant(double lambda, TrainingLoss loss, OutputKind outputKind) {
    this.lambda = lambda;
    this.loss = loss;
    this.outputKind = outputKind;
  }

  /** Rebalancing lambda (1 = no rebalancing). */
  public double lambda() {
    return lambda;
  }

  /** The loss the training graph minimizes. */
  public TrainingLoss loss() {
    return loss;
  }

  /** What the network outputs. */
  public OutputKind outputKind() {
    return outputKind;
  }

  /** The command-line name: full, class, l2. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses full, class or l2 (any case).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static LossVariant parse(String text) {
    for (LossVariant v : values()) {
      if (v.id().equalsIgnoreCase(text.trim())) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "loss '" + text + "' is not known, expected one of full, class, l2");
  }
}
