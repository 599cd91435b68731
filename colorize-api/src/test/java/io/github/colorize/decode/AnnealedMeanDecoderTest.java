package io.github.colorize.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.colorize.quant.AbGamut;
import io.github.colorize.tensor.FloatTensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnnealedMeanDecoderTest {

  private static final int Q = 313;
  private final AbGamut gamut = AbGamut.zhang2016();

  private static FloatTensor randomLogits(int n, int h, int w, double spread, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] data = new float[n * Q * h * w];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (random.nextGaussian() * spread);
    }
    return FloatTensor.of(data, n, Q, h, w);
  }

  /** softmax(logits / T) . centers in double precision, T > 0. */
  private double[] reference(FloatTensor logits, int item, int pixel, double t) {
    int pixels = logits.dim(2) * logits.dim(3);
    float[] x = logits.data();
    int base = item * Q * pixels + pixel;
    double max = Double.NEGATIVE_INFINITY;
    for (int q = 0; q < Q; q++) {
      max = Math.max(max, x[base + q * pixels]);
    }
    double sum = 0;
    double a = 0;
    double b = 0;
    for (int q = 0; q < Q; q++) {
      double e = Math.exp((x[base + q * pixels] - max) / t);
      sum += e;
      a += e * gamut.a(q);
      b += e * gamut.b(q);
    }
    return new double[] {a / sum, b / sum};
  }

  private static float[] ab(FloatTensor ab, int item, int pixel) {
    int pixels = ab.dim(2) * ab.dim(3);
    return new float[] {ab.data()[item * 2 * pixels + pixel],
        ab.data()[item * 2 * pixels + pixels + pixel]};
  }

  @Test
  void matchesADoublePrecisionSoftmaxAtEveryTemperature() {
    FloatTensor logits = randomLogits(2, 6, 7, 3, 1);
    for (double t : new double[] {0.05, 0.38, 1, 2.606, 10}) {
      FloatTensor out = AnnealedMeanDecoder.of(gamut, t).decodeLogits(logits);
      assertThat(out.shape()).containsExactly(2, 2, 6, 7);
      for (int item = 0; item < 2; item++) {
        for (int p = 0; p < 42; p++) {
          double[] expected = reference(logits, item, p, t);
          float[] actual = ab(out, item, p);
          assertThat((double) actual[0]).as("a, T %s item %s pixel %s", t, item, p)
              .isCloseTo(expected[0], within(5e-4));
          assertThat((double) actual[1]).as("b, T %s item %s pixel %s", t, item, p)
              .isCloseTo(expected[1], within(5e-4));
        }
      }
    }
  }

  @Test
  void temperatureOneIsTheMeanOfTheDistribution() {
    // Probabilities proportional to 1, 2 and 3 over three bins: the plain weighted mean.
    float[] p = new float[Q];
    p[0] = 1;
    p[120] = 2;
    p[312] = 3;
    FloatTensor out = AnnealedMeanDecoder.of(gamut, 1).decodeProbabilities(
        FloatTensor.of(p, 1, Q, 1, 1));
    double a = (gamut.a(0) + 2 * gamut.a(120) + 3 * gamut.a(312)) / 6.0;
    double b = (gamut.b(0) + 2 * gamut.b(120) + 3 * gamut.b(312)) / 6.0;
    assertThat((double) out.data()[0]).isCloseTo(a, within(1e-4));
    assertThat((double) out.data()[1]).isCloseTo(b, within(1e-4));
  }

  @Test
  void temperatureZeroIsTheModeAndSmallTemperaturesApproachIt() {
    FloatTensor logits = randomLogits(1, 5, 5, 2, 2);
    FloatTensor mode = AnnealedMeanDecoder.of(gamut, 0).decodeLogits(logits);
    FloatTensor cold = AnnealedMeanDecoder.of(gamut, 1e-3).decodeLogits(logits);
    float[] x = logits.data();
    for (int p = 0; p < 25; p++) {
      int best = 0;
      for (int q = 1; q < Q; q++) {
        if (x[q * 25 + p] > x[best * 25 + p]) {
          best = q;
        }
      }
      assertThat(ab(mode, 0, p)).containsExactly(gamut.a(best), gamut.b(best));
      assertThat(ab(cold, 0, p)[0]).isCloseTo(gamut.a(best), within(1e-3f));
      assertThat(ab(cold, 0, p)[1]).isCloseTo(gamut.b(best), within(1e-3f));
    }
    // Ties: the lowest index.
    float[] tied = new float[Q];
    tied[200] = 5;
    tied[100] = 5;
    FloatTensor out = AnnealedMeanDecoder.of(gamut, 0).decodeLogits(FloatTensor.of(tied, 1, Q, 1,
        1));
    assertThat(out.data()).containsExactly(gamut.a(100), gamut.b(100));
  }

  @Test
  void oneHotDistributionsDecodeToTheirCenterExactly() {
    for (double t : new double[] {0, 0.01, 0.38, 1, 5}) {
      AnnealedMeanDecoder decoder = AnnealedMeanDecoder.of(gamut, t);
      // Every bin at once: item q is one-hot on bin q.
      float[] p = new float[Q * Q];
      float[] logits = new float[Q * Q];
      for (int q = 0; q < Q; q++) {
        p[q * Q + q] = 1;
        logits[q * Q + q] = 1e4f;
      }
      FloatTensor fromP = decoder.decodeProbabilities(FloatTensor.of(p, Q, Q, 1, 1));
      FloatTensor fromLogits = decoder.decodeLogits(FloatTensor.of(logits, Q, Q, 1, 1));
      for (int q = 0; q < Q; q++) {
        assertThat(ab(fromP, q, 0)).as("T %s bin %s", t, q)
            .containsExactly(gamut.a(q), gamut.b(q));
        assertThat(ab(fromLogits, q, 0)).as("T %s bin %s", t, q)
            .containsExactly(gamut.a(q), gamut.b(q));
      }
    }
  }

  @Test
  void twoEqualBinsAtTemperatureOneGiveTheMidpoint() {
    int q1 = gamut.nearest(-40, 30);
    int q2 = gamut.nearest(60, -70);
    float[] p = new float[Q];
    p[q1] = 0.5f;
    p[q2] = 0.5f;
    FloatTensor out = AnnealedMeanDecoder.of(gamut, 1).decodeProbabilities(
        FloatTensor.of(p, 1, Q, 1, 1));
    assertThat(out.data()).containsExactly((gamut.a(q1) + gamut.a(q2)) / 2,
        (gamut.b(q1) + gamut.b(q2)) / 2);
    float[] logits = new float[Q];
    Arrays.fill(logits, -1e4f);
    logits[q1] = 3;
    logits[q2] = 3;
    out = AnnealedMeanDecoder.of(gamut, 1).decodeLogits(FloatTensor.of(logits, 1, Q, 1, 1));
    assertThat(out.data()).containsExactly(10f, -20f);
  }

  @Test
  void largeLogitsDoNotOverflow() {
    FloatTensor small = randomLogits(1, 4, 4, 1, 3);
    float[] big = small.data().clone();
    for (int i = 0; i < big.length; i++) {
      big[i] = big[i] * 1e4f + 1e4f;
    }
    FloatTensor bigLogits = FloatTensor.of(big, 1, Q, 4, 4);
    for (double t : new double[] {0.38, 1, 1e4}) {
      FloatTensor out = AnnealedMeanDecoder.of(gamut, t).decodeLogits(bigLogits);
      for (int p = 0; p < 16; p++) {
        float[] actual = ab(out, 0, p);
        assertThat(Float.isFinite(actual[0]) && Float.isFinite(actual[1])).isTrue();
        double[] expected = reference(bigLogits, 0, p, t);
        assertThat((double) actual[0]).isCloseTo(expected[0], within(5e-4));
        assertThat((double) actual[1]).isCloseTo(expected[1], within(5e-4));
      }
    }
  }

  @Test
  void probabilitiesAndLogitsAgree() {
    FloatTensor logits = randomLogits(1, 3, 3, 2, 4);
    float[] x = logits.data();
    float[] p = new float[x.length];
    for (int pixel = 0; pixel < 9; pixel++) {
      double sum = 0;
      for (int q = 0; q < Q; q++) {
        sum += Math.exp(x[q * 9 + pixel]);
      }
      for (int q = 0; q < Q; q++) {
        p[q * 9 + pixel] = (float) (Math.exp(x[q * 9 + pixel]) / sum);
      }
    }
    for (double t : new double[] {0.38, 1}) {
      AnnealedMeanDecoder decoder = AnnealedMeanDecoder.of(gamut, t);
      float[] fromLogits = decoder.decodeLogits(logits).data();
      float[] fromP = decoder.decodeProbabilities(FloatTensor.of(p, 1, Q, 3, 3)).data();
      for (int i = 0; i < fromLogits.length; i++) {
        assertThat(fromP[i]).isCloseTo(fromLogits[i], within(1e-3f));
      }
    }
  }

  @Test
  void decodesIntoCallerBuffersAndLargeTensorsInParallelAlike() {
    // 2 x 313 x 40 x 40 is above the parallel threshold; item 1 decoded alone must agree.
    FloatTensor logits = randomLogits(2, 40, 40, 2, 5);
    AnnealedMeanDecoder decoder = AnnealedMeanDecoder.paperDefaults();
    float[] out = new float[3 + 2 * 2 * 1600];
    Arrays.fill(out, Float.NaN);
    decoder.decodeLogits(logits, out, 3);
    assertThat(out[2]).isNaN();
    FloatTensor second = logits.item(1);
    float[] alone = decoder.decodeLogits(second).data();
    assertThat(Arrays.copyOfRange(out, 3 + 3200, 3 + 6400)).isEqualTo(alone);
    assertThat(decoder.temperature()).isEqualTo(0.38);
    assertThat(decoder.withTemperature(1).temperature()).isEqualTo(1);
  }

  @Test
  void rejectsBadInput() {
    AnnealedMeanDecoder decoder = AnnealedMeanDecoder.paperDefaults();
    assertThatThrownBy(() -> AnnealedMeanDecoder.of(gamut, -0.1))
        .hasMessage("temperature is -0.1, expected in [0, 1000000.0] (0 = mode, 1 = mean)");
    assertThatThrownBy(() -> AnnealedMeanDecoder.of(gamut, Double.NaN))
        .hasMessageContaining("temperature is NaN");
    assertThatThrownBy(() -> decoder.decodeLogits(FloatTensor.zeros(1, 312, 2, 2)))
        .hasMessage("logits tensor has shape [1, 312, 2, 2], expected N x 313 x h x w (one"
            + " channel per bin of zhang2016-313)");
    float[] bad = new float[Q * 4];
    bad[5 * 4 + 2] = Float.NaN;
    assertThatThrownBy(() -> decoder.decodeLogits(FloatTensor.of(bad, 1, Q, 2, 2)))
        .hasMessageContaining("item 0, pixel 2 has no finite maximum");
    float[] negative = new float[Q];
    negative[0] = 1;
    negative[9] = -0.5f;
    assertThatThrownBy(() -> decoder.decodeProbabilities(FloatTensor.of(negative, 1, Q, 1, 1)))
        .hasMessage("probability of bin 9 at item 0, pixel 0 is -0.5, expected a finite value"
            + " >= 0");
    assertThatThrownBy(() -> decoder.decodeProbabilities(FloatTensor.zeros(1, Q, 1, 1)))
        .hasMessageContaining("item 0, pixel 0 has no finite maximum");
    assertThatThrownBy(() -> decoder.withTemperature(0).decodeProbabilities(
        FloatTensor.zeros(1, Q, 1, 1)))
        .hasMessage("item 0, pixel 0 has all probabilities 0, expected at least one > 0");
    assertThatThrownBy(() -> decoder.decodeLogits(FloatTensor.zeros(1, Q, 2, 2), new float[7], 0))
        .hasMessage("out holds 7 elements, expected at least offset 0 + N x 2 x h x w = 8");
  }
}
