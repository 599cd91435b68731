package io.github.colorize.training.train;

/**
 * How the learning rate changes over a run, after the linear warm-up.
 */
public enum LrSchedule {
  /** Constant, multiplied once by the drop factor at the drop step (if any). */
  STEP,
  /**
   * Half a cosine from the full rate down to {@code lr * lrDropFactor} at the last iteration:
   * large steps while far from a minimum, small ones to settle into it, with no step to pick.
   */
  COSINE;

  /** Parses {@code step} or {@code cosine} (any case). */
  public static LrSchedule parse(String text) {
    for (LrSchedule s : values()) {
      if (s.name().equalsIgnoreCase(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException("learning rate schedule is '" + text
        + "', expected step or cosine");
  }

  /** The learning rate of step {@code iteration} (0-based) of a run with {@code options}. */
  public double learningRate(TrainingOptions options, long iteration) {
    double lr = options.learningRate();
    long warmup = options.warmup();
    if (iteration < warmup) {
      lr *= (iteration + 1.0) / warmup;
    }
    switch (this) {
      case STEP -> {
        if (options.lrDropAt() > 0 && iteration >= options.lrDropAt()) {
          lr *= options.lrDropFactor();
        }
      }
      case COSINE -> {
        double span = Math.max(1, options.iterations() - 1 - warmup);
        double progress = Math.min(1, Math.max(0, (iteration - warmup) / span));
        double floor = options.lrDropFactor();
        lr *= floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
      }
      default -> throw new AssertionError(this);
    }
    return lr;
  }
}
