package io.github.colorize.model.quantize;

import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a graph is quantized, and which of its convolutions run in int8.
 *
 * @param qdqNodes the QuantizeLinear and DequantizeLinear nodes
 * @param int8Layers the Conv / ConvTranspose nodes whose weight comes through a DequantizeLinear
 * @param floatLayers the Conv / ConvTranspose nodes with float weights
 * @param integerOps other nodes of already-integer operators (QLinearConv, ConvInteger, ...)
 */
public record QuantizationInfo(int qdqNodes, List<String> int8Layers, List<String> floatLayers,
    List<String> integerOps) {

  /** Operators of the "operator-oriented" quantized form, which only quantized files hold. */
  private static final Set<String> INTEGER_OPS = Set.of("QLinearConv", "ConvInteger",
      "QLinearMatMul", "MatMulInteger", "QLinearConvTranspose", "DynamicQuantizeLinear");

  public QuantizationInfo {
    int8Layers = List.copyOf(int8Layers);
    floatLayers = List.copyOf(floatLayers);
    integerOps = List.copyOf(integerOps);
  }

  /** Inspects {@code graph}. */
  public static QuantizationInfo of(OnnxGraph graph) {
    Set<String> dequantized = new HashSet<>();
    int qdq = 0;
    List<String> int8 = new ArrayList<>();
    List<String> floats = new ArrayList<>();
    List<String> integer = new ArrayList<>();
    for (OnnxNode node : graph.nodes()) {
      switch (node.opType()) {
        case "QuantizeLinear" -> qdq++;
        case "DequantizeLinear" -> {
          qdq++;
          dequantized.addAll(node.outputs());
        }
        case "Conv", "ConvTranspose" -> {
          boolean q = node.inputs().size() > 1 && dequantized.contains(node.inputs().get(1));
          (q ? int8 : floats).add(node.label());
        }
        default -> {
          if (INTEGER_OPS.contains(node.opType())) {
            integer.add(node.label() + " (" + node.opType() + ")");
          }
        }
      }
    }
    return new QuantizationInfo(qdq, int8, floats, integer);
  }

  /** Whether the graph holds any quantization at all. */
  public boolean isQuantized() {
    return qdqNodes > 0 || !integerOps.isEmpty();
  }

  /** One line for people, e.g. "int8 (QDQ): 20 of 22 convolutions int8, float: conv1_1, conv8_313". */
  public String describe() {
    if (!isQuantized()) {
      return "float (not quantized)";
    }
    if (!integerOps.isEmpty()) {
      return "quantized (integer operators: " + String.join(", ", integerOps) + ")";
    }
    int all = int8Layers.size() + floatLayers.size();
    return "int8 (QDQ): " + int8Layers.size() + " of " + all + " convolutions int8"
        + (floatLayers.isEmpty() ? "" : ", float: " + String.join(", ", floatLayers));
  }
}
