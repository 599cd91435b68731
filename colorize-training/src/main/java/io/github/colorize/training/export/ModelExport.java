package io.github.colorize.training.export;

import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.model.Eccv16;
import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.MetadataKeys;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelMetadata;
import io.github.colorize.quant.AbGamut;
import io.github.colorize.quant.ColorPrior;
import io.github.colorize.tensor.FloatTensor;
import io.github.colorize.training.eval.EvaluationReport;
import io.github.colorize.training.train.TrainingOptions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns trained weights into a colorize model file: the eccv16 graph of the run's width and loss
 * variant, with metadata holding the training prior, the loss, the full recipe, the data
 * manifest hash and (when known) validation metrics.
 */
public final class ModelExport {

  /** Input normalization of every model colorize trains. */
  public static final InputNormalization NORMALIZATION = InputNormalization.PYTORCH;

  private ModelExport() {}

  /** The network a run trains. */
  public static Eccv16 network(TrainingOptions options) {
    return new Eccv16(options.width(), options.loss().outputKind(), AbGamut.zhang2016().size());
  }

  /**
   * The model file of a run's weights, in memory.
   *
   * @param options the run's options
   * @param iteration steps trained
   * @param weights every initializer (ONNX names)
   * @param prior the training prior
   * @param manifestSha256 hash of the training data manifest
   * @param validation validation metrics, or null
   */
  public static ModelFile toModelFile(TrainingOptions options, long iteration,
      Map<String, FloatTensor> weights, ColorPrior prior, String manifestSha256,
      EvaluationReport validation) {
    return toModelFile(options, iteration, weights, prior, manifestSha256, validation,
        options.temperature(), options.valSize());
  }

  /**
   * The same, recommending other decode settings than the run validated with (picked on
   * validation photos after training); the recipe stays the run's.
   *
   * @param temperature the annealed-mean temperature the file recommends (0 = the paper's)
   * @param inputSize the network input side the file recommends
   */
  public static ModelFile toModelFile(TrainingOptions options, long iteration,
      Map<String, FloatTensor> weights, ColorPrior prior, String manifestSha256,
      EvaluationReport validation, double temperature, int inputSize) {
    checkNotNull(options, "options");
    checkNotNull(weights, "weights");
    checkNotNull(prior, "prior");
    Eccv16 network = network(options);
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put(MetadataKeys.LOSS, options.loss().id());
    extra.put(MetadataKeys.RECIPE, options.toJson());
    extra.put(MetadataKeys.DATA_MANIFEST, "sha256:" + manifestSha256);
    extra.put("iterations", Long.toString(iteration));
    extra.put(MetadataKeys.LICENSE, "Apache-2.0 (weights trained by the colorize project)");
    if (validation != null) {
      extra.put(MetadataKeys.METRICS, validation.toJson());
    }
    // For users: what was trained and how, not the run folder's file names (the recipe, with
    // every path, is in the metadata for whoever retraces it).
    String card = String.format(Locale.ROOT,
        "eccv16 network (width %s) trained by colorize with the paper's recipe on %d training"
            + " folder(s): %d steps of batch %d at %d px crops with the %s loss%s%s.",
        options.width(), options.trainFolders().size(), iteration, options.batchSize(),
        options.crop(), options.lossLabel(), options.initFrom() == null ? ""
            : ", fine-tuning an earlier model",
        validation == null ? ""
            : String.format(Locale.ROOT, "; val AuC %.2f / rebalanced %.2f (gray %.2f / %.2f)",
                validation.result().auc(), validation.result().aucRebalanced(),
                validation.gray().auc(), validation.gray().aucRebalanced()));
    ModelMetadata metadata = new ModelMetadata(ModelMetadata.FORMAT_VERSION,
        ModelMetadata.ZHANG2016_GAMUT, AbGamut.zhang2016().size(), NORMALIZATION,
        Eccv16.OUTPUT_STRIDE, network.outputKind(),
        temperature > 0 ? temperature : ModelMetadata.PAPER_TEMPERATURE, inputSize,
        prior.probabilities(), card, extra);
    return ModelFile.of(network, weights, metadata);
  }
}
