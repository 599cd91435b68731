package io.github.colorize.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxModel;
import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.model.onnx.OnnxReader;
import io.github.colorize.model.onnx.OnnxTensor;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import io.github.colorize.model.onnx.OnnxWriter;
import org.junit.jupiter.api.Test;

/**
 * A file written by the official onnx Python package (see make_foreign_model.py beside it), shaped
 * like a PyTorch export: colorize's codec must read what another protobuf writer wrote.
 */
class ForeignModelTest {

  static final String RESOURCE = "io/github/colorize/model/foreign-ab-stride1.onnx";
  static final ModelMetadata AB_FULL_RESOLUTION =
      ModelMetadata.builder().outputKind(OutputKind.AB).outputStride(1).build();

  @Test
  void readsEveryPartOfAThirdPartyFile() {
    ModelFile model = ModelFile.classpath(RESOURCE, AB_FULL_RESOLUTION);
    OnnxModel onnx = model.onnx();
    assertThat(onnx.producerName()).isEqualTo("pytorch");
    assertThat(onnx.producerVersion()).isEqualTo("1.13.1");
    assertThat(onnx.irVersion()).isEqualTo(7);
    assertThat(onnx.opsetVersion()).isEqualTo(13);
    assertThat(onnx.metadata()).containsEntry("author", "make_foreign_model.py");
    assertThat(model.metadata()).isEqualTo(AB_FULL_RESOLUTION);
    assertThat(model.missingMetadata()).hasSize(6);

    OnnxGraph g = onnx.graph();
    assertThat(g.name()).isEqualTo("torch_jit");
    assertThat(g.docString()).isEqualTo("a foreign graph");
    // Weights listed among the inputs are initializers, not inputs.
    assertThat(g.inputs()).extracting(v -> v.name()).containsExactly("l");
    assertThat(g.inputs().get(0).shape()).containsExactly(Dim.of(1), Dim.of(1), Dim.of(16),
        Dim.of(16));
    assertThat(g.initializers().keySet()).containsExactly("conv1.weight", "conv1.bias",
        "conv2.weight");
    assertThat(g.initializers().get("conv1.weight").shape()).containsExactly(4, 1, 3, 3);
    assertThat(g.initializers().get("conv1.bias").shape()).containsExactly(4);
    assertThat(g.initializers().get("conv1.bias").maxAbs()).isGreaterThan(0f).isFinite();
    OnnxTensor shape = g.otherInitializers().get("shape");
    assertThat(shape.dataType()).isEqualTo(OnnxTensor.INT64);
    assertThat(shape.toLongs()).containsExactly(1, 2, 4, 4);
    assertThat(g.otherInitializers().get("roi").dims()).containsExactly(0);
    assertThat(g.valueInfo()).extracting(v -> v.name()).containsExactly("c1");

    assertThat(g.nodes()).extracting(OnnxNode::opType).containsExactly("Conv", "Relu", "Conv",
        "Constant", "Mul", "Reshape", "Constant", "Resize");
    OnnxNode conv = g.nodes().get(0);
    assertThat(conv.intsAttr("strides", null)).containsExactly(4, 4);
    assertThat(conv.intsAttr("pads", null)).containsExactly(1, 1, 1, 1);
    assertThat(g.nodes().get(2).inputs()).containsExactly("r1", "conv2.weight", "");
    assertThat(g.nodes().get(3).attributes().get("value").t().toFloats()).containsExactly(110f);
    assertThat(g.nodes().get(6).attributes().get("value").t().toFloats())
        .containsExactly(1f, 1f, 4f, 4f);
    assertThat(g.nodes().get(7).stringAttr("mode", "")).isEqualTo("linear");
    assertThat(model.inputMultiple()).isEqualTo(4);
  }

  @Test
  void paperDefaultsDoNotFitAnAbExport() {
    assertThatThrownBy(() -> ModelFile.classpath(RESOURCE))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("classpath:" + RESOURCE)
        .hasMessageContaining("output 'ab' has 2 channels")
        .hasMessageContaining("expected 313 for logits output");
    ModelMetadata abAtStride4 = ModelMetadata.builder().outputKind(OutputKind.AB).build();
    assertThatThrownBy(() -> ModelFile.classpath(RESOURCE, abAtStride4))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("do not differ by the output stride 4");
  }

  @Test
  void rewritingAndRelabellingKeepTheGraph() {
    ModelFile model = ModelFile.classpath(RESOURCE, AB_FULL_RESOLUTION);
    // Our writer re-encodes it; our reader gets the same model back.
    assertThat(OnnxReader.read(OnnxWriter.toBytes(model.onnx()))).isEqualTo(model.onnx());
    // Labelling copies the original bytes and appends the metadata.
    ModelFile labelled = model.withMetadata(AB_FULL_RESOLUTION.toBuilder()
        .extra(MetadataKeys.LICENSE, "MIT").build());
    ModelFile reread = ModelFile.fromBytes(labelled.bytes(), "labelled.onnx");
    assertThat(reread.missingMetadata()).isEmpty();
    assertThat(reread.metadata().license()).isEqualTo("MIT");
    assertThat(reread.onnx().graph()).isEqualTo(model.onnx().graph());
    assertThat(reread.onnx().metadata()).containsEntry("author", "make_foreign_model.py");
  }
}
