package io.github.colorize.cli;

import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelMetadata;
import io.github.colorize.model.caffe.CaffeImporter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code colorize import-caffe}: the authors' released Caffe model as a colorize model file. */
@Command(name = "import-caffe", mixinStandardHelpOptions = true,
    description = {
        "Converts the authors' released Caffe model of \"Colorful Image Colorization\" (Zhang, "
            + "Isola & Efros, ECCV 2016) into a colorize model file (.onnx) that every backend "
            + "runs, for the paper's full quality.",
        "",
        "Get the two files from the authors' repository:",
        "  " + CaffeImporter.AUTHORS_REPOSITORY,
        "  - models/colorization_deploy_v2.prototxt: the net definition;",
        "  - colorization_release_v2.caffemodel: the weights (129 MB), downloaded by",
        "    models/fetch_release_models.sh there.",
        "",
        "The file records the input normalization (L-50), the recommended temperature "
            + "(1/2.606 = 0.38) and the SHA-256 of both sources; 'colorize info --model FILE' "
            + "shows them."},
    footer = {"", "Example:",
        "  colorize import-caffe --prototxt colorization_deploy_v2.prototxt \\",
        "      --caffemodel colorization_release_v2.caffemodel -o eccv16-release.onnx",
        "  colorize old-photo.jpg --model eccv16-release.onnx"})
final class ImportCaffeCommand implements Callable<Integer> {

  @Option(names = "--prototxt", paramLabel = "FILE", required = true,
      description = "The net definition (text), e.g. colorization_deploy_v2.prototxt.")
  Path prototxt;

  @Option(names = "--caffemodel", paramLabel = "FILE", required = true,
      description = "The trained weights (binary), e.g. colorization_release_v2.caffemodel.")
  Path caffemodel;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
      description = "The model file to write, e.g. eccv16-release.onnx.")
  Path output;

  @Option(names = "--force", description = "Replace an existing output.")
  boolean force;

  @Mixin
  Verbosity verbosity;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    requireFile(prototxt, "--prototxt");
    requireFile(caffemodel, "--caffemodel");
    ModelOutput target = ModelOutput.checked(output, force);
    ModelFile model = CaffeImporter.importModel(prototxt, caffemodel);
    long bytes = target.write(model);
    ModelMetadata m = model.metadata();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "wrote %s (%,d bytes): eccv16, %,d parameters%n", output, bytes,
        model.onnx().graph().parameterCount());
    out.printf(Locale.ROOT, "  input %s, output the logits of %d ab bins, recommended"
        + " temperature %.4f%s%n", m.inputNormalization(), m.binCount(), m.temperature(),
        m.extra().containsKey(CaffeImporter.SOURCE_LOGIT_SCALE)
            ? " (1/" + m.extra().get(CaffeImporter.SOURCE_LOGIT_SCALE) + ")" : "");
    out.printf(Locale.ROOT, "  sha256 %s  %s%n", m.extra().get(
        CaffeImporter.SOURCE_CAFFEMODEL_SHA256), m.extra().get(CaffeImporter.SOURCE_CAFFEMODEL));
    out.printf(Locale.ROOT, "  sha256 %s  %s%n", m.extra().get(
        CaffeImporter.SOURCE_PROTOTXT_SHA256), m.extra().get(CaffeImporter.SOURCE_PROTOTXT));
    ModelOutput.printHowToUse(out, output.toString());
    return 0;
  }

  /** Fails with one line naming the option, before any work. */
  private static void requireFile(Path path, String option) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(option + " " + path
          + (Files.isDirectory(path) ? " is a folder, expected a file" : ": no such file"));
    }
  }
}
