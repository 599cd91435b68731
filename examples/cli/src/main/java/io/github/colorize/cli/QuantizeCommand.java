package io.github.colorize.cli;

import io.github.colorize.model.ModelFile;
import io.github.colorize.model.quantize.CalibrationMethod;
import io.github.colorize.model.quantize.ModelQuantizer;
import io.github.colorize.model.quantize.QuantizationInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code colorize quantize}: an int8 QDQ model file from a float one, for faster CPUs runs. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
    description = {
        "Writes an int8 copy of an eccv16 or mobilenetv2-unet model file (ONNX QDQ form: int8 "
            + "weights per output channel, uint8 activations calibrated on photos) that ONNX Runtime runs "
            + "with integer kernels, about 4x smaller. Calibrate on photos like the ones you will "
            + "colorize, not on the ones you evaluate with. Only the onnx backend runs the result."},
    footer = {"", "Example:",
        "  colorize quantize --model eccv16-release.onnx --calibration photos/calib \\",
        "      -o eccv16-release-int8.onnx",
        "  colorize quantize --calibration photos/calib -o default-int8.onnx"})
final class QuantizeCommand implements Callable<Integer> {

  @Option(names = "--model", paramLabel = ModelArgument.LABEL,
      description = "The float model to quantize. " + ModelArgument.HELP)
  String model;

  @Option(names = "--calibration", paramLabel = "DIR", required = true,
      description = "Folder of calibration photos (searched recursively).")
  Path calibration;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
      description = "The int8 model file to write (.onnx).")
  Path output;

  @Option(names = "--calibration-images", paramLabel = "N",
      description = "Use at most N photos, spread over the folder (default: ${DEFAULT-VALUE}).")
  int calibrationImages = ModelQuantizer.DEFAULT_CALIBRATION_IMAGES;

  @Option(names = "--method", paramLabel = "METHOD",
      description = "How activation ranges are chosen: minmax, percentile or entropy "
          + "(default: percentile).")
  String method = "percentile";

  @Option(names = "--keep-float", paramLabel = "LAYER", arity = "1..*",
      description = "Convolutions to leave in float, e.g. conv1_1 conv8_313 (default: none).")
  List<String> keepFloat = new ArrayList<>();

  @Option(names = "--full-range-weights", description = "8-bit weights [-127, 127] instead of "
      + "7-bit: slightly more precise, but can saturate on AVX2/AVX-512 CPUs without VNNI.")
  boolean fullRange;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads of the calibration runs (default: all cores).")
  int threads;

  @Option(names = "--force", description = "Replace an existing output.")
  boolean force;

  // Nothing above may load ModelQuantizer: its logger must be made after --verbose is applied.
  @Mixin
  Verbosity verbosity;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ModelOutput target = ModelOutput.checked(output, force);
    ModelQuantizer quantizer = ModelQuantizer.builder().calibration(calibration)
        .calibrationImages(calibrationImages).method(CalibrationMethod.parse(method))
        .keepFloat(keepFloat).reduceRange(!fullRange).threads(threads).build();
    ModelFile in = ModelArgument.source(model).load();
    ModelFile out = quantizer.quantize(in);
    target.write(out);
    var w = spec.commandLine().getOut();
    w.printf(Locale.ROOT, "wrote %s: %s%n", output,
        QuantizationInfo.of(out.onnx().graph()).describe());
    w.printf(Locale.ROOT, "  %,d bytes (float: %,d, %.2fx smaller)%n", out.size(),
        in.size(), (double) in.size() / out.size());
    w.printf(Locale.ROOT, "  %s%n", out.onnx().metadata().get(ModelQuantizer.SCHEME_KEY));
    w.printf(Locale.ROOT, "  calibration photo list SHA-256 %s%n",
        out.onnx().metadata().get(ModelQuantizer.CALIBRATION_KEY));
    return 0;
  }
}
