package io.github.colorize.training.train;

import io.github.colorize.model.ModelFile;
import io.github.colorize.training.eval.EvaluationReport;

/** Scores a model during training (on the validation folder). */
@FunctionalInterface
public interface ValidationRunner {

  /** Evaluates {@code model}. */
  EvaluationReport validate(ModelFile model);
}
