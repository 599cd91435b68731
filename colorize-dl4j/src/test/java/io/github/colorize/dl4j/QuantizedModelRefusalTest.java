package io.github.colorize.dl4j;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxModel;
import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.model.onnx.OnnxTensor;
import io.github.colorize.model.onnx.OnnxWriter;
import io.github.colorize.spi.BackendException;
import io.github.colorize.spi.BackendOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dl4j backend refuses int8 QDQ files with a message that names the onnx backend. */
class QuantizedModelRefusalTest {

  @Test
  void aQdqFileIsRefusedNamingTheOnnxBackend() {
    Eccv16 net = Eccv16.logits(0.125);
    ModelFile fp = ModelFile.of(net, net.randomWeights(1), net.defaultMetadata());
    OnnxGraph g = fp.onnx().graph();
    // The input through a uint8 QuantizeLinear / DequantizeLinear pair: the smallest QDQ graph.
    List<OnnxNode> nodes = new ArrayList<>();
    nodes.add(new OnnxNode("q", "QuantizeLinear", List.of("l", "s", "z"), List.of("lq"),
        Map.of()));
    nodes.add(new OnnxNode("dq", "DequantizeLinear", List.of("lq", "s", "z"), List.of("ldq"),
        Map.of()));
    for (OnnxNode n : g.nodes()) {
      List<String> in = n.inputs().stream().map(x -> x.equals("l") ? "ldq" : x).toList();
      nodes.add(new OnnxNode(n.name(), n.opType(), in, n.outputs(), n.attributes()));
    }
    Map<String, OnnxTensor> others = new LinkedHashMap<>();
    others.put("s", OnnxTensor.ofFloats("s", new long[0], 1f / 255));
    others.put("z", new OnnxTensor("z", OnnxTensor.UINT8, new long[0], new byte[] {(byte) 128}));
    OnnxGraph qdq = new OnnxGraph(g.name(), nodes, g.initializers(), g.inputs(), g.outputs(),
        others, List.of(), "");
    ModelFile int8 = ModelFile.fromBytes(
        OnnxWriter.toBytes(OnnxModel.of(qdq, fp.onnx().metadata())), "int8.onnx");

    assertThatThrownBy(() -> new Dl4jBackendProvider().open(int8, BackendOptions.defaults()))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("int8.onnx")
        .hasMessageContaining("quantized")
        .hasMessageContaining("dl4j backend runs float models only")
        .hasMessageContaining("--backend onnx");
  }
}
