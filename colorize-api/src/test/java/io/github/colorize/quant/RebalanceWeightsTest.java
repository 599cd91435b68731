package io.github.colorize.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RebalanceWeightsTest {

  private final AbGamut gamut = AbGamut.zhang2016();

  private static double[] releasedWeights() throws IOException {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        RebalanceWeightsTest.class.getResourceAsStream("rebalance_weights_lambda0.5.tsv"),
        StandardCharsets.US_ASCII))) {
      return reader.lines().mapToDouble(Double::parseDouble).toArray();
    }
  }

  @Test
  void imagenetWeightsMatchTheReleasedTable() throws IOException {
    RebalanceWeights weights = RebalanceWeights.paperDefaults();
    double[] expected = releasedWeights();
    assertThat(expected).hasSize(313);
    for (int q = 0; q < 313; q++) {
      assertThat(weights.weight(q) / expected[q] - 1).as("bin %s", q).isCloseTo(0, within(1e-9));
    }
    assertThat(weights.lambda()).isEqualTo(0.5);
    assertThat(weights.expectedWeight()).isCloseTo(1, within(1e-12));

    int min = 0;
    int max = 0;
    for (int q = 1; q < 313; q++) {
      min = weights.weight(q) < weights.weight(min) ? q : min;
      max = weights.weight(q) > weights.weight(max) ? q : max;
    }
    assertThat(weights.weight(min)).isCloseTo(0.0965, within(5e-5));
    assertThat(gamut.a(min)).isZero();
    assertThat(gamut.b(min)).isZero();
    assertThat(weights.weight(max)).isCloseTo(6.1748, within(1e-4));
    assertThat(gamut.a(max)).isEqualTo(100f);
    assertThat(gamut.b(max)).isEqualTo(-90f);
  }

  @Test
  void lambdaOneIsNoRebalancing() {
    RebalanceWeights weights = RebalanceWeights.of(ColorPrior.imagenet(), 1);
    assertThat(weights.weights()).containsOnly(1.0);
    assertThat(weights.pixelWeights(new float[] {0, 50}, new float[] {0, -50}))
        .containsExactly(1f, 1f);
  }

  @Test
  void otherLambdasAreNormalizedUnderThePrior() {
    for (double lambda : new double[] {0, 0.1, 0.9}) {
      RebalanceWeights weights = RebalanceWeights.of(ColorPrior.imagenet(), lambda);
      assertThat(weights.expectedWeight()).isCloseTo(1, within(1e-12));
      // Rarer bins weigh more.
      assertThat(weights.weight(312)).isGreaterThan(weights.weight(120));
    }
  }

  @Test
  void pixelWeightIsTheWeightOfTheNearestBin() {
    RebalanceWeights weights = RebalanceWeights.paperDefaults();
    float[] a = {0, 3, 99, -47, 120};
    float[] b = {0, -4, -91, 12, 120};
    float[] out = new float[8];
    Arrays.fill(out, -1);
    weights.pixelWeights(a, b, out, 2);
    for (int i = 0; i < a.length; i++) {
      float expected = (float) weights.weight(gamut.nearestByScan(a[i], b[i]));
      assertThat(out[2 + i]).isEqualTo(expected);
      assertThat(weights.pixelWeight(a[i], b[i])).isEqualTo(expected);
    }
    assertThat(out[0]).isEqualTo(-1);
    assertThat(out[7]).isEqualTo(-1);
    assertThat(out[2]).isCloseTo(0.0965f, within(5e-5f));
  }

  @Test
  void largePlanesMatchTheSinglePixelPath() {
    int n = 150_000;
    float[] a = new float[n];
    float[] b = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) Math.sin(i) * 110;
      b[i] = (float) Math.cos(i * 1.3) * 110;
    }
    RebalanceWeights weights = RebalanceWeights.paperDefaults();
    float[] out = weights.pixelWeights(a, b);
    for (int i = 0; i < n; i += 11) {
      assertThat(out[i]).isEqualTo(weights.pixelWeight(a[i], b[i]));
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> RebalanceWeights.of(ColorPrior.imagenet(), 1.5))
        .hasMessage("lambda is 1.5, expected in [0, 1]");
    double[] p = new double[313];
    p[0] = 1;
    assertThatThrownBy(() -> RebalanceWeights.of(ColorPrior.of(gamut, p), 0))
        .hasMessage("bin 1 has probability 0, so lambda = 0 gives it an infinite weight:"
            + " expected lambda > 0");
    assertThatThrownBy(() -> RebalanceWeights.paperDefaults().pixelWeights(new float[3],
        new float[3], new float[4], 2))
        .hasMessage("out holds 4 elements, expected at least offset 2 + pixels 3");
  }
}
