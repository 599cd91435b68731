package io.github.colorize.dl4j;

import io.github.colorize.model.testing.MobileNetV2Fixtures;
import io.github.colorize.model.ModelFile;
import io.github.colorize.tensor.FloatTensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dl4j backend against ONNX Runtime on a mobilenetv2-unet model: a small MobileNetV2-shaped
 * encoder (depthwise convolutions, asymmetric SAME pads, ReLU6 Clip, residual Add) with random
 * weights and a U-Net decoder (ConvTranspose, Add, BatchNorm), square and non-square.
 */
class MobileNetV2ParityTest {

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"128, 128", "96, 160"})
  void logitsAndDecodedAbMatchOnnxRuntime(int h, int w) throws Exception {
    ModelFile model = MobileNetV2Fixtures.model(11, 16);
    FloatTensor input = Eccv16Fixtures.input(1, h, w, 5);
    OrtDl4jParity.assertLogitsAndAbMatch(OrtDl4jParity.run(model, input), h, w,
        "mobilenetv2-unet " + h + "x" + w);
  }
}
