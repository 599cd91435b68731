package io.github.colorize.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The strip resizers give exactly (bit for bit) the whole-image resize, for every pass order and
 * whatever the strip heights. (Compared with Arrays.mismatch: AssertJ's diff of large arrays is
 * quadratic.)
 */
class StripResizeTest {

  /** Source and target sizes covering both pass orders, one-axis resizes and copies. */
  private static final int[][] SIZES = {
      {997, 613, 64, 48}, {613, 997, 48, 64}, {3000, 20, 40, 10}, {20, 3000, 10, 40},
      {17, 13, 401, 257}, {13, 17, 257, 401}, {7, 300, 2000, 301}, {300, 7, 301, 2000},
      {64, 50, 64, 20}, {64, 50, 20, 50}, {33, 33, 33, 33}, {8, 8, 700, 9}, {1, 5, 3, 900}};

  private static float[] random(int n, long seed) {
    Random random = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextFloat() * 100f - 20f;
    }
    return v;
  }

  @Test
  void rowsFedInStripsGiveTheWholeImageResize() {
    Random strips = new Random(7);
    for (Resampler.Filter filter : Resampler.Filter.values()) {
      for (int[] s : SIZES) {
        float[] src = random(s[0] * s[1], s[0] * 31L + s[1]);
        float[] whole = Resampler.resize(src, s[0], s[1], 1, s[2], s[3], filter);
        FedResize fed = new FedResize(s[0], s[1], s[2], s[3], filter);
        for (int y = 0; y < s[1]; ) {
          int rows = Math.min(s[1] - y, 1 + strips.nextInt(Math.max(1, s[1] / 3)));
          // A longer buffer than needed, as a reused strip buffer is.
          float[] strip = new float[rows * s[0] + 5];
          System.arraycopy(src, y * s[0], strip, 0, rows * s[0]);
          fed.accept(strip, rows);
          y += rows;
        }
        assertThat(Arrays.mismatch(fed.result(), whole)).as("%s %s", filter, Arrays.toString(s))
            .isEqualTo(-1);
      }
    }
  }

  @Test
  void stripsTakenOutGiveTheWholeImageResize() {
    Random strips = new Random(8);
    for (Resampler.Filter filter : Resampler.Filter.values()) {
      for (int[] s : SIZES) {
        float[] src = random(s[0] * s[1], s[0] * 17L + s[1]);
        float[] whole = Resampler.resize(src, s[0], s[1], 1, s[2], s[3], filter);
        StripResize resize = new StripResize(src, s[0], s[1], s[2], s[3], filter);
        float[] joined = new float[s[2] * s[3]];
        for (int y = 0; y < s[3]; ) {
          int rows = Math.min(s[3] - y, 1 + strips.nextInt(Math.max(1, s[3] / 3)));
          float[] out = new float[rows * s[2] + 3];
          resize.rows(y, rows, out);
          System.arraycopy(out, 0, joined, y * s[2], rows * s[2]);
          y += rows;
        }
        assertThat(Arrays.mismatch(joined, whole)).as("%s %s", filter, Arrays.toString(s))
            .isEqualTo(-1);
      }
    }
  }

  @Test
  void misuseIsNamed() {
    FedResize fed = new FedResize(10, 4, 5, 2, Resampler.Filter.AREA);
    fed.accept(new float[30], 3);
    assertThatThrownBy(fed::result).hasMessageContaining("3 of 4 source rows were fed");
    assertThatThrownBy(() -> fed.accept(new float[20], 2))
        .hasMessageContaining("2 rows from row 3 pass the source's 4 rows");
    StripResize resize = new StripResize(new float[6], 3, 2, 9, 6, Resampler.Filter.BILINEAR);
    assertThatThrownBy(() -> resize.rows(4, 3, new float[27]))
        .hasMessageContaining("rows [4, 7) outside the output's 6 rows");
    assertThatThrownBy(() -> resize.rows(0, 2, new float[10]))
        .hasMessageContaining("out holds 10 values, expected at least 2 rows of 9");
  }
}
