package io.github.colorize.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.colorize.tensor.FloatTensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftEncoderTest {

  private final AbGamut gamut = AbGamut.zhang2016();
  private final SoftEncoder encoder = SoftEncoder.paperDefaults();

  private static float[][] randomPlanes(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] a = new float[n];
    float[] b = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextDouble(-110, 110);
      b[i] = (float) random.nextDouble(-110, 110);
    }
    return new float[][] {a, b};
  }

  @Test
  void paperDefaults() {
    assertThat(encoder.neighbors()).isEqualTo(5);
    assertThat(encoder.sigma()).isEqualTo(5.0);
    assertThat(encoder.gamut()).isSameAs(gamut);
  }

  @Test
  void weightsSumToOne() {
    for (int k : new int[] {1, 5, 10}) {
      SoftEncoder e = SoftEncoder.builder().neighbors(k).build();
      float[][] ab = randomPlanes(20_000, k);
      SparseSoftEncoding sparse = e.encodeSparse(ab[0], ab[1]);
      for (int p = 0; p < sparse.pixels(); p++) {
        double sum = 0;
        for (int j = 0; j < k; j++) {
          sum += sparse.weight(p, j);
          if (j > 0) {
            assertThat(sparse.weight(p, j)).isLessThanOrEqualTo(sparse.weight(p, j - 1));
          }
        }
        assertThat(sum).as("pixel %s, K = %s", p, k).isCloseTo(1, within(1e-6));
      }
    }
  }

  @Test
  void aCenterPutsTheLargestWeightOnItsOwnBin() {
    int[] indices = new int[5];
    float[] weights = new float[5];
    for (int q = 0; q < gamut.size(); q++) {
      encoder.encode(gamut.a(q), gamut.b(q), indices, weights);
      assertThat(indices[0]).isEqualTo(q);
      for (int j = 1; j < 5; j++) {
        assertThat(weights[0]).isGreaterThan(weights[j]);
      }
    }
    // Gray has four neighbors at distance 10: weights 1 and e^-2 (four times), normalized.
    encoder.encode(0, 0, indices, weights);
    double center = 1 / (1 + 4 * Math.exp(-100 / 50.0));
    assertThat((double) weights[0]).isCloseTo(center, within(1e-7));
    assertThat(Arrays.copyOfRange(indices, 1, 5)).containsExactlyInAnyOrder(bin(-10, 0),
        bin(0, -10), bin(0, 10), bin(10, 0));
    for (int j = 1; j < 5; j++) {
      assertThat((double) weights[j]).isCloseTo(center * Math.exp(-2), within(1e-7));
    }
  }

  private int bin(float a, float b) {
    for (int q = 0; q < gamut.size(); q++) {
      if (gamut.a(q) == a && gamut.b(q) == b) {
        return q;
      }
    }
    throw new AssertionError("no bin at (" + a + ", " + b + ")");
  }

  @Test
  void matchesABruteForceEncoding() {
    for (int k : new int[] {5, 10}) {
      SoftEncoder e = SoftEncoder.builder().neighbors(k).sigma(5).build();
      float[][] ab = randomPlanes(5_000, 100 + k);
      SparseSoftEncoding sparse = e.encodeSparse(ab[0], ab[1]);
      for (int p = 0; p < 5_000; p++) {
        float a = ab[0][p];
        float b = ab[1][p];
        int[] expected = AbGamutTest.bruteForce(gamut, a, b, k);
        double[] w = new double[k];
        double sum = 0;
        for (int j = 0; j < k; j++) {
          double da = a - gamut.a(expected[j]);
          double db = b - gamut.b(expected[j]);
          w[j] = Math.exp(-(da * da + db * db) / (2 * 5.0 * 5.0));
          sum += w[j];
        }
        for (int j = 0; j < k; j++) {
          assertThat(sparse.index(p, j)).isEqualTo(expected[j]);
          assertThat((double) sparse.weight(p, j)).isCloseTo(w[j] / sum, within(1e-6));
        }
      }
    }
  }

  @Test
  void denseIsTheSparseEncodingScattered() {
    int h = 24;
    int w = 32;
    float[][] ab = randomPlanes(h * w, 5);
    SparseSoftEncoding sparse = encoder.encodeSparse(ab[0], ab[1]);
    float[] dense = encoder.encodeDense(ab[0], ab[1]);
    assertThat(dense).hasSize(313 * h * w);
    float[] expected = new float[313 * h * w];
    for (int p = 0; p < h * w; p++) {
      for (int j = 0; j < 5; j++) {
        expected[sparse.index(p, j) * h * w + p] = sparse.weight(p, j);
      }
    }
    assertThat(dense).isEqualTo(expected);

    // Into a dirty caller buffer at an offset: the region is fully overwritten, the rest untouched.
    float[] buffer = new float[10 + 313 * h * w + 7];
    Arrays.fill(buffer, -1f);
    encoder.encodeDense(ab[0], ab[1], buffer, 10);
    assertThat(Arrays.copyOfRange(buffer, 10, 10 + 313 * h * w)).isEqualTo(expected);
    assertThat(buffer[9]).isEqualTo(-1f);
    assertThat(buffer[10 + 313 * h * w]).isEqualTo(-1f);

    // The tensor form, two items.
    float[] data = new float[2 * 2 * h * w];
    System.arraycopy(ab[0], 0, data, 0, h * w);
    System.arraycopy(ab[1], 0, data, h * w, h * w);
    System.arraycopy(ab[1], 0, data, 2 * h * w, h * w);
    System.arraycopy(ab[0], 0, data, 3 * h * w, h * w);
    FloatTensor z = encoder.encodeDense(FloatTensor.of(data, 2, 2, h, w));
    assertThat(z.shape()).containsExactly(2, 313, h, w);
    assertThat(Arrays.copyOfRange(z.data(), 0, 313 * h * w)).isEqualTo(expected);
    assertThat(Arrays.copyOfRange(z.data(), 313 * h * w, 2 * 313 * h * w))
        .isEqualTo(encoder.encodeDense(ab[1], ab[0]));
  }

  @Test
  void largePlanesAreEncodedInParallelWithTheSameResult() {
    float[][] ab = randomPlanes(100_000, 77);
    int[] indices = new int[100_000 * 5];
    float[] weights = new float[100_000 * 5];
    encoder.encodeSparse(ab[0], ab[1], indices, weights);
    int[] one = new int[5];
    float[] oneWeights = new float[5];
    for (int p = 0; p < 100_000; p += 97) {
      encoder.encode(ab[0][p], ab[1][p], one, oneWeights);
      assertThat(Arrays.copyOfRange(indices, p * 5, p * 5 + 5)).containsExactly(one);
      assertThat(Arrays.copyOfRange(weights, p * 5, p * 5 + 5)).containsExactly(oneWeights);
    }
  }

  @Test
  void farAwayValuesStillGetFiniteWeights() {
    int[] indices = new int[5];
    float[] weights = new float[5];
    encoder.encode(127.9f, 127.9f, indices, weights);
    double sum = 0;
    for (float w : weights) {
      assertThat(Float.isFinite(w)).isTrue();
      sum += w;
    }
    assertThat(sum).isCloseTo(1, within(1e-6));
    encoder.encode(-5000, 9000, indices, weights);
    assertThat(weights[0]).isPositive();
  }

  @Test
  void validatesParametersAndInput() {
    assertThatThrownBy(() -> SoftEncoder.builder().neighbors(0))
        .hasMessage("neighbors is 0, expected 1 to 32");
    assertThatThrownBy(() -> SoftEncoder.builder().sigma(0))
        .hasMessage("sigma is 0.0, expected in (0, 1000]");
    assertThatThrownBy(() -> SoftEncoder.builder().sigma(Double.NaN))
        .hasMessage("sigma is NaN, expected in (0, 1000]");
    AbGamut tiny = AbGamut.of("two", new float[] {0, 10}, new float[] {0, 0});
    assertThatThrownBy(() -> SoftEncoder.builder().gamut(tiny).build())
        .hasMessage("number of neighbors is 5, expected 1 to 2");
    assertThatThrownBy(() -> encoder.encodeSparse(new float[] {0, Float.NaN}, new float[2]))
        .hasMessageContaining("ab at pixel 1 is (NaN, 0.0)");
    assertThatThrownBy(() -> encoder.encodeDense(new float[4], new float[4], new float[100], 0))
        .hasMessage("out holds 100 elements, expected at least offset 0 + Q 313 x pixels 4");
    assertThatThrownBy(() -> encoder.encodeDense(FloatTensor.zeros(1, 3, 2, 2)))
        .hasMessage("ab tensor has shape [1, 3, 2, 2], expected N x 2 x h x w");
  }
}
