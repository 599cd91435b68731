package io.github.colorize.dl4j;

import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.tensor.FloatTensor;
import java.util.Locale;
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
    OrtDl4jParity.assertLogitsAndAbMatch(OrtDl4jParity.run(model, input), h, w,
        String.format(Locale.ROOT, "width %s %dx%d", width, h, w));
  }
}
