package io.github.colorize.cli;

import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelMetadata;
import io.github.colorize.model.torch.TorchImporter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code colorize import-torch}: a PyTorch state dict of the authors' model as a model file. */
@Command(name = "import-torch", mixinStandardHelpOptions = true,
    description = {
        "Converts a PyTorch state dict (.pth) of the authors' colorizers ECCVGenerator "
            + "(\"Colorful Image Colorization\", Zhang, Isola & Efros, ECCV 2016) into a colorize "
            + "model file (.onnx) that every backend runs.",
        "",
        "The authors' file is colorization_release_v2-9b330a0b.pth (129 MB, BSD-2-Clause), "
            + "published with their colorizers package:",
        "  " + TorchImporter.AUTHORS_REPOSITORY,
        "Both formats torch.save writes are read (zip, PyTorch 1.6 and later; and the older "
            + "single stream). The pickle inside is read without running it: any class other "
            + "than what a state dict holds is refused by name.",
        "",
        "The file records the input normalization ((L-50)/100), the recommended temperature "
            + "(1/2.606 = 0.38, as the Caffe release) and the SHA-256 of the source; 'colorize "
            + "models import FILE' does the same and adds the file to the named models."},
    footer = {"", "Example:",
        "  colorize import-torch colorization_release_v2-9b330a0b.pth -o eccv16.onnx",
        "  colorize old-photo.jpg --model eccv16.onnx"})
final class ImportTorchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE",
      description = "The state dict written by torch.save, e.g. "
          + "colorization_release_v2-9b330a0b.pth.")
  Path pth;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
      description = "The model file to write, e.g. eccv16.onnx.")
  Path output;

  @Option(names = "--force", description = "Replace an existing output.")
  boolean force;

  @Mixin
  Verbosity verbosity;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(pth)) {
      throw new IllegalArgumentException("FILE " + pth
          + (Files.isDirectory(pth) ? " is a folder, expected a .pth file" : ": no such file"));
    }
    ModelOutput target = ModelOutput.checked(output, force);
    ModelFile model = TorchImporter.importModel(pth);
    long bytes = target.write(model);
    ModelMetadata m = model.metadata();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "wrote %s (%,d bytes): eccv16, %,d parameters%n", output, bytes,
        model.onnx().graph().parameterCount());
    out.printf(Locale.ROOT, "  input %s, output the logits of %d ab bins, recommended"
        + " temperature %.4f%n", m.inputNormalization(), m.binCount(), m.temperature());
    out.printf(Locale.ROOT, "  sha256 %s  %s%n", m.extra().get(TorchImporter.SOURCE_SHA256),
        m.extra().get(TorchImporter.SOURCE_FILE));
    ModelOutput.printHowToUse(out, output.toString());
    return 0;
  }
}
