package io.github.colorize.model.quantize;

import io.github.colorize.model.onnx.OnnxAttribute;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.model.onnx.OnnxTensor;
import io.github.colorize.model.onnx.OnnxValueInfo;
import io.github.colorize.tensor.FloatTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a float graph into QDQ form along a {@link QdqPlan}: each planned activation gets a
 * uint8 QuantizeLinear / DequantizeLinear pair (per tensor, asymmetric), each int8 convolution
 * reads its weight through an int8 per-output-channel DequantizeLinear (symmetric, zero point 0)
 * and its bias through an int32 one whose scale is input scale x weight scale, as ONNX Runtime's
 * QLinearConv fusion requires.
 */
final class QdqRewriter {

  private static final String Q = "QuantizeLinear";
  private static final String DQ = "DequantizeLinear";

  private final OnnxGraph graph;
  private final QdqPlan plan;
  private final Map<String, ActivationRange> ranges;
  private final int weightMax;
  private final Set<String> graphOutputs = new HashSet<>();
  private final Map<String, FloatTensor> floats = new LinkedHashMap<>();
  private final Map<String, OnnxTensor> others = new LinkedHashMap<>();
  private final List<OnnxNode> nodes = new ArrayList<>();

  /**
   * @param ranges the calibrated range of every tensor of the plan
   * @param weightMax the largest int8 weight magnitude: 127, or 63 for 7-bit weights
   */
  QdqRewriter(OnnxGraph graph, QdqPlan plan, Map<String, ActivationRange> ranges, int weightMax) {
    this.graph = graph;
    this.plan = plan;
    this.ranges = ranges;
    this.weightMax = weightMax;
    graph.outputs().stream().map(OnnxValueInfo::name).forEach(graphOutputs::add);
  }

  OnnxGraph rewrite() {
    Set<String> quantized = new HashSet<>(plan.tensors());
    Set<OnnxNode> int8Convs = new HashSet<>(plan.convs());
    Set<String> replacedWeights = new HashSet<>();
    for (OnnxNode conv : plan.convs()) {
      replacedWeights.addAll(conv.inputs().subList(1, conv.inputs().size()));
    }
    graph.initializers().forEach((name, t) -> {
      if (!replacedWeights.contains(name)) {
        floats.put(name, t);
      }
    });
    others.putAll(graph.otherInitializers());
    for (OnnxValueInfo in : graph.inputs()) {
      if (quantized.contains(in.name())) {
        addQdq(in.name());
      }
    }
    for (OnnxNode node : graph.nodes()) {
      List<String> inputs = new ArrayList<>();
      for (String in : node.inputs()) {
        inputs.add(quantized.contains(in) ? dequantized(in) : in);
      }
      if (int8Convs.contains(node)) {
        quantizeWeights(node, inputs);
      }
      List<String> outputs = new ArrayList<>();
      for (String out : node.outputs()) {
        outputs.add(quantized.contains(out) ? source(out) : out);
      }
      nodes.add(new OnnxNode(node.name(), node.opType(), inputs, outputs, node.attributes(),
          node.domain(), node.docString()));
      for (String out : node.outputs()) {
        if (quantized.contains(out)) {
          addQdq(out);
        }
      }
    }
    return new OnnxGraph(graph.name(), nodes, floats, graph.inputs(), graph.outputs(), others,
        List.of(), graph.docString());
  }

  /** What readers of a quantized tensor read: its DequantizeLinear's output. */
  private String dequantized(String tensor) {
    return graphOutputs.contains(tensor) ? tensor : tensor + "/dq";
  }

  /** What the producer of a quantized tensor writes (a graph output keeps its name after DQ). */
  private String source(String tensor) {
    return graphOutputs.contains(tensor) ? tensor + "/float" : tensor;
  }

  private void addQdq(String tensor) {
    ActivationRange r = ranges.get(tensor);
    if (r == null) {
      throw new IllegalStateException("no calibrated range for '" + tensor + "'");
    }
    String scale = tensor + "/scale";
    String zero = tensor + "/zero_point";
    others.put(scale, OnnxTensor.ofFloats(scale, new long[0], r.scale()));
    others.put(zero, new OnnxTensor(zero, OnnxTensor.UINT8, new long[0],
        new byte[] {(byte) r.zeroPoint()}));
    String q = tensor + "/q";
    nodes.add(new OnnxNode(tensor + "/quantize", Q, List.of(source(tensor), scale, zero),
        List.of(q), Map.of()));
    nodes.add(new OnnxNode(tensor + "/dequantize", DQ, List.of(q, scale, zero),
        List.of(dequantized(tensor)), Map.of()));
  }

  /** The channel along {@code axis} (0 or 1) of flat index {@code i} of a [d0, d1, kh, kw] weight. */
  private static int channelOf(int i, int axis, int d1, int inner) {
    return axis == 0 ? i / (d1 * inner) : (i / inner) % d1;
  }

  /** Adds the weight's and bias's DequantizeLinear and points {@code inputs} at them. */
  private void quantizeWeights(OnnxNode conv, List<String> inputs) {
    FloatTensor w = graph.initializers().get(conv.inputs().get(1));
    // Conv weights are [out, in, kh, kw]; ConvTranspose weights [in, out, kh, kw] (group 1).
    int axis = conv.opType().equals("Conv") ? 0 : 1;
    int[] shape = w.shape();
    int channels = shape[axis];
    int inner = shape[2] * shape[3];
    float[] data = w.data();
    float[] maxAbs = new float[channels];
    for (int i = 0; i < data.length; i++) {
      int c = channelOf(i, axis, shape[1], inner);
      maxAbs[c] = Math.max(maxAbs[c], Math.abs(data[i]));
    }
    float[] scales = new float[channels];
    for (int c = 0; c < channels; c++) {
      scales[c] = maxAbs[c] > 0 ? maxAbs[c] / weightMax : 1f;
    }
    byte[] q = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      float scale = scales[channelOf(i, axis, shape[1], inner)];
      q[i] = (byte) Math.max(-weightMax, Math.min(weightMax, Math.round(data[i] / scale)));
    }
    String name = conv.label() + "/weight";
    long[] dims = w.longShape();
    others.put(name + "/q", new OnnxTensor(name + "/q", OnnxTensor.INT8, dims, q));
    floats.put(name + "/scale", FloatTensor.of(scales, channels));
    others.put(name + "/zero_point", new OnnxTensor(name + "/zero_point", OnnxTensor.INT8,
        new long[] {channels}, new byte[channels]));
    nodes.add(new OnnxNode(name + "/dequantize", DQ,
        List.of(name + "/q", name + "/scale", name + "/zero_point"), List.of(name + "/dq"),
        Map.of("axis", OnnxAttribute.ofInt("axis", axis))));
    inputs.set(1, name + "/dq");
    if (inputs.size() > 2 && !inputs.get(2).isEmpty()) {
      float inputScale = ranges.get(conv.inputs().get(0)).scale();
      float[] bias = graph.initializers().get(conv.inputs().get(2)).data();
      float[] biasScales = new float[channels];
      ByteBuffer bq = ByteBuffer.allocate(channels * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int c = 0; c < channels; c++) {
        biasScales[c] = inputScale * scales[c];
        double v = Math.rint(bias[c] / (double) biasScales[c]);
        bq.putInt((int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, v)));
      }
      String b = conv.label() + "/bias";
      others.put(b + "/q", new OnnxTensor(b + "/q", OnnxTensor.INT32, new long[] {channels},
          bq.array()));
      floats.put(b + "/scale", FloatTensor.of(biasScales, channels));
      others.put(b + "/zero_point", new OnnxTensor(b + "/zero_point", OnnxTensor.INT32,
          new long[] {channels}, new byte[channels * 4]));
      nodes.add(new OnnxNode(b + "/dequantize", DQ,
          List.of(b + "/q", b + "/scale", b + "/zero_point"), List.of(b + "/dq"),
          Map.of("axis", OnnxAttribute.ofInt("axis", 0))));
      inputs.set(2, b + "/dq");
    }
  }
}
