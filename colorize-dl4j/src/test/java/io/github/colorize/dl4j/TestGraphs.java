package io.github.colorize.dl4j;

import io.github.colorize.model.onnx.OnnxAttribute;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.model.onnx.OnnxValueInfo;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import io.github.colorize.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tiny fluent builder of ONNX graphs with one NCHW input, for tests. */
final class TestGraphs {

  private final String input;
  private final int channels;
  private final List<OnnxNode> nodes = new ArrayList<>();
  private final Map<String, FloatTensor> initializers = new LinkedHashMap<>();

  TestGraphs(String input, int channels) {
    this.input = input;
    this.channels = channels;
  }

  TestGraphs init(String name, FloatTensor value) {
    initializers.put(name, value);
    return this;
  }

  TestGraphs node(String name, String op, List<String> inputs, String output,
      OnnxAttribute... attributes) {
    Map<String, OnnxAttribute> attrs = new LinkedHashMap<>();
    for (OnnxAttribute a : attributes) {
      attrs.put(a.name(), a);
    }
    nodes.add(new OnnxNode(name, op, inputs, List.of(output), attrs));
    return this;
  }

  static OnnxAttribute ints(String name, long... values) {
    return OnnxAttribute.ofInts(name, values);
  }

  /** A Conv node named {@code name} writing value {@code name}; weight/bias initializers added. */
  TestGraphs conv(String name, String in, FloatTensor w, FloatTensor b, int[] strides, int[] pads,
      int[] dilations) {
    init(name + ".weight", w);
    List<String> inputs = new ArrayList<>(List.of(in, name + ".weight"));
    if (b != null) {
      init(name + ".bias", b);
      inputs.add(name + ".bias");
    }
    return node(name, "Conv", inputs, name, ints("kernel_shape", w.dim(2), w.dim(3)),
        ints("strides", strides[0], strides[1]),
        ints("pads", pads[0], pads[1], pads[2], pads[3]),
        ints("dilations", dilations[0], dilations[1]));
  }

  OnnxGraph build(String output) {
    OnnxValueInfo in = OnnxValueInfo.floatTensor(input, Dim.symbolic("N"), Dim.of(channels),
        Dim.symbolic("H"), Dim.symbolic("W"));
    OnnxValueInfo out = OnnxValueInfo.floatTensor(output, Dim.symbolic("N"), Dim.symbolic("C"),
        Dim.symbolic("h"), Dim.symbolic("w"));
    return new OnnxGraph("test", nodes, initializers, List.of(in), List.of(out));
  }

  static FloatTensor run(OnnxGraph graph, ConversionOptions options, FloatTensor x) {
    SameDiffGraph g = OnnxSameDiffConverter.convert(graph, options);
    String out = g.outputNames().get(0);
    return g.run(Map.of(g.inputNames().get(0), x), List.of(out)).get(out);
  }
}
