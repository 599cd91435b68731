package io.github.colorize.cli;

import io.github.colorize.model.ModelFile;
import io.github.colorize.training.data.ImageFolder;
import io.github.colorize.training.eval.EvaluationReport;
import io.github.colorize.training.eval.ModelEvaluation;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code colorize evaluate}: the paper's metrics of a model on color photos. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {
        "Scores a model on color photos with the paper's metrics, at full resolution: AuC of "
            + "the ab error over thresholds 0..150, the class-rebalanced AuC (pixels weighted "
            + "by 1/prior of their true color, pooled over all images) and PSNR of ab, each "
            + "beside the gray baseline (ab = 0) on the same pixels. Percent, like the paper.",
        "",
        "The network sees only each photo's lightness; its colors are the answer key."},
    footer = {"", "Example:", "  colorize evaluate --images photos/val --json"})
final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--images", paramLabel = "DIR", required = true,
      description = "Folder of color photos (searched recursively).")
  Path images;

  @Option(names = "--json", description = "Print one JSON object (images, auc, aucRebalanced, "
      + "psnrAb, gray.auc, gray.aucRebalanced, gray.psnrAb, ...) instead of a table.")
  boolean json;

  @Option(names = "--prior", defaultValue = "model", paramLabel = "PRIOR",
      description = "Prior of the rebalanced AuC: model (the model's training prior, if it "
          + "has one) or imagenet (the released ImageNet prior, comparable with the paper). "
          + "Default: ${DEFAULT-VALUE}.")
  String prior;

  @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
      description = "Score at most N images, in name order (0 = all; default: "
          + "${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--model", paramLabel = ModelArgument.LABEL,
      description = "The model to score. " + ModelArgument.HELP)
  String model;

  @Option(names = "--backend", paramLabel = "NAME", description = "onnx or dl4j.")
  String backend;

  @Option(names = "--temperature", paramLabel = "T",
      description = "Annealed-mean temperature. Default: the model's own.")
  Double temperature;

  @Option(names = "--size", defaultValue = "0", paramLabel = "PIXELS",
      description = "Network input side. Default: the size the model was trained for "
          + "(224 when it does not say).")
  int size;

  @Mixin
  Verbosity verbosity;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ModelEvaluation.PriorChoice choice = switch (prior.toLowerCase(java.util.Locale.ROOT)) {
      case "model" -> ModelEvaluation.PriorChoice.MODEL;
      case "imagenet" -> ModelEvaluation.PriorChoice.IMAGENET;
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "--prior is '" + prior + "', expected model or imagenet");
    };
    ModelFile file = ModelArgument.source(model).load();
    List<Path> files = ModelEvaluation.limit(ImageFolder.scan(List.of(images)).files(), limit);
    ModelEvaluation evaluation = new ModelEvaluation(size,
        temperature == null ? Double.NaN : temperature, choice, backend);
    EvaluationReport report;
    try (ProgressBar bar = Progress.bar("evaluate", files.size())) {
      report = evaluation.evaluate(file, files, bar::stepTo);
    }
    spec.commandLine().getOut().println(json ? report.toJson() : report.toTable());
    return 0;
  }
}
