package io.github.colorize.training.eval;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.Colorizer;
import io.github.colorize.model.ModelFile;
import io.github.colorize.pipeline.AbPlanes;
import io.github.colorize.quant.AbGamut;
import io.github.colorize.quant.ColorPrior;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Evaluates a model file the way users run it: through a {@link Colorizer} on the best backend
 * (ONNX Runtime when present), predicting ab at full resolution.
 *
 * @param inputSize the network input side, 0 for the model's own (else 224)
 * @param temperature the annealed-mean temperature; NaN for the model's own recommendation
 * @param prior which prior weights the rebalanced AuC
 * @param backend backend name, or null for the best available
 */
public record ModelEvaluation(int inputSize, double temperature, PriorChoice prior,
    String backend) {

  /** Which prior weights the rebalanced AuC. */
  public enum PriorChoice {
    /** The model file's training prior, else ImageNet's. */
    MODEL,
    /** The released ImageNet prior (comparable with the paper). */
    IMAGENET
  }

  public ModelEvaluation {
    checkArgument(inputSize == 0 || (inputSize >= 16 && inputSize % 8 == 0),
        "input size is %s, expected 0 (the model's) or a multiple of 8, >= 16", inputSize);
    checkArgument(Double.isNaN(temperature) || (temperature >= 0 && temperature <= 10),
        "temperature is %s, expected in [0, 10]", temperature);
    checkNotNull(prior, "prior");
  }

  /** The prior this evaluation weights with, for {@code model}, and its name. */
  public static ColorPrior priorFor(ModelFile model, PriorChoice choice) {
    if (choice == PriorChoice.MODEL && model.metadata().hasPrior()) {
      return ColorPrior.of(AbGamut.zhang2016(), model.metadata().prior());
    }
    return ColorPrior.imagenet();
  }

  /**
   * Scores {@code model} on {@code files}.
   *
   * @param progress called after each image (may be null)
   */
  public EvaluationReport evaluate(ModelFile model, List<Path> files, IntConsumer progress) {
    checkNotNull(model, "model");
    boolean ownPrior = prior == PriorChoice.MODEL && model.metadata().hasPrior();
    Colorizer.Builder builder = Colorizer.builder().model(model);
    if (inputSize > 0) {
      builder.inputSize(inputSize);
    }
    if (!Double.isNaN(temperature)) {
      builder.temperature(temperature);
    }
    if (backend != null) {
      builder.backend(backend);
    }
    try (Colorizer colorizer = builder.build()) {
      Evaluator evaluator = new Evaluator(priorFor(model, prior));
      return evaluator.evaluate(model.source(), ownPrior ? "model" : "imagenet",
          colorizer.temperature(), files, photo -> {
            AbPlanes ab = colorizer.predictAb(photo);
            return new float[][] {ab.a(), ab.b()};
          }, progress);
    }
  }

  /** The first {@code limit} files (0 = all). */
  public static List<Path> limit(List<Path> files, int limit) {
    return limit <= 0 || limit >= files.size() ? files : files.subList(0, limit);
  }
}
