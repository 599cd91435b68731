package io.github.colorize.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.model.ModelMetadata;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AbGamutTest {

  private final AbGamut gamut = AbGamut.zhang2016();

  /**
   * The reference: k rounds of a scan for the nearest bin not yet taken (the lower index winning a
   * tie), which is every bin sorted by (squared distance, index), the first k.
   */
  static int[] bruteForce(AbGamut gamut, float a, float b, int k) {
    double[] d = new double[gamut.size()];
    for (int q = 0; q < d.length; q++) {
      double da = (double) a - gamut.a(q);
      double db = (double) b - gamut.b(q);
      d[q] = da * da + db * db;
    }
    boolean[] taken = new boolean[d.length];
    int[] result = new int[k];
    for (int j = 0; j < k; j++) {
      int best = -1;
      for (int q = 0; q < d.length; q++) {
        if (!taken[q] && (best < 0 || d[q] < d[best])) {
          best = q;
        }
      }
      taken[best] = true;
      result[j] = best;
    }
    return result;
  }

  @Test
  void zhang2016IsTheReleasedTable() {
    assertThat(gamut.size()).isEqualTo(313);
    assertThat(gamut.id()).isEqualTo(ModelMetadata.ZHANG2016_GAMUT);
    assertThat(gamut.a(0)).isEqualTo(-90f);
    assertThat(gamut.b(0)).isEqualTo(50f);
    assertThat(gamut.a(120)).isZero();
    assertThat(gamut.b(120)).isZero();
    assertThat(gamut.grayBin()).isEqualTo(120);
    assertThat(gamut.a(312)).isEqualTo(100f);
    float[] a = gamut.aCenters();
    float[] b = gamut.bCenters();
    for (int q = 0; q < 313; q++) {
      assertThat(a[q] % 10).isZero();
      assertThat(b[q] % 10).isZero();
      assertThat(a[q]).isBetween(-90f, 100f);
      assertThat(b[q]).isBetween(-110f, 100f);
      if (q > 0) {
        // Sorted by a, then b.
        assertThat(a[q] > a[q - 1] || a[q] == a[q - 1] && b[q] > b[q - 1]).as("order at %s", q)
            .isTrue();
      }
    }
    assertThat(AbGamut.zhang2016()).isSameAs(gamut);
  }

  @Test
  void centersAreCopies() {
    gamut.aCenters()[0] = 1234;
    assertThat(gamut.a(0)).isEqualTo(-90f);
  }

  @Test
  void nearestMatchesAFullScanOnADenseRandomSample() {
    SplittableRandom random = new SplittableRandom(42);
    int n = 1_000_000;
    float[] a = new float[n];
    float[] b = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextDouble(-140, 140);
      b[i] = (float) random.nextDouble(-140, 140);
    }
    int[] bins = new int[n];
    gamut.nearest(a, b, bins);
    for (int i = 0; i < n; i++) {
      int expected = gamut.nearestByScan(a[i], b[i]);
      if (bins[i] != expected || gamut.nearest(a[i], b[i]) != expected) {
        throw new AssertionError("(" + a[i] + ", " + b[i] + "): grid " + bins[i] + ", scan "
            + expected);
      }
    }
  }

  @Test
  void nearestBreaksTiesLikeTheScanOnVoronoiEdgesAndCellBorders() {
    // Points on half-grid lines are equidistant from two or four centers; points a hair away from
    // cell borders land in the neighboring cell.
    float[] special = {-0f, 0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-7f, -1e-7f, 0.5f, -0.5f};
    for (float x = -128; x < 128; x += 0.5f) {
      for (float y = -128; y < 128; y += 0.5f) {
        for (float dx : special) {
          float a = x + dx;
          float b = y - dx;
          assertThat(gamut.nearest(a, b)).as("(%s, %s)", a, b)
              .isEqualTo(gamut.nearestByScan(a, b));
        }
      }
    }
    // Gray, and the midpoint between bins 120 (0, 0) and 121 (0, 10): the lower index wins.
    assertThat(gamut.nearest(0, 0)).isEqualTo(120);
    assertThat(gamut.nearest(0, 5)).isEqualTo(120);
    assertThat(gamut.nearest(0, 5.0001f)).isEqualTo(121);
  }

  @Test
  void kNearestMatchesAFullScanForEveryUsefulK() {
    SplittableRandom random = new SplittableRandom(9);
    for (int k : new int[] {1, 3, 5, 10, 32}) {
      int[] indices = new int[k];
      double[] distances = new double[k];
      for (int i = 0; i < 8_000; i++) {
        // Half the points on the half-integer lattice, where ties are everywhere.
        float a = i % 2 == 0 ? (float) random.nextDouble(-130, 130)
            : random.nextInt(-260, 260) / 2f;
        float b = i % 2 == 0 ? (float) random.nextDouble(-130, 130)
            : random.nextInt(-260, 260) / 2f;
        gamut.kNearest(a, b, k, indices, distances);
        assertThat(indices).as("k = %s at (%s, %s)", k, a, b)
            .containsExactly(bruteForce(gamut, a, b, k));
        for (int j = 1; j < k; j++) {
          assertThat(distances[j]).isGreaterThanOrEqualTo(distances[j - 1]);
        }
      }
    }
    assertThat(gamut.kNearest(0, 0, 5)).containsExactly(bruteForce(gamut, 0, 0, 5));
    assertThat(gamut.kNearest(0, 0, 5)[0]).isEqualTo(120);
  }

  @Test
  void gridCellsHoldFewCandidates() {
    // The point of the grid: a lookup scans a handful of bins, not 313.
    assertThat(gamut.grid(1).maxCandidates()).isLessThanOrEqualTo(6);
    assertThat(gamut.grid(5).maxCandidates()).isLessThanOrEqualTo(20);
    assertThat(gamut.grid(10).maxCandidates()).isLessThanOrEqualTo(32);
  }

  @Test
  void valuesOutsideTheGridAreScanned() {
    assertThat(gamut.nearest(1000, -1000)).isEqualTo(gamut.nearestByScan(1000, -1000));
    assertThat(gamut.nearest(128, 0)).isEqualTo(gamut.nearestByScan(128, 0));
    assertThat(gamut.kNearest(-200, 300, 3)).containsExactly(bruteForce(gamut, -200, 300, 3));
  }

  @Test
  void customGamutsWork() {
    AbGamut small = AbGamut.of("three", new float[] {-50, 0, 50.5f}, new float[] {0, 20, -3});
    assertThat(small.size()).isEqualTo(3);
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 10_000; i++) {
      float a = (float) random.nextDouble(-150, 150);
      float b = (float) random.nextDouble(-150, 150);
      assertThat(small.nearest(a, b)).isEqualTo(small.nearestByScan(a, b));
      assertThat(small.kNearest(a, b, 3)).containsExactly(bruteForce(small, a, b, 3));
    }
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> gamut.nearest(Float.NaN, 0))
        .hasMessage("ab value (NaN, 0.0) is not finite, expected finite a and b");
    assertThatThrownBy(() -> gamut.nearest(new float[] {0, 1}, new float[] {0, Float.NaN},
        new int[2])).hasMessage("ab at pixel 1 is (1.0, NaN), expected finite values");
    assertThatThrownBy(() -> gamut.nearest(new float[2], new float[3], new int[2]))
        .hasMessage("b plane has 3 elements, expected 2 (the length of a)");
    assertThatThrownBy(() -> gamut.kNearest(0, 0, 0))
        .hasMessage("number of neighbors is 0, expected 1 to 32");
    assertThatThrownBy(() -> gamut.kNearest(0, 0, 33))
        .hasMessage("number of neighbors is 33, expected 1 to 32");
    assertThatThrownBy(() -> gamut.a(313)).hasMessage("bin 313 out of range [0, 313)");
    assertThatThrownBy(() -> AbGamut.of("x", new float[] {1}, new float[] {1}))
        .hasMessage("gamut has 1 centers, expected 2 to 32767");
    assertThatThrownBy(() -> AbGamut.of("x", new float[] {1, 2}, new float[] {1}))
        .hasMessage("a has 2 centers but b has 1, expected equal lengths");
    assertThatThrownBy(() -> AbGamut.of("x", new float[] {1, Float.POSITIVE_INFINITY},
        new float[] {1, 2})).hasMessage("center 1 is (Infinity, 2.0), expected finite values");
  }

  @Test
  void tablesAreCheckedAtLoad() {
    assertThatThrownBy(() -> ReferenceTables.loadChecked("pts_in_hull.tsv", 313, 2,
        "0".repeat(64)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("io/github/colorize/quant/pts_in_hull.tsv is not the released table")
        .hasMessageContaining("expected " + "0".repeat(64));
    assertThatThrownBy(() -> ReferenceTables.loadChecked("pts_in_hull.tsv", 312, 2, "x"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("has 313 rows, expected 312");
    assertThatThrownBy(() -> ReferenceTables.loadChecked("pts_in_hull.tsv", 313, 3, "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("line 1 has 2 numbers, expected 3");
    assertThatThrownBy(() -> ReferenceTables.loadChecked("missing.tsv", 1, 1, "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("classpath resource io/github/colorize/quant/missing.tsv is missing");
  }
}
