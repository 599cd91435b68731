package io.github.colorize.model.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationHistogramTest {

  /** Post-ReLU-like values: exponential, with a few huge outliers. */
  private static ActivationHistogram reluWithOutliers() {
    Random random = new Random(4);
    ActivationHistogram h = new ActivationHistogram();
    for (int batch = 0; batch < 20; batch++) {
      float[] v = new float[10_000];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (-Math.log(1 - random.nextDouble()));
      }
      // Growing ranges across batches exercise the bin merging.
      v[0] = batch == 19 ? 400f : 10f * (batch + 1);
      h.add(v);
    }
    return h;
  }

  @Test
  void minmaxKeepsEverythingAndTheOthersClipOutliers() {
    ActivationHistogram h = reluWithOutliers();
    assertThat(h.total()).isEqualTo(200_000);
    ActivationRange minmax = h.range(CalibrationMethod.MINMAX);
    assertThat(minmax.min()).isEqualTo(0f);
    assertThat(minmax.max()).isEqualTo(400f);
    ActivationRange percentile = h.range(CalibrationMethod.PERCENTILE);
    // 1e-5 of 200,000 values is 2: the 99.999th percentile sits inside the exponential's tail.
    assertThat(percentile.max()).isBetween(8f, 200f);
    ActivationRange entropy = h.range(CalibrationMethod.ENTROPY);
    assertThat(entropy.min()).isEqualTo(0f);
    assertThat(entropy.max()).isBetween(3f, 100f);
  }

  @Test
  void aUniformTensorIsNotClipped() {
    ActivationHistogram h = new ActivationHistogram();
    float[] v = new float[100_001];
    for (int i = 0; i < v.length; i++) {
      v[i] = -0.5f + i / 100_000f;
    }
    h.add(v);
    for (CalibrationMethod m : CalibrationMethod.values()) {
      ActivationRange r = h.range(m);
      assertThat(r.min()).as(m.name()).isCloseTo(-0.5f, within(0.02f));
      assertThat(r.max()).as(m.name()).isCloseTo(0.5f, within(0.02f));
    }
  }

  @Test
  void rangesHoldZeroAndMapItExactly() {
    ActivationRange r = ActivationRange.around0(2, 10);
    assertThat(r.min()).isZero();
    assertThat(r.zeroPoint()).isZero();
    assertThat(r.scale()).isEqualTo(10f / 255);
    ActivationRange two = ActivationRange.around0(-1, 3);
    assertThat(two.zeroPoint()).isEqualTo(64);
    assertThat(ActivationRange.around0(0, 0).scale()).isEqualTo(1f);
  }

  @Test
  void nonFiniteActivationsAreReported() {
    ActivationHistogram h = new ActivationHistogram();
    assertThatThrownBy(() -> h.add(new float[] {1f, Float.NaN}))
        .hasMessageContaining("non-finite");
  }

  @Test
  void calibrationPhotosAreSpreadOverTheFolderAndHashedByRelativeName(@TempDir Path dir)
      throws IOException {
    Files.createDirectories(dir.resolve("b"));
    for (int i = 0; i < 10; i++) {
      Files.writeString(dir.resolve((i < 5 ? "" : "b/") + "p" + i + ".JPG"), "x");
    }
    Files.writeString(dir.resolve("readme.txt"), "x");
    CalibrationSet set = CalibrationSet.scan(dir, 3);
    assertThat(set.files()).containsExactly(dir.resolve("b/p5.JPG"), dir.resolve("b/p8.JPG"),
        dir.resolve("p1.JPG"));
    String hash = set.sha256(set.files());
    assertThat(hash).hasSize(64).isEqualTo(set.sha256(List.copyOf(set.files())))
        .isNotEqualTo(set.sha256(set.files().subList(0, 2)));
    assertThatThrownBy(() -> CalibrationSet.scan(dir.resolve("b/p5.JPG"), 3))
        .hasMessageContaining("is not a folder");
  }
}
