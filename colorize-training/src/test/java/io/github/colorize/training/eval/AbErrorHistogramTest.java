package io.github.colorize.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AbErrorHistogramTest {

  private static float[] filled(int n, float v) {
    float[] x = new float[n];
    Arrays.fill(x, v);
    return x;
  }

  @Test
  void perfectPredictionScores100() {
    AbErrorHistogram h = new AbErrorHistogram();
    float[] a = {10, -20, 30, 0};
    float[] b = {5, 7, -9, 0};
    h.add(a, b, a, b, null);
    assertThat(h.auc()).isEqualTo(100.0);
    assertThat(h.aucRebalanced()).isEqualTo(100.0);
    assertThat(h.psnrAb()).isInfinite();
  }

  @Test
  void constantErrorGivesKnownArea() {
    // Error 3-4-5 triangle: d = 5 exactly, so thresholds 0..4 miss and 5..150 hit: 146 / 151.
    AbErrorHistogram h = new AbErrorHistogram();
    h.add(filled(10, 3), filled(10, 4), filled(10, 0), filled(10, 0), null);
    assertThat(h.auc()).isCloseTo(100.0 * 146 / 151, within(1e-12));
    // d = 5.5 rounds up to bucket 6: thresholds 6..150 hit.
    AbErrorHistogram g = new AbErrorHistogram();
    g.add(filled(3, 5.5f), filled(3, 0), filled(3, 0), filled(3, 0), null);
    assertThat(g.auc()).isCloseTo(100.0 * 145 / 151, within(1e-12));
    // MSE per channel = (9 + 16) / 2 = 12.5
    assertThat(h.psnrAb()).isCloseTo(10 * Math.log10(220.0 * 220.0 / 12.5), within(1e-9));
  }

  @Test
  void errorsBeyondTheCurveScoreZero() {
    AbErrorHistogram h = new AbErrorHistogram();
    h.add(filled(4, 200), filled(4, 0), filled(4, 0), filled(4, 0), null);
    assertThat(h.auc()).isEqualTo(0.0);
  }

  @Test
  void rebalancedWeightsArePooledAcrossAdds() {
    // Image 1: one exact pixel with weight 3. Image 2: one pixel off by 200 with weight 1.
    AbErrorHistogram h = new AbErrorHistogram();
    h.add(new float[] {0}, new float[] {0}, new float[] {0}, new float[] {0}, new float[] {3});
    h.add(new float[] {200}, new float[] {0}, new float[] {0}, new float[] {0}, new float[] {1});
    assertThat(h.auc()).isCloseTo(50.0, within(1e-12));
    // Pooled: 3 / (3 + 1) of the weight is always within; per-image averaging would give 50.
    assertThat(h.aucRebalanced()).isCloseTo(75.0, within(1e-12));
  }

  @Test
  void mergeEqualsAddingEverythingToOne() {
    AbErrorHistogram one = new AbErrorHistogram();
    AbErrorHistogram left = new AbErrorHistogram();
    AbErrorHistogram right = new AbErrorHistogram();
    float[] pa = {1, 2, 30, 4};
    float[] pb = {0, 9, 1, -70};
    float[] z = new float[4];
    float[] w = {1, 2, 3, 4};
    one.add(pa, pb, z, z, w);
    one.add(pb, pa, z, z, w);
    left.add(pa, pb, z, z, w);
    right.add(pb, pa, z, z, w);
    left.merge(right);
    assertThat(left.auc()).isEqualTo(one.auc());
    assertThat(left.aucRebalanced()).isEqualTo(one.aucRebalanced());
    assertThat(left.pixels()).isEqualTo(8);
  }

  @Test
  void rejectsMismatchedPlanesAndEmptyHistograms() {
    AbErrorHistogram h = new AbErrorHistogram();
    assertThatThrownBy(h::auc).hasMessageContaining("no pixels");
    assertThatThrownBy(() -> h.add(new float[2], new float[2], new float[3], new float[3], null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lengths differ");
  }
}
