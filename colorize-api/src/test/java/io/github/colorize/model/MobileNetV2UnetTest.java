package io.github.colorize.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.testing.MobileNetV2Fixtures;
import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.tensor.FloatTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MobileNetV2UnetTest {

  @TempDir
  Path dir;

  @Test
  void encoderFindsTheBottleneckOfEachStrideAndFoldsThePads() {
    MobileNetV2Encoder encoder = MobileNetV2Fixtures.encoder(3);
    assertThat(encoder.strides()).containsExactly(2, 4, 8, 16, 32);
    for (int i = 0; i < 5; i++) {
      assertThat(encoder.channels(2 << i)).isEqualTo(MobileNetV2Fixtures.CHANNELS[i]);
    }
    // The deepest 1x1 (64 channels, ReLU6 after it) is not a feature map: the last projection is.
    List<OnnxNode> nodes = encoder.nodes(List.of(32));
    assertThat(nodes.get(nodes.size() - 1).outputs()).containsExactly(encoder.tap(32));
    assertThat(nodes).extracting(OnnxNode::opType).doesNotContain("Pad", "ReduceMean")
        .contains("Conv", "Clip", "Add");
    OnnxNode stem = nodes.get(0);
    assertThat(stem.intsAttr("pads", null)).containsExactly(0, 0, 1, 1);
    assertThat(stem.intsAttr("strides", null)).containsExactly(2, 2);
    assertThat(nodes).filteredOn(n -> n.intAttr("group", 1) > 1).isNotEmpty()
        .allSatisfy(n -> assertThat(n.intsAttr("pads", null)).satisfiesAnyOf(
            p -> assertThat(p).containsExactly(1, 1, 1, 1),
            p -> assertThat(p).containsExactly(0, 0, 1, 1)));
  }

  @Test
  void firstConvolutionSumsTheRgbKernels() {
    OnnxGraph source = MobileNetV2Fixtures.classifier(3);
    MobileNetV2Encoder encoder = MobileNetV2Encoder.from(source, "x");
    OnnxNode stem = encoder.nodes(List.of(4)).get(0);
    FloatTensor rgb = source.initializers().get(source.nodes().get(1).inputs().get(1));
    FloatTensor gray = encoder.weights().get(stem.inputs().get(1));
    assertThat(gray.shape()).containsExactly(8, 1, 3, 3);
    float[] r = rgb.data();
    // Output 5, tap (1, 2): the sum of the three input channels' weights.
    float expected = r[(5 * 3) * 9 + 5] + r[(5 * 3 + 1) * 9 + 5] + r[(5 * 3 + 2) * 9 + 5];
    assertThat(gray.data()[5 * 9 + 5]).isCloseTo(expected, within(1e-6f));
  }

  @Test
  void encoderRefusesAnOperatorItDoesNotRebuild() {
    OnnxGraph source = MobileNetV2Fixtures.classifier(3);
    List<OnnxNode> nodes = new java.util.ArrayList<>(source.nodes());
    OnnxNode clip = nodes.get(2);
    nodes.set(2, new OnnxNode(clip.name(), "Sigmoid", clip.inputs(), clip.outputs(), Map.of()));
    OnnxGraph bad = new OnnxGraph(source.name(), nodes, source.initializers(), source.inputs(),
        source.outputs());
    assertThatThrownBy(() -> MobileNetV2Encoder.from(bad, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(clip.name()).hasMessageContaining("Sigmoid");
  }

  @Test
  void decoderFusesTheChosenStridesDownToStrideFour() {
    MobileNetV2Encoder encoder = MobileNetV2Fixtures.encoder(3);
    MobileNetV2Unet three = new MobileNetV2Unet(encoder, 16, List.of(8, 32, 16), 313);
    assertThat(three.fused()).containsExactly(32, 16, 8);
    assertThat(three.decoderInputStrides()).containsExactly(8, 16, 32);
    assertThat(three.decoderWeightShapes()).containsKeys("dec.top.weight", "dec.skip16.weight",
        "dec.skip8.weight", "dec.up4.weight", "dec.fuse4.weight", "dec.head.weight")
        .doesNotContainKey("dec.skip4.weight");
    assertThat(three.decoderWeightShapes().get("dec.top.weight")).containsExactly(16, 32, 3, 3);
    assertThat(three.decoderWeightShapes().get("dec.head.weight")).containsExactly(313, 16, 1, 1);
    OnnxGraph decoder = three.decoderGraph(three.initialDecoderWeights(1), 64);
    assertThat(decoder.inputs()).extracting(v -> v.shape().get(2).value())
        .containsExactly(8L, 4L, 2L);
    assertThatThrownBy(() -> new MobileNetV2Unet(encoder, 16, List.of(64), 313))
        .hasMessageContaining("stride 64");
    assertThatThrownBy(() -> new MobileNetV2Unet(encoder, 16, List.of(2), 313))
        .hasMessageContaining("stride 2");
  }

  @Test
  void modelFileRecordsFamilyEncoderAndGrayNormalizationAndRoundTrips() throws IOException {
    ModelFile model = MobileNetV2Fixtures.model(3, 16);
    assertThat(model.inputMultiple()).isEqualTo(32);
    Path file = dir.resolve("m.onnx");
    ModelWriter.write(file, model);
    ModelFile read = ModelFile.read(file);
    assertThat(read.metadata().family()).isEqualTo(MobileNetV2Unet.FAMILY);
    assertThat(read.metadata().encoder()).contains("synthetic MobileNetV2")
        .contains("decoder width 16").contains("[32, 16, 8, 4]");
    assertThat(read.metadata().inputNormalization())
        .isEqualTo(InputNormalization.SRGB_GRAY_M1_1);
    assertThat(read.onnx().graph().inputs().get(0).shape().get(1).value()).isEqualTo(1);
  }

  @Test
  void unknownFamilyIsRefusedWithOneClearLine() throws IOException {
    ModelFile model = MobileNetV2Fixtures.model(3, 8);
    ModelMetadata odd = model.metadata().toBuilder().extra(MetadataKeys.FAMILY, "resnet-gan")
        .build();
    Path file = dir.resolve("odd.onnx");
    ModelWriter.write(file, model.onnx().withMetadata(MetadataCodec.encode(odd)));
    assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("'resnet-gan'")
        .hasMessageContaining("eccv16").hasMessageContaining("mobilenetv2-unet")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(Files.exists(file)).isTrue();
  }

  @Test
  void eccv16FilesWithoutFamilyReadAsEccv16() {
    assertThat(ModelMetadata.paperDefaults().family()).isEqualTo("eccv16");
    assertThat(ModelMetadata.paperDefaults().encoder()).isEmpty();
  }
}
