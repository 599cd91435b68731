package io.github.colorize.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.decode.AnnealedMeanDecoder;
import io.github.colorize.model.testing.MobileNetV2Fixtures;
import io.github.colorize.model.ModelFile;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
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
    FloatTensor expected;
    try (OrtReference ort = new OrtReference(model)) {
      expected = ort.run(input);
    }
    FloatTensor actual;
    try (Backend backend = new Dl4jBackendProvider().open(model, BackendOptions.defaults())) {
      actual = backend.run(input);
    }
    assertThat(actual.shape()).containsExactly(1, 313, h / 4, w / 4);
    double scale = expected.maxAbs();
    assertThat(scale).isGreaterThan(1.0);
    assertThat(NaiveOps.maxAbsDiff(actual, expected) / scale)
        .as("max |logit diff| / max |logit|").isLessThanOrEqualTo(1e-4);
    AnnealedMeanDecoder decoder = AnnealedMeanDecoder.paperDefaults();
    FloatTensor abExpected = decoder.decodeLogits(expected);
    FloatTensor abActual = decoder.decodeLogits(actual);
    assertThat(abExpected.maxAbs()).as("decoded ab should be colorful").isGreaterThan(5f);
    assertThat(NaiveOps.maxAbsDiff(abActual, abExpected)).as("max |ab diff|")
        .isLessThanOrEqualTo(0.05);
  }
}
