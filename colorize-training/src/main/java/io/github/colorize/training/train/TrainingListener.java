package io.github.colorize.training.train;

import java.nio.file.Path;

/** Hears what a {@link Trainer} does, e.g. to draw a progress bar. All methods are optional. */
public interface TrainingListener {

  /** Training starts (or resumes) at {@code firstIteration} of {@code options.iterations()}. */
  default void started(TrainingOptions options, long firstIteration, int images) {}

  /** A step finished. */
  default void step(TrainingLog.Step step) {}

  /** A validation finished; {@code best} if it is the best rebalanced AuC so far. */
  default void validated(TrainingLog.Validation validation, boolean best) {}

  /** A checkpoint was written. */
  default void checkpointed(Path file) {}

  /** Training ended. */
  default void finished(TrainingSummary summary) {}

  /** A listener that does nothing. */
  TrainingListener NONE = new TrainingListener() {};
}
