package io.github.colorize.model.quantize;

import io.github.colorize.model.ModelFormatException;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.model.onnx.OnnxValueInfo;
import io.github.colorize.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which convolutions of an eccv16-family or mobilenetv2-unet graph become int8 and which activation tensors get a
 * QuantizeLinear / DequantizeLinear pair: the input of each int8 convolution, and its output,
 * taken after the ReLU that follows it (so that ONNX Runtime drops the ReLU into the uint8
 * range's zero point and fuses DequantizeLinear - Conv - QuantizeLinear into one QLinearConv).
 *
 * @param convs the int8 convolutions, in graph order
 * @param tensors the activations to quantize, in graph order of first use
 */
record QdqPlan(List<OnnxNode> convs, List<String> tensors) {

  /**
   * The operators of the graphs colorize writes: eccv16's, plus mobilenetv2-unet's depthwise Conv,
   * Clip (ReLU6) and Add (residuals, skip connections), which stay float between int8 convolutions.
   */
  static final Set<String> ECCV16_OPS =
      Set.of("Conv", "ConvTranspose", "Relu", "BatchNormalization", "Mul", "Clip", "Add");

  QdqPlan {
    convs = List.copyOf(convs);
    tensors = List.copyOf(tensors);
  }

  /**
   * Plans {@code graph}.
   *
   * @param keepFloat names of convolutions to leave in float
   * @throws ModelFormatException if the graph is already quantized or not an eccv16-family
   *     network, or a name of {@code keepFloat} is not one of its convolutions
   */
  static QdqPlan of(OnnxGraph graph, Set<String> keepFloat, String source) {
    QuantizationInfo info = QuantizationInfo.of(graph);
    if (info.isQuantized()) {
      throw new ModelFormatException(source, "it is already quantized (" + info.describe()
          + "); quantize the float model it came from");
    }
    List<String> allConvs = new ArrayList<>();
    for (OnnxNode node : graph.nodes()) {
      if (!ECCV16_OPS.contains(node.opType())) {
        throw new ModelFormatException(source, "it is not an eccv16-family network: node '"
            + node.label() + "' is a " + node.opType() + "; the quantizer handles graphs of "
            + String.join(", ", ECCV16_OPS.stream().sorted().toList()) + " only");
      }
      if (isConv(node)) {
        checkConv(graph, node, source);
        allConvs.add(node.label());
      }
    }
    if (allConvs.isEmpty()) {
      throw new ModelFormatException(source, "it is not an eccv16-family network: it has no"
          + " Conv or ConvTranspose to quantize");
    }
    for (String name : keepFloat) {
      if (!allConvs.contains(name)) {
        throw new IllegalArgumentException("layer '" + name + "' to keep float (keepFloat,"
            + " --keep-float) is not a convolution of " + source + "; its convolutions are "
            + allConvs);
      }
    }
    if (keepFloat.containsAll(allConvs)) {
      throw new IllegalArgumentException("keeping every convolution of " + source + " float ("
          + allConvs + ") leaves nothing to quantize");
    }
    Map<String, List<OnnxNode>> consumers = new HashMap<>();
    for (OnnxNode node : graph.nodes()) {
      for (String in : node.inputs()) {
        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
      }
    }
    Set<String> outputs = new LinkedHashSet<>();
    graph.outputs().stream().map(OnnxValueInfo::name).forEach(outputs::add);
    List<OnnxNode> convs = new ArrayList<>();
    Set<String> tensors = new LinkedHashSet<>();
    for (OnnxNode node : graph.nodes()) {
      if (isConv(node) && !keepFloat.contains(node.label())) {
        convs.add(node);
        tensors.add(node.inputs().get(0));
        tensors.add(effectiveOutput(node, consumers, outputs));
      }
    }
    return new QdqPlan(convs, new ArrayList<>(tensors));
  }

  static boolean isConv(OnnxNode node) {
    return node.opType().equals("Conv") || node.opType().equals("ConvTranspose");
  }

  /** The convolution's output, or that of the ReLU or ReLU6 (Clip) that alone reads it. */
  private static String effectiveOutput(OnnxNode conv, Map<String, List<OnnxNode>> consumers,
      Set<String> graphOutputs) {
    String out = conv.outputs().get(0);
    List<OnnxNode> readers = consumers.getOrDefault(out, List.of());
    if (!graphOutputs.contains(out) && readers.size() == 1
        && (readers.get(0).opType().equals("Relu") || readers.get(0).opType().equals("Clip"))) {
      return readers.get(0).outputs().get(0);
    }
    return out;
  }

  private static void checkConv(OnnxGraph graph, OnnxNode node, String source) {
    long group = node.intAttr("group", 1);
    FloatTensor weight = graph.initializers().get(node.inputs().size() > 1
        ? node.inputs().get(1) : "");
    boolean depthwise = node.opType().equals("Conv") && weight != null && weight.rank() == 4
        && weight.dim(0) == group && weight.dim(1) == 1;
    if (group != 1 && !depthwise) {
      throw new ModelFormatException(source, "it is not a network the quantizer handles: "
          + node.opType() + " '" + node.label() + "' has group " + group
          + ", expected 1 or a depthwise Conv (group = channels)");
    }
    if (node.inputs().size() < 2 || !graph.initializers().containsKey(node.inputs().get(1))) {
      throw new ModelFormatException(source, "it is not an eccv16-family network: "
          + node.opType() + " '" + node.label() + "' takes no float weight initializer");
    }
    FloatTensor w = graph.initializers().get(node.inputs().get(1));
    if (w.rank() != 4) {
      throw new ModelFormatException(source, node.opType() + " '" + node.label()
          + "' has a weight of rank " + w.rank() + ", expected 4 (2-D convolution)");
    }
    if (node.inputs().size() > 2 && !node.inputs().get(2).isEmpty()
        && !graph.initializers().containsKey(node.inputs().get(2))) {
      throw new ModelFormatException(source, "it is not an eccv16-family network: "
          + node.opType() + " '" + node.label() + "' takes a bias that is not a float"
          + " initializer");
    }
  }
}
