package io.github.colorize.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.colorize.image.Resampler.Filter;
import io.github.colorize.tensor.FloatTensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ResamplerTest {

  @ParameterizedTest
  @EnumSource(Filter.class)
  void constantStaysConstant(Filter filter) {
    int[][] sizes = {{7, 5, 23, 11}, {40, 30, 13, 9}, {224, 224, 56, 56}, {56, 56, 97, 61},
        {30, 10, 7, 40}, {1, 1, 5, 3}, {9, 9, 1, 1}};
    for (int[] s : sizes) {
      float[] src = new float[2 * s[0] * s[1]];
      Arrays.fill(src, 0, s[0] * s[1], 42.5f);
      Arrays.fill(src, s[0] * s[1], src.length, -7.25f);

      float[] out = Resampler.resize(src, s[0], s[1], 2, s[2], s[3], filter);

      int plane = s[2] * s[3];
      for (int i = 0; i < plane; i++) {
        assertThat(out[i]).as("%s plane 0 value %s", Arrays.toString(s), i)
            .isCloseTo(42.5f, within(1e-4f));
        assertThat(out[plane + i]).as("%s plane 1 value %s", Arrays.toString(s), i)
            .isCloseTo(-7.25f, within(1e-4f));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Filter.class)
  void sameSizeIsAnExactCopy(Filter filter) {
    float[] src = random(3 * 17 * 11, 1);

    float[] out = Resampler.resize(src, 17, 11, 3, 17, 11, filter);

    assertThat(out).containsExactly(src);
    assertThat(out).isNotSameAs(src);
  }

  @Test
  void bilinearMatchesPytorchAlignCornersFalse() {
    // torch.nn.functional.interpolate(torch.arange(4.).view(1,1,1,4), size=(1,8),
    // mode="bilinear", align_corners=False) -> 0, .25, .75, 1.25, 1.75, 2.25, 2.75, 3
    float[] out = Resampler.resize(new float[] {0, 1, 2, 3}, 4, 1, 1, 8, 1, Filter.BILINEAR);

    assertThat(out).containsExactly(new float[] {0f, .25f, .75f, 1.25f, 1.75f, 2.25f, 2.75f, 3f},
        within(1e-6f));
    // Shrinking 4 -> 2 samples at 0.5 and 2.5: the means of the pairs.
    float[] down = Resampler.resize(new float[] {0, 1, 2, 3}, 4, 1, 1, 2, 1, Filter.BILINEAR);
    assertThat(down).containsExactly(new float[] {0.5f, 2.5f}, within(1e-6f));
  }

  @Test
  void bilinearReproducesLinearRampsAwayFromTheBorder() {
    // f(x, y) = 3x - 2y + 5 at source pixel centers; upsampled ab from 56 x 42 to 1000 x 750
    // (large enough for the parallel path).
    int sw = 56;
    int sh = 42;
    int dw = 1000;
    int dh = 750;
    float[] src = new float[sw * sh];
    for (int y = 0; y < sh; y++) {
      for (int x = 0; x < sw; x++) {
        src[y * sw + x] = 3 * x - 2 * y + 5;
      }
    }

    float[] out = Resampler.resize(src, sw, sh, 1, dw, dh, Filter.BILINEAR);

    double sx = (double) sw / dw;
    double sy = (double) sh / dh;
    int checked = 0;
    for (int y = 0; y < dh; y++) {
      double fy = (y + 0.5) * sy - 0.5;
      for (int x = 0; x < dw; x++) {
        double fx = (x + 0.5) * sx - 0.5;
        if (fx < 0 || fy < 0 || fx > sw - 1 || fy > sh - 1) {
          continue; // clamped border: constant extension, not the ramp
        }
        assertThat((double) out[y * dw + x]).as("(%s, %s)", x, y)
            .isCloseTo(3 * fx - 2 * fy + 5, within(2e-3));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(dw * dh * 9 / 10);
  }

  @Test
  void areaAveragesACheckerboardToItsMean() {
    int n = 64;
    float[] board = new float[n * n];
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        board[y * n + x] = (x + y) % 2 == 0 ? 1f : 0f;
      }
    }

    float[] area = Resampler.resize(board, n, n, 1, 16, 16, Filter.AREA);
    float[] bilinear = Resampler.resize(board, n, n, 1, 16, 16, Filter.BILINEAR);

    for (float v : area) {
      assertThat(v).isCloseTo(0.5f, within(1e-6f));
    }
    // Bilinear samples only 2 x 2 of every 4 x 4 block: it aliases. Here it still averages a
    // 1-0 pair per axis, so check a factor-3 grid where it cannot.
    float[] area3 = Resampler.resize(board, n, n, 1, 21, 21, Filter.AREA);
    float[] bilinear3 = Resampler.resize(board, n, n, 1, 21, 21, Filter.BILINEAR);
    float areaSpread = spread(area3);
    float bilinearSpread = spread(bilinear3);
    assertThat(areaSpread).isLessThan(0.2f);
    assertThat(bilinearSpread).isGreaterThan(0.9f);
    assertThat(bilinear).hasSize(256);
  }

  @Test
  void areaAveragesWholeBlocksForIntegerFactors() {
    // 4 x 2 -> 2 x 1: each output is the mean of a 2 x 2 block.
    float[] src = {1, 2, 10, 20, 3, 4, 30, 40};

    float[] out = Resampler.resize(src, 4, 2, 1, 2, 1, Filter.AREA);

    assertThat(out).containsExactly(new float[] {2.5f, 25f}, within(1e-6f));
  }

  @Test
  void areaWeighsPartlyCoveredSamples() {
    // 3 -> 2: output 0 covers [0, 1.5) = all of sample 0 and half of sample 1.
    float[] out = Resampler.resize(new float[] {3, 6, 9}, 3, 1, 1, 2, 1, Filter.AREA);

    assertThat(out).containsExactly(new float[] {(3 + 3) / 1.5f, (3 + 9) / 1.5f},
        within(1e-5f));
  }

  @Test
  void areaKeepsTheMeanForAnyRatio() {
    float[] src = random(37 * 29, 7);

    float[] out = Resampler.resize(src, 37, 29, 1, 10, 13, Filter.AREA);

    assertThat(mean(out)).isCloseTo(mean(src), within(1e-5));
  }

  @Test
  void areaEnlargesLikeBilinear() {
    float[] src = random(2 * 13 * 9, 3);

    float[] area = Resampler.resize(src, 13, 9, 2, 40, 20, Filter.AREA);
    float[] bilinear = Resampler.resize(src, 13, 9, 2, 40, 20, Filter.BILINEAR);

    assertThat(area).containsExactly(bilinear);
  }

  @Test
  void largeDownscaleMatchesTheSequentialDefinition() {
    // 1200 x 900 -> 224 x 168 runs both passes in parallel; recompute one output directly.
    int sw = 1200;
    int sh = 900;
    float[] src = random(sw * sh, 11);

    float[] out = Resampler.resize(src, sw, sh, 1, 224, 168, Filter.AREA);

    double scaleX = (double) sw / 224;
    double scaleY = (double) sh / 168;
    for (int[] p : new int[][] {{0, 0}, {100, 77}, {223, 167}, {5, 160}}) {
      double sum = 0;
      double weight = 0;
      for (int y = 0; y < sh; y++) {
        double wy = overlap(y, p[1] * scaleY, (p[1] + 1) * scaleY);
        if (wy == 0) {
          continue;
        }
        for (int x = 0; x < sw; x++) {
          double wx = overlap(x, p[0] * scaleX, (p[0] + 1) * scaleX);
          sum += wx * wy * src[y * sw + x];
          weight += wx * wy;
        }
      }
      assertThat((double) out[p[1] * 224 + p[0]]).as("output (%s, %s)", p[0], p[1])
          .isCloseTo(sum / weight, within(1e-4));
    }
  }

  @Test
  void tensorsResizeTheirLastTwoAxesPerPlane() {
    float[] data = new float[2 * 4 * 6];
    Arrays.fill(data, 0, 24, 1f);
    Arrays.fill(data, 24, 48, 2f);
    FloatTensor ab = FloatTensor.of(data, 1, 2, 4, 6);

    FloatTensor big = Resampler.resize(ab, 16, 24, Filter.BILINEAR);

    assertThat(big.shape()).containsExactly(1, 2, 16, 24);
    float[] out = big.data();
    assertThat(Arrays.copyOfRange(out, 0, 384)).containsOnly(1f);
    assertThat(Arrays.copyOfRange(out, 384, 768)).containsOnly(2f);
  }

  @Test
  void badArgumentsAreRejected() {
    float[] src = new float[12];
    assertThatThrownBy(() -> Resampler.resize(src, 4, 4, 1, 2, 2, Filter.AREA))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12");
    assertThatThrownBy(() -> Resampler.resize(src, 4, 3, 1, new float[3], 2, 2, Filter.AREA))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dst");
    assertThatThrownBy(() -> Resampler.resize(src, 4, 3, 1, 0, 2, Filter.AREA))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Resampler.resize(src, 4, 3, 1, src, 4, 3, Filter.AREA))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Resampler.resize(FloatTensor.zeros(5), 2, 2, Filter.AREA))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank");
  }

  private static double overlap(int pixel, double from, double to) {
    return Math.max(0, Math.min(to, pixel + 1) - Math.max(from, pixel));
  }

  private static float[] random(int n, long seed) {
    Random random = new Random(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = random.nextFloat() * 100 - 50;
    }
    return out;
  }

  private static double mean(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static float spread(float[] values) {
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return max - min;
  }
}
