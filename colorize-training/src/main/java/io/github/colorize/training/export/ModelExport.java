package io.github.colorize.training.export;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.hash.Hashing;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.MetadataKeys;
import io.github.colorize.model.MobileNetV2Encoder;
import io.github.colorize.model.MobileNetV2Unet;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelMetadata;
import io.github.colorize.model.onnx.OnnxReader;
import io.github.colorize.quant.AbGamut;
import io.github.colorize.quant.ColorPrior;
import io.github.colorize.tensor.FloatTensor;
import io.github.colorize.training.eval.EvaluationReport;
import io.github.colorize.training.train.TrainingOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns trained weights into a colorize model file: the eccv16 graph of the run's width and loss
 * variant, with metadata holding the training prior, the loss, the full recipe, the data
 * manifest hash and (when known) validation metrics.
 */
public final class ModelExport {

  /** Input normalization of every eccv16 model colorize trains. */
  public static final InputNormalization NORMALIZATION = InputNormalization.PYTORCH;

  /** Where the MobileNetV2 file shared with the project comes from, by its SHA-256. */
  private static final Map<String, String> ENCODER_ORIGIN = Map.of(
      "57dd671702b5c4e1278e711622c3f2a05875fe7fbdc87eb5ca8b24e8517d062e", ": TensorFlow's MobileNetV2 1.0 224 trained on ImageNet, from"
          + " tf2_mobilenet_v2_1.0_224_ptq.tflite of github.com/google-coral/test_data commit"
          + " 104342d2d3480b3e66203073dac24f4e2dbb4c41 (int8 weights dequantized to float32),"
          + " Apache-2.0");

  /** Encoders read so far, by file: validation and export build the model many times. */
  private static final Map<String, MobileNetV2Encoder> ENCODERS = new ConcurrentHashMap<>();

  private ModelExport() {}

  /** How a run's network input is computed from L. */
  public static InputNormalization normalization(TrainingOptions options) {
    return options.mobileNet() ? InputNormalization.SRGB_GRAY_M1_1 : NORMALIZATION;
  }

  /**
   * The {@code mobilenetv2-unet} network of a run, its encoder read from the run's encoder file.
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if it is not a MobileNetV2 graph this rebuild handles
   */
  public static MobileNetV2Unet mobileNet(TrainingOptions options) {
    checkArgument(options.mobileNet(), "run of family %s has no MobileNetV2", options.family());
    MobileNetV2Encoder encoder = ENCODERS.computeIfAbsent(options.encoder(), file -> {
      try {
        byte[] bytes = Files.readAllBytes(Path.of(file));
        String sha = Hashing.sha256().hashBytes(bytes).toString();
        String description = Path.of(file).getFileName() + " (sha256 " + sha + ")"
            + ENCODER_ORIGIN.getOrDefault(sha, "");
        return MobileNetV2Encoder.from(OnnxReader.read(bytes).graph(), description);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the encoder " + file + ": " + e.getMessage(),
            e);
      }
    });
    return new MobileNetV2Unet(encoder, options.decoderWidth(),
        MobileNetV2Unet.parseStrides(options.fused()), AbGamut.zhang2016().size());
  }

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
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put(MetadataKeys.LOSS, options.loss().id());
    extra.put(MetadataKeys.RECIPE, options.toJson());
    extra.put(MetadataKeys.DATA_MANIFEST, "sha256:" + manifestSha256);
    extra.put("iterations", Long.toString(iteration));
    MobileNetV2Unet unet = options.mobileNet() ? mobileNet(options) : null;
    if (unet == null) {
      extra.put(MetadataKeys.LICENSE, "Apache-2.0 (weights trained by the colorize project)");
    } else {
      extra.put(MetadataKeys.FAMILY, MobileNetV2Unet.FAMILY);
      extra.put(MetadataKeys.ENCODER, unet.encoderDescription());
      extra.put(MetadataKeys.LICENSE, "Apache-2.0 (decoder trained by the colorize project;"
          + " encoder weights: " + unet.encoder().description() + ")");
    }
    if (validation != null) {
      extra.put(MetadataKeys.METRICS, validation.toJson());
    }
    // For users: what was trained and how, not the run folder's file names (the recipe, with
    // every path, is in the metadata for whoever retraces it).
    String net = unet == null ? "eccv16 network (width " + options.width() + ")"
        : MobileNetV2Unet.FAMILY + " network (frozen ImageNet MobileNetV2 encoder, decoder width "
            + unet.width() + " fusing strides " + unet.fused() + ")";
    String card = String.format(Locale.ROOT,
        "%s trained by colorize with the paper's recipe on %d training"
            + " folder(s): %d steps of batch %d at %d px crops with the %s loss%s%s.",
        net, options.trainFolders().size(), iteration, options.batchSize(),
        options.crop(), options.lossLabel(), options.initFrom() == null ? ""
            : ", fine-tuning an earlier model",
        validation == null ? ""
            : String.format(Locale.ROOT, "; val AuC %.2f / rebalanced %.2f (gray %.2f / %.2f)",
                validation.result().auc(), validation.result().aucRebalanced(),
                validation.gray().auc(), validation.gray().aucRebalanced()));
    ModelMetadata metadata = new ModelMetadata(ModelMetadata.FORMAT_VERSION,
        ModelMetadata.ZHANG2016_GAMUT, AbGamut.zhang2016().size(), normalization(options),
        Eccv16.OUTPUT_STRIDE, options.loss().outputKind(),
        temperature > 0 ? temperature : ModelMetadata.PAPER_TEMPERATURE, inputSize,
        prior.probabilities(), card, extra);
    if (unet != null) {
      return ModelFile.of(unet.graph(weights), metadata);
    }
    return ModelFile.of(network(options), weights, metadata);
  }
}
