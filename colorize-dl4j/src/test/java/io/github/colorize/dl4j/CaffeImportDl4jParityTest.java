package io.github.colorize.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.decode.AnnealedMeanDecoder;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.caffe.CaffeImporter;
import io.github.colorize.model.caffe.testing.SyntheticRelease;
import io.github.colorize.model.caffe.testing.SyntheticRelease.SourceFiles;
import io.github.colorize.quant.AbGamut;
import io.github.colorize.tensor.FloatTensor;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model file imported from a (synthetic, full-width) Caffe release runs on the dl4j backend as
 * on ONNX Runtime: same logits, same decoded ab at the file's temperature. (ONNX Runtime's own
 * agreement with OpenCV's Caffe importer is checked in colorize-onnx.)
 */
class CaffeImportDl4jParityTest {

  private static final int HEIGHT = 64;
  private static final int WIDTH = 96;

  @TempDir
  Path dir;

  @Test
  void theImportedReleaseRunsOnDl4jAsOnOnnxRuntime() throws Exception {
    SourceFiles files = SyntheticRelease.builder().width(1.0).seed(2016).build()
        .writeTo(dir, "colorization_release_synthetic");
    ModelFile model = CaffeImporter.importModel(files.prototxt(), files.caffemodel());
    FloatTensor input = lMinus50(HEIGHT, WIDTH);

    OrtDl4jParity.Logits logits = OrtDl4jParity.run(model, input);
    FloatTensor expected = logits.ort();
    FloatTensor actual = logits.dl4j();

    assertThat(actual.shape()).containsExactly(1, 313, HEIGHT / 4, WIDTH / 4);
    double scale = expected.maxAbs();
    double logitDiff = maxAbsDiff(actual, expected);
    AnnealedMeanDecoder decoder = AnnealedMeanDecoder.of(AbGamut.zhang2016(),
        model.metadata().temperature());
    FloatTensor abExpected = decoder.decodeLogits(expected);
    double abDiff = maxAbsDiff(decoder.decodeLogits(actual), abExpected);
    System.out.printf(Locale.ROOT, "imported Caffe release, dl4j (%s) vs ONNX Runtime: max|logit|"
        + " %.3f, max|logit diff| %.3g (relative %.3g), max|ab| %.2f, max|ab diff| %.3g%n",
        NativeBuild.current().describe(), scale, logitDiff, logitDiff / scale,
        abExpected.maxAbs(), abDiff);
    assertThat(scale).isGreaterThan(1.0);
    assertThat(abExpected.maxAbs()).as("decoded ab should be colorful").isGreaterThan(20f);
    assertThat(logitDiff / scale).as("max |logit diff| / max |logit|").isLessThanOrEqualTo(1e-4);
    assertThat(abDiff).as("max |ab diff|").isLessThanOrEqualTo(1e-3);
  }

  /** A structured L plane (ramp, disc, stripes) as the importer's model takes it: L - 50. */
  private static FloatTensor lMinus50(int h, int w) {
    float[] data = new float[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double l = 15 + 60.0 * x / w + 12 * Math.sin(y / 3.0);
        double dx = x - w * 0.3;
        double dy = y - h * 0.5;
        if (dx * dx + dy * dy < 180) {
          l = 92;
        }
        data[y * w + x] = (float) (l - 50);
      }
    }
    return FloatTensor.of(data, 1, 1, h, w);
  }

  private static double maxAbsDiff(FloatTensor a, FloatTensor b) {
    float[] x = a.data();
    float[] y = b.data();
    assertThat(x.length).isEqualTo(y.length);
    double max = 0;
    for (int i = 0; i < x.length; i++) {
      max = Math.max(max, Math.abs((double) x[i] - y[i]));
    }
    return max;
  }
}
