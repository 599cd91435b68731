package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.model.ModelFile;
import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.model.quantize.ModelQuantizer;
import io.github.colorize.model.quantize.QuantizationInfo;
import io.github.colorize.model.testing.MobileNetV2Fixtures;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.tensor.FloatTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Int8 quantization of a mobilenetv2-unet model: the depthwise convolutions become int8 too, the
 * Clip (ReLU6) and Add between them stay float, and ONNX Runtime runs the result close to float.
 */
class MobileNetV2QuantizedTest {

  @TempDir
  Path dir;

  @Test
  void everyConvolutionDepthwiseIncludedBecomesInt8AndOrtRunsIt() throws IOException {
    Path photos = Files.createDirectories(dir.resolve("calibration"));
    for (int i = 0; i < 4; i++) {
      ImageIO.write(QuantizedModelTest.photo(i, 96, 80), "png",
          photos.resolve("photo" + i + ".png").toFile());
    }
    ModelFile floatModel = MobileNetV2Fixtures.model(5, 16);
    ModelFile int8 = ModelQuantizer.builder().calibration(photos).calibrationImages(4).build()
        .quantize(floatModel);
    long convs = floatModel.onnx().graph().nodes().stream()
        .filter(n -> n.opType().startsWith("Conv")).count();
    long depthwise = floatModel.onnx().graph().nodes().stream()
        .filter(n -> n.intAttr("group", 1) > 1).count();
    assertThat(depthwise).isGreaterThan(0);
    QuantizationInfo info = QuantizationInfo.of(int8.onnx().graph());
    assertThat(info.int8Layers()).hasSize((int) convs);
    assertThat(int8.metadata().family()).isEqualTo("mobilenetv2-unet");
    assertThat(int8.onnx().graph().nodes()).extracting(OnnxNode::opType)
        .contains("Clip", "Add");

    FloatTensor input = FloatTensor.zeros(1, 1, 64, 96);
    float[] d = input.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) Math.sin(i * 0.013) * 0.8f;
    }
    FloatTensor f;
    FloatTensor q;
    try (Backend b = new OnnxBackendProvider().open(floatModel, BackendOptions.defaults())) {
      f = b.run(input);
    }
    try (Backend b = new OnnxBackendProvider().open(int8, BackendOptions.defaults())) {
      q = b.run(input);
    }
    assertThat(q.shape()).containsExactly(1, 313, 16, 24);
    double diff = 0;
    for (int i = 0; i < f.data().length; i++) {
      diff += Math.abs(f.data()[i] - q.data()[i]);
    }
    // Random weights amplify rounding; the logits still follow the float ones.
    assertThat(diff / f.data().length).isLessThan(0.25 * f.maxAbs());
  }
}
