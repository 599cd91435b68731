package io.github.colorize.cli;

import io.github.colorize.Device;
import io.github.colorize.ModelSource;
import io.github.colorize.model.MetadataKeys;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelMetadata;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxTensor;
import io.github.colorize.model.quantize.QuantizationInfo;
import io.github.colorize.spi.Availability;
import io.github.colorize.spi.BackendProvider;
import io.github.colorize.spi.BackendRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code colorize info}: the model card, the backends found and the devices they can use. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Shows the model card (of the embedded model or --model), the backends on "
        + "the class path (name, version, jar) and the devices each can use.")
final class InfoCommand implements Callable<Integer> {

  @Option(names = "--model", paramLabel = ModelArgument.LABEL,
      description = "The model to describe. " + ModelArgument.HELP)
  String model;

  @Mixin
  Verbosity verbosity;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ModelSource source = ModelArgument.source(model);
    out.println("Model: " + source.description());
    try {
      ModelFile file = source.load();
      ModelMetadata m = file.metadata();
      out.printf(Locale.ROOT, "  %s%n", m.modelCard().isEmpty() ? "(no model card)"
          : m.modelCard());
      out.printf(Locale.ROOT, "  output %s over %s (%d bins), stride %d; input %s at %s; "
              + "temperature %.3g; prior %s%n", m.outputKind(), m.gamutId(), m.binCount(),
          m.outputStride(), m.inputNormalization(),
          m.inputSize() > 0 ? m.inputSize() + " px" : "224 px (default)", m.temperature(),
          m.hasPrior() ? "included" : "none");
      out.printf(Locale.ROOT, "  network family %s%s%n", m.family(),
          m.encoder().isEmpty() ? "" : "; encoder " + m.encoder());
      OnnxGraph graph = file.onnx().graph();
      long int8Weights = graph.otherInitializers().values().stream()
          .filter(t -> t.dataType() == OnnxTensor.INT8).mapToLong(OnnxTensor::elementCount).sum();
      out.printf(Locale.ROOT, "  %,d parameters, %,d bytes%n",
          graph.parameterCount() + int8Weights, file.size());
      out.printf(Locale.ROOT, "  precision: %s%n", QuantizationInfo.of(graph).describe());
      for (Map.Entry<String, String> e : m.extra().entrySet()) {
        if (!List.of(MetadataKeys.RECIPE, MetadataKeys.METRICS, MetadataKeys.FAMILY,
            MetadataKeys.ENCODER).contains(e.getKey())) {
          out.printf("  %s: %s%n", e.getKey(), e.getValue());
        }
      }
      if (!file.missingMetadata().isEmpty()) {
        out.println("  metadata missing (paper defaults used): " + file.missingMetadata());
      }
    } catch (Exception e) {
      out.println("  cannot be loaded: " + ErrorHandler.describe(e));
    }
    out.println();
    BackendRegistry registry = BackendRegistry.discover();
    out.println("Backends (highest priority first; the first usable one is the default):");
    if (registry.providers().isEmpty()) {
      out.println("  none found: add io.github.colorize:colorize-onnx (or colorize-dl4j)");
    }
    for (BackendProvider p : registry.providers()) {
      out.printf(Locale.ROOT, "  %-5s priority %3d  %s%n        jar: %s%n", p.name(), p.priority(),
          p.version(), BackendRegistry.location(p));
      for (Device d : new Device[] {Device.cpu(), Device.cuda(0)}) {
        Availability a = p.availability(d);
        out.printf("        %-7s %s%n", d + ":", a.available() ? "available" : "unavailable ("
            + a.reason() + ")");
      }
    }
    String chosen = System.getProperty("colorize.backend");
    if (chosen != null) {
      out.println("System property colorize.backend = " + chosen);
    }
    return 0;
  }
}
