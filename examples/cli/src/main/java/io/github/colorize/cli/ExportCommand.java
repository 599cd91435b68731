package io.github.colorize.cli;

import io.github.colorize.model.ModelFile;
import io.github.colorize.quant.ColorPrior;
import io.github.colorize.training.data.ImageFolder;
import io.github.colorize.training.eval.EvaluationReport;
import io.github.colorize.training.eval.ModelEvaluation;
import io.github.colorize.training.export.ModelExport;
import io.github.colorize.training.prior.PriorComputation;
import io.github.colorize.training.train.Checkpoint;
import io.github.colorize.training.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code colorize export}: a model file from a training checkpoint. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {
        "Writes the model file (.onnx) of a training checkpoint, with metadata: the training "
            + "prior, the loss, the whole recipe, the data manifest hash and, with --val, the "
            + "validation metrics. Every backend (onnx, dl4j) runs it; so does any ONNX tool."},
    footer = {"", "Example:",
        "  colorize export --checkpoint runs/small -o small.onnx --val photos/val"})
final class ExportCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", paramLabel = "FILE|DIR", required = true,
      description = "A checkpoint-*.ckpt file, or a run folder (its newest checkpoint).")
  Path checkpoint;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
      description = "The model file to write (.onnx).")
  Path output;

  @Option(names = "--val", paramLabel = "DIR",
      description = "Evaluate on these photos and record the metrics in the file.")
  Path val;

  @Option(names = "--temperature", paramLabel = "T",
      description = "The temperature the file recommends (default: the run's).")
  Double temperature;

  @Option(names = "--size", paramLabel = "PIXELS",
      description = "The network input side the file recommends, a multiple of 8 (default: the"
          + " run's validation size).")
  Integer size;

  @Option(names = "--card", paramLabel = "TEXT",
      description = "The model card line `colorize info` shows, written for users: what the"
          + " network is, what it was trained on and how, what it scores (default: generated"
          + " from the run).")
  String card;

  @Option(names = "--force", description = "Replace an existing output.")
  boolean force;

  @Mixin
  Verbosity verbosity;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ModelOutput target = ModelOutput.checked(output, force);
    Path file = Files.isDirectory(checkpoint) ? newest(checkpoint) : checkpoint;
    Checkpoint ckpt = Checkpoint.read(file);
    TrainingOptions options = ckpt.options();
    // What the file recommends: the run's validation settings unless picked anew.
    double t = temperature != null ? temperature : options.temperature();
    int inputSize = size != null ? size : options.valSize();
    if (t < 0 || t > 10) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--temperature is " + t + ", expected in [0, 10]");
    }
    if (inputSize < 16 || inputSize % 8 != 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--size is " + inputSize + ", expected a multiple of 8, >= 16");
    }
    Path runDir = file.toAbsolutePath().getParent();
    Path priorFile = runDir.resolve(PriorComputation.PRIOR_FILE);
    if (!Files.exists(priorFile)) {
      throw new IOException("the training prior " + priorFile + " is missing beside the "
          + "checkpoint; run 'colorize prior --data <training folders> --out " + runDir + "'");
    }
    ColorPrior prior = ColorPrior.read(priorFile);
    String manifest = manifest(runDir);
    ModelFile model = ModelExport.toModelFile(options, ckpt.iteration(), ckpt.weights(), prior,
        manifest, null, t, inputSize);
    EvaluationReport report = null;
    if (val != null) {
      ModelEvaluation evaluation = new ModelEvaluation(inputSize, Double.NaN,
          ModelEvaluation.PriorChoice.MODEL, "onnx");
      report = evaluation.evaluate(model, ImageFolder.scan(List.of(val)).files(), null);
      model = ModelExport.toModelFile(options, ckpt.iteration(), ckpt.weights(), prior, manifest,
          report, t, inputSize);
    }
    if (card != null) {
      if (card.isBlank()) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--card is blank, expected the model card text");
      }
      model = model.withMetadata(model.metadata().toBuilder().modelCard(card.strip()).build());
    }
    long bytes = target.write(model);
    var out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "wrote %s: %s, %d bytes%n", output, model.metadata().modelCard(),
        bytes);
    if (report != null) {
      out.print(report.toTable());
    }
    return 0;
  }

  private static Path newest(Path dir) throws IOException {
    List<Path> files = Checkpoint.list(dir);
    if (files.isEmpty()) {
      throw new IOException("no checkpoint-*.ckpt in " + dir);
    }
    return files.get(files.size() - 1);
  }

  /** The data manifest hash recorded when the prior was computed. */
  private static String manifest(Path runDir) throws IOException {
    Path info = runDir.resolve("prior.properties");
    java.util.Properties p = new java.util.Properties();
    if (Files.exists(info)) {
      try (var in = Files.newBufferedReader(info)) {
        p.load(in);
      }
    }
    return p.getProperty("manifest_sha256", "unknown");
  }
}
