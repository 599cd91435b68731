package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.Photo;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelFormatException;
import io.github.colorize.model.ModelMetadata;
import io.github.colorize.model.onnx.OnnxAttribute;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxModel;
import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.model.onnx.OnnxTensor;
import io.github.colorize.model.onnx.OnnxWriter;
import io.github.colorize.model.quantize.CalibrationMethod;
import io.github.colorize.model.quantize.ModelQuantizer;
import io.github.colorize.model.quantize.QuantizationInfo;
import io.github.colorize.pipeline.AbPlanes;
import io.github.colorize.pipeline.ColorizationPipeline;
import io.github.colorize.pipeline.PipelineOptions;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.tensor.FloatTensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Int8 QDQ quantization of a small random eccv16, run on ONNX Runtime. */
class QuantizedModelTest {

  private static final Eccv16 NET = Eccv16.logits(0.25);
  private static final int SIDE = 64;

  @TempDir
  static Path dir;
  private static Path photos;
  private static ModelFile floatModel;
  private static ModelFile int8;

  @BeforeAll
  static void quantize() throws IOException {
    photos = Files.createDirectories(dir.resolve("calibration"));
    for (int i = 0; i < 6; i++) {
      ImageIO.write(photo(i, 96, 80), "png", photos.resolve("photo" + i + ".png").toFile());
    }
    ModelMetadata metadata = NET.defaultMetadata().toBuilder().inputSize(SIDE)
        .modelCard("test net").extra("license", "Apache-2.0").build();
    floatModel = ModelFile.of(NET, NET.randomWeights(3), metadata);
    int8 = ModelQuantizer.builder().calibration(photos).calibrationImages(5).build()
        .quantize(floatModel);
  }

  /** Smooth gradients, a few blocks and noise: the kinds of structure photos have. */
  static BufferedImage photo(int seed, int width, int height) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int bx = random.nextInt(width / 2);
    int by = random.nextInt(height / 2);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        boolean block = x >= bx && x < bx + width / 3 && y >= by && y < by + height / 3;
        int r = (int) (255.0 * x / width);
        int g = block ? 40 : (int) (255.0 * y / height);
        int b = Math.min(255, Math.max(0, 128 + (int) (random.nextGaussian() * 30)));
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return image;
  }

  @Test
  void everyConvolutionIsInt8AndReadsItsWeightsThroughDequantizeLinear() {
    QuantizationInfo info = QuantizationInfo.of(int8.onnx().graph());
    assertThat(info.int8Layers()).hasSize(NET.layers().size());
    assertThat(info.floatLayers()).isEmpty();
    OnnxGraph g = int8.onnx().graph();
    Map<String, OnnxNode> producer = new HashMap<>();
    g.nodes().forEach(n -> n.outputs().forEach(o -> producer.put(o, n)));
    for (OnnxNode conv : g.nodes()) {
      if (!conv.opType().startsWith("Conv")) {
        continue;
      }
      // Activation, weight and bias each come through a DequantizeLinear...
      for (String in : conv.inputs()) {
        assertThat(producer.get(in).opType()).as(conv.label() + " input " + in)
            .isEqualTo("DequantizeLinear");
      }
      OnnxNode wdq = producer.get(conv.inputs().get(1));
      OnnxTensor w = g.otherInitializers().get(wdq.inputs().get(0));
      assertThat(w.dataType()).isEqualTo(OnnxTensor.INT8);
      assertThat(java.util.Arrays.stream(w.toLongs()).allMatch(v -> v >= -63 && v <= 63)).isTrue();
      assertThat(wdq.intAttr("axis", -1)).isEqualTo(conv.opType().equals("Conv") ? 0 : 1);
      OnnxNode bdq = producer.get(conv.inputs().get(2));
      assertThat(g.otherInitializers().get(bdq.inputs().get(0)).dataType())
          .isEqualTo(OnnxTensor.INT32);
      // ...and the input's DequantizeLinear reads a uint8 QuantizeLinear.
      OnnxNode xq = producer.get(producer.get(conv.inputs().get(0)).inputs().get(0));
      assertThat(xq.opType()).isEqualTo("QuantizeLinear");
      assertThat(g.otherInitializers().get(xq.inputs().get(2)).dataType())
          .isEqualTo(OnnxTensor.UINT8);
    }
    assertThat(g.initializers().keySet()).noneMatch(k -> k.endsWith(".weight"));
  }

  @Test
  void metadataKeepsTheFloatFilesAndAddsTheScheme() {
    Map<String, String> before = floatModel.onnx().metadata();
    Map<String, String> after = int8.onnx().metadata();
    before.forEach((k, v) -> {
      if (!k.equals("colorize.model_card")) {
        assertThat(after).containsEntry(k, v);
      }
    });
    assertThat(after.get("colorize.model_card")).startsWith("test net").contains("int8");
    assertThat(after.get(ModelQuantizer.SCHEME_KEY)).contains("QDQ int8", "per output channel",
        "percentile", "5 photos");
    assertThat(after.get(ModelQuantizer.CALIBRATION_KEY)).matches("[0-9a-f]{64}");
    assertThat(after).containsEntry(ModelQuantizer.CALIBRATION_COUNT_KEY, "5");
    assertThat(int8.metadata().inputSize()).isEqualTo(SIDE);
    assertThat(int8.metadata().license()).isEqualTo("Apache-2.0");
  }

  @Test
  void theFileIsAboutFourTimesSmaller() {
    double ratio = (double) floatModel.bytes().length / int8.bytes().length;
    assertThat(ratio).isGreaterThan(3.5);
  }

  @Test
  void ortRunsItWithFusedIntegerConvolutionsAndAbCloseToFloat() throws IOException {
    List<Photo> inputs = new ArrayList<>();
    for (int i = 10; i < 13; i++) {
      inputs.add(Photo.fromBufferedImage(photo(i, 72, 88), "photo" + i));
    }
    List<AbPlanes> f = predict(floatModel, inputs);
    List<AbPlanes> q = predict(int8, inputs);
    double sum = 0;
    long n = 0;
    for (int i = 0; i < f.size(); i++) {
      for (int p = 0; p < f.get(i).pixelCount(); p++) {
        sum += Math.hypot(f.get(i).a()[p] - q.get(i).a()[p], f.get(i).b()[p] - q.get(i).b()[p]);
        n++;
      }
    }
    // Random weights amplify rounding more than trained ones; still far below the ab spread (~30).
    assertThat(sum / n).isLessThan(3.0);

    OrtKernelProfile profile = OrtKernelProfile.measure(int8, FloatTensor.zeros(1, 1, SIDE, SIDE),
        1, 1, dir);
    assertThat(profile.nodesByOp()).containsKey("QLinearConv");
    // Every Conv (all but the ConvTranspose) runs as an integer kernel: no float Conv is left.
    assertThat(profile.nodesByOp().get("QLinearConv")).isEqualTo(NET.layers().size() - 1);
    assertThat(profile.nodesByOp()).doesNotContainKey("Conv");
  }

  private static List<AbPlanes> predict(ModelFile model, List<Photo> photos) {
    try (Backend backend = new OnnxBackendProvider().open(model, BackendOptions.defaults())) {
      ColorizationPipeline pipeline = new ColorizationPipeline(backend, model,
          new PipelineOptions(SIDE, false, 0.38, 4));
      return pipeline.predictAbAll(photos, 0.38);
    }
  }

  @Test
  void keptFloatLayersStayFloat() throws IOException {
    ModelFile partly = ModelQuantizer.builder().calibration(photos).calibrationImages(2)
        .method(CalibrationMethod.MINMAX).keepFloat(List.of("conv1_1", "conv8_313")).build()
        .quantize(floatModel);
    QuantizationInfo info = QuantizationInfo.of(partly.onnx().graph());
    assertThat(info.floatLayers()).containsExactly("conv1_1", "conv8_313");
    assertThat(info.describe()).contains("21 of 23", "float: conv1_1, conv8_313");
    assertThat(partly.onnx().metadata().get(ModelQuantizer.SCHEME_KEY))
        .contains("float layers: conv1_1, conv8_313", "minmax");
    // The logits come straight from the float head: nothing quantizes the graph output.
    try (Backend backend = new OnnxBackendProvider().open(partly, BackendOptions.defaults())) {
      assertThat(backend.run(TestModels.input(1, 1, SIDE, SIDE)).shape())
          .containsExactly(1, 313, SIDE / 4, SIDE / 4);
    }
  }

  @Test
  void anAlreadyQuantizedFileIsRefused() {
    ModelQuantizer quantizer = ModelQuantizer.builder().calibration(photos).build();
    assertThatThrownBy(() -> quantizer.quantize(int8)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("already quantized").hasMessageContaining(int8.source());
  }

  @Test
  void aFolderWithoutReadablePhotosIsRefused() throws IOException {
    Path broken = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(broken.resolve("not-a-photo.jpg"), "this is text");
    Files.writeString(broken.resolve("notes.txt"), "no photo here");
    ModelQuantizer quantizer = ModelQuantizer.builder().calibration(broken).build();
    assertThatThrownBy(() -> quantizer.quantize(floatModel))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("calibration folder " + broken)
        .hasMessageContaining("no readable photo");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> ModelQuantizer.builder().calibration(empty).build()
        .quantize(floatModel)).hasMessageContaining("holds no photo");
  }

  @Test
  void aGraphOutsideTheEccv16FamilyIsRefused() {
    OnnxGraph g = floatModel.onnx().graph();
    List<OnnxNode> nodes = new ArrayList<>(g.nodes());
    OnnxNode head = nodes.remove(nodes.size() - 1);
    nodes.add(new OnnxNode(head.name(), head.opType(), head.inputs(), List.of("raw"),
        head.attributes()));
    nodes.add(new OnnxNode("softmax", "Softmax", List.of("raw"), List.of("logits"),
        Map.of("axis", OnnxAttribute.ofInt("axis", 1))));
    OnnxGraph other = new OnnxGraph(g.name(), nodes, g.initializers(), g.inputs(), g.outputs());
    ModelFile foreign = ModelFile.fromBytes(
        OnnxWriter.toBytes(OnnxModel.of(other, floatModel.onnx().metadata())), "softmax.onnx");
    assertThatThrownBy(() -> ModelQuantizer.builder().calibration(photos).build()
        .quantize(foreign)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("softmax.onnx").hasMessageContaining("not an eccv16-family")
        .hasMessageContaining("Softmax");
  }

  @Test
  void anUnknownKeepFloatLayerIsRefused() {
    assertThatThrownBy(() -> ModelQuantizer.builder().calibration(photos)
        .keepFloat(Set.of("conv9_9")).build().quantize(floatModel))
        .hasMessageContaining("conv9_9").hasMessageContaining("conv8_313");
  }

  @Test
  void keepingEveryConvolutionFloatIsRefused() {
    Set<String> all = NET.layers().stream().map(Eccv16.Layer::name)
        .collect(java.util.stream.Collectors.toSet());
    assertThatThrownBy(() -> ModelQuantizer.builder().calibration(photos).keepFloat(all).build()
        .quantize(floatModel))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaves nothing to quantize");
  }

  @Test
  void theReadBackFileIsTheSame() throws IOException {
    Path file = dir.resolve("int8.onnx");
    Files.write(file, int8.bytes());
    ModelFile back = ModelFile.read(file);
    assertThat(QuantizationInfo.of(back.onnx().graph()).describe())
        .isEqualTo(QuantizationInfo.of(int8.onnx().graph()).describe());
    assertThat(ImageDecoder.defaults()).isNotNull();
  }
}
