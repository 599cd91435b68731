package io.github.colorize.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.decode.AnnealedMeanDecoder;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.tensor.FloatTensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dl4j backend against ONNX Runtime on the same model file and input: eccv16 at width 0.25
 * and 1.0 with random weights and BatchNorm statistics, square and non-square.
 */
class Eccv16ParityTest {

  @ParameterizedTest(name = "width {0}, {1}x{2}")
  @CsvSource({"0.25, 224, 224", "0.25, 176, 264", "1.0, 224, 224", "1.0, 176, 264"})
  void logitsAndDecodedAbMatchOnnxRuntime(double width, int h, int w) throws Exception {
    Eccv16 net = Eccv16.logits(width);
    ModelFile model = Eccv16Fixtures.model(net, 42);
    FloatTensor input = Eccv16Fixtures.input(1, h, w, 7);
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
    System.out.printf("width %s %dx%d on %s: max|logit diff| %.3g (max|logit| %.3g), max|ab diff|"
        + " %.3g%n", width, h, w, NativeBuild.current().describe(),
        NaiveOps.maxAbsDiff(actual, expected), scale, NaiveOps.maxAbsDiff(abActual, abExpected));
    assertThat(abExpected.maxAbs()).as("decoded ab should be colorful").isGreaterThan(5f);
    assertThat(NaiveOps.maxAbsDiff(abActual, abExpected)).as("max |ab diff|")
        .isLessThanOrEqualTo(0.05);
  }
}
