package io.github.colorize.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.decode.AnnealedMeanDecoder;
import io.github.colorize.model.ModelFile;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.tensor.FloatTensor;
import java.util.Locale;

/** Runs one model file on ONNX Runtime and on the dl4j backend, and compares their answers. */
final class OrtDl4jParity {

  /** The logits of one input from both engines. */
  record Logits(FloatTensor ort, FloatTensor dl4j) {}

  private OrtDl4jParity() {}

  static Logits run(ModelFile model, FloatTensor input) throws Exception {
    FloatTensor expected;
    try (OrtReference ort = new OrtReference(model)) {
      expected = ort.run(input);
    }
    try (Backend backend = new Dl4jBackendProvider().open(model, BackendOptions.defaults())) {
      return new Logits(expected, backend.run(input));
    }
  }

  /**
   * The parity a converted graph must meet on an {@code h x w} input: 313 logits at stride 4
   * within 1e-4 of ORT's largest, and colorful annealed-mean ab (paper's T) within 0.05.
   */
  static void assertLogitsAndAbMatch(Logits logits, int h, int w, String label) {
    FloatTensor expected = logits.ort();
    FloatTensor actual = logits.dl4j();
    assertThat(actual.shape()).containsExactly(1, 313, h / 4, w / 4);
    double scale = expected.maxAbs();
    assertThat(scale).isGreaterThan(1.0);
    assertThat(NaiveOps.maxAbsDiff(actual, expected) / scale)
        .as("max |logit diff| / max |logit|").isLessThanOrEqualTo(1e-4);
    AnnealedMeanDecoder decoder = AnnealedMeanDecoder.paperDefaults();
    FloatTensor abExpected = decoder.decodeLogits(expected);
    FloatTensor abActual = decoder.decodeLogits(actual);
    System.out.printf(Locale.ROOT, "%s on %s: max|logit diff| %.3g (max|logit| %.3g), max|ab diff|"
        + " %.3g%n", label, NativeBuild.current().describe(),
        NaiveOps.maxAbsDiff(actual, expected), scale, NaiveOps.maxAbsDiff(abActual, abExpected));
    assertThat(abExpected.maxAbs()).as("decoded ab should be colorful").isGreaterThan(5f);
    assertThat(NaiveOps.maxAbsDiff(abActual, abExpected)).as("max |ab diff|")
        .isLessThanOrEqualTo(0.05);
  }
}
