package io.github.colorize.cli;

import io.github.colorize.Colorizer;
import io.github.colorize.Device;
import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.OutputKind;
import picocli.CommandLine.Option;

/** The options that choose and configure the colorizer, shared by the commands that run one. */
final class ColorizerOptions {

  @Option(names = "--model", paramLabel = ModelArgument.LABEL,
      description = "The model to run. " + ModelArgument.HELP)
  String model;

  @Option(names = "--backend", paramLabel = "NAME",
      description = "Engine: onnx or dl4j. Default: the one the system property "
          + "colorize.backend names, else the best one on the class path.")
  String backend;

  @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
      description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}). CUDA needs the "
          + "onnxruntime_gpu build; without it colorize warns and uses the CPU.")
  String device;

  @Option(names = "--require-device",
      description = "Fail instead of falling back to the CPU when --device is unavailable.")
  boolean requireDevice;

  @Option(names = "--temperature", paramLabel = "T",
      description = "Annealed-mean temperature: 0 = the most likely color (vivid, patchy), "
          + "1 = the mean (smooth, desaturated). Default: the model's own (0.38 in the paper).")
  Double temperature;

  @Option(names = "--size", paramLabel = "PIXELS",
      description = "Network input side, a multiple of 8. Default: the size the model was "
          + "trained for (224 when it does not say). The output always has the input's size "
          + "and full detail.")
  Integer size;

  @Option(names = "--keep-aspect",
      description = "Keep the aspect ratio at the network input instead of a square.")
  boolean keepAspect;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "CPU threads for the color math and the engine (0 = all cores; default: "
          + "${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--input-normalization", paramLabel = "FORM",
      description = "For model files without colorize metadata (e.g. PyTorch exports): how L "
          + "is fed, '(L-50)/100' (the PyTorch port) or 'L-50' (the Caffe release).")
  String inputNormalization;

  @Option(names = "--output-kind", paramLabel = "KIND",
      description = "For model files without colorize metadata: ${COMPLETION-CANDIDATES} "
          + "(LOGITS: 313 class logits; AB: ab in Lab units, as the PyTorch port outputs).")
  OutputKind outputKind;

  /** A colorizer with these options. */
  Colorizer build() {
    return builder().build();
  }

  /** A builder set to these options, for a caller to change one (e.g. the input size). */
  Colorizer.Builder builder() {
    Colorizer.Builder b = Colorizer.builder().keepAspectRatio(keepAspect)
        .device(Device.parse(device)).requireDevice(requireDevice).threads(threads);
    b.model(ModelArgument.source(model));
    if (backend != null) {
      b.backend(backend);
    }
    if (size != null) {
      b.inputSize(size);
    }
    if (temperature != null) {
      b.temperature(temperature);
    }
    if (inputNormalization != null) {
      b.inputNormalization(InputNormalization.parse(inputNormalization));
    }
    if (outputKind != null) {
      b.outputKind(outputKind);
    }
    return b;
  }
}
