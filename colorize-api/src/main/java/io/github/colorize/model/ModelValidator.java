package io.github.colorize.model;

import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.model.onnx.OnnxOutline;
import io.github.colorize.model.onnx.OnnxValueInfo;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks that a parsed ONNX model and its metadata form a usable colorize model: one float input
 * {@code [N,1,H,W]}, one float output {@code [N,C,h,w]} with C fitting the metadata, a graph whose
 * nodes read only defined values, and metadata this version understands. Only the model's
 * outline is checked: the weights' values play no part.
 */
final class ModelValidator {

  /** The gamut id whose bin count is fixed by the paper's table. */
  private static final int ZHANG2016_BINS = 313;

  private ModelValidator() {}

  /**
   * @throws ModelFormatException naming {@code source} and what was expected
   */
  static void validate(OnnxOutline graph, ModelMetadata metadata, String source) {
    checkMetadata(metadata, source);
    if (graph.nodes().isEmpty()) {
      fail(source, "the graph has no nodes, expected a network");
    }
    if (graph.inputs().size() != 1) {
      fail(source, "the graph has " + graph.inputs().size() + " inputs " + names(graph.inputs())
          + ", expected exactly one: float [N,1,H,W]");
    }
    if (graph.outputs().size() != 1) {
      fail(source, "the graph has " + graph.outputs().size() + " outputs "
          + names(graph.outputs()) + ", expected exactly one: float [N,C,h,w]");
    }
    OnnxValueInfo input = graph.inputs().get(0);
    OnnxValueInfo output = graph.outputs().get(0);
    checkFloat4d(input, "input", "[N,1,H,W]", source);
    Dim channels = input.shape().get(1);
    if (channels.isFixed() && channels.value() != 1) {
      fail(source, "input '" + input.name() + "' has " + channels.value()
          + " channels (shape " + input.shape() + "), expected 1 (the L plane): [N,1,H,W]");
    }
    int expected = metadata.outputKind() == OutputKind.LOGITS ? metadata.binCount() : 2;
    String outputForm = "[N," + expected + ",h,w]";
    checkFloat4d(output, "output", outputForm, source);
    Dim outChannels = output.shape().get(1);
    if (outChannels.isFixed() && outChannels.value() != expected) {
      fail(source, "output '" + output.name() + "' has " + outChannels.value()
          + " channels (shape " + output.shape() + "), expected " + expected + " for "
          + MetadataCodec.outputText(metadata.outputKind()) + " output: " + outputForm);
    }
    for (int axis = 2; axis < 4; axis++) {
      Dim in = input.shape().get(axis);
      Dim out = output.shape().get(axis);
      if (in.isFixed() && out.isFixed() && in.value() != out.value() * metadata.outputStride()) {
        fail(source, "input " + input.shape() + " and output " + output.shape()
            + " do not differ by the output stride " + metadata.outputStride()
            + " of the metadata (" + MetadataKeys.OUTPUT_STRIDE + ")");
      }
    }
    checkReferences(graph, source);
  }

  private static void checkMetadata(ModelMetadata m, String source) {
    if (m.formatVersion() > ModelMetadata.FORMAT_VERSION) {
      fail(source, "metadata format version " + m.formatVersion()
          + " is newer than this colorize reads (up to " + ModelMetadata.FORMAT_VERSION
          + "); use a newer colorize");
    }
    if (m.gamutId().equals(ModelMetadata.ZHANG2016_GAMUT) && m.binCount() != ZHANG2016_BINS) {
      fail(source, "gamut " + m.gamutId() + " has " + ZHANG2016_BINS + " bins, but the metadata ("
          + MetadataKeys.BINS + ") says " + m.binCount());
    }
    if (!ModelMetadata.KNOWN_FAMILIES.contains(m.family())) {
      fail(source, "network family '" + m.family() + "' (" + MetadataKeys.PREFIX
          + MetadataKeys.FAMILY + ") is not one this colorize runs; it knows "
          + ModelMetadata.KNOWN_FAMILIES);
    }
    if (m.hasPrior() && m.prior().length != m.binCount()) {
      fail(source, "the prior has " + m.prior().length + " values, expected " + m.binCount());
    }
  }

  private static void checkFloat4d(OnnxValueInfo v, String role, String form, String source) {
    if (v.elemType() != OnnxValueInfo.FLOAT) {
      fail(source, role + " '" + v.name() + "' has element type " + v.elemType()
          + ", expected float32 (1): " + form);
    }
    if (v.shape().size() != 4) {
      fail(source, role + " '" + v.name() + "' has shape " + v.shape() + " (rank "
          + v.shape().size() + "), expected rank 4: " + form);
    }
  }

  /** Every node input must be a graph input, an initializer, or an earlier node's output. */
  private static void checkReferences(OnnxOutline graph, String source) {
    Set<String> defined = new HashSet<>();
    graph.inputs().forEach(v -> defined.add(v.name()));
    defined.addAll(graph.initializerNames());
    for (OnnxNode node : graph.nodes()) {
      for (String in : node.inputs()) {
        // An empty name marks an omitted optional input.
        if (!in.isEmpty() && !defined.contains(in)) {
          fail(source, "node '" + node.label() + "' (" + node.opType() + ") reads '" + in
              + "', which no graph input, initializer or earlier node defines");
        }
      }
      defined.addAll(node.outputs());
    }
    String out = graph.outputs().get(0).name();
    if (!defined.contains(out)) {
      fail(source, "no node produces the graph output '" + out + "'");
    }
  }

  private static String names(List<OnnxValueInfo> values) {
    return values.stream().map(OnnxValueInfo::name).toList().toString();
  }

  private static void fail(String source, String problem) {
    throw new ModelFormatException(source, problem);
  }
}
