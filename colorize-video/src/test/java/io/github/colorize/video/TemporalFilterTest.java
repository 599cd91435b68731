package io.github.colorize.video;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.color.CieLab;
import io.github.colorize.image.Resampler;
import io.github.colorize.tensor.FloatTensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemporalFilterTest {

  private static final int W = 64;
  private static final int H = 48;
  private static final int GRID = 16;

  @Test
  void averagesNoiseAwayOnAStillScene() {
    TemporalFilter filter = new TemporalFilter(TemporalOptions.defaults());
    float[] l = lightness(Clips.scene(W, H, 3, 0));
    Random random = new Random(1);
    double inputJitter = 0;
    double outputJitter = 0;
    float[] previousIn = null;
    float[] previousOut = null;
    for (int i = 0; i < 30; i++) {
      float[] z = new float[2 * GRID * GRID];
      for (int k = 0; k < z.length; k++) {
        z[k] = (float) random.nextGaussian();
      }
      float[] out = filter.apply(tensor(z), l, W, H).smoothed().data().clone();
      if (i >= 10) {
        inputJitter += meanAbsDiff(z, previousIn);
        outputJitter += meanAbsDiff(out, previousOut);
      }
      previousIn = z;
      previousOut = out;
    }
    // An average over ~1 / (1 - 0.9) = 10 frames: the frame-to-frame change drops several-fold.
    assertThat(outputJitter).isLessThan(inputJitter / 2.5);
    assertThat(filter.cuts()).isZero();
  }

  @Test
  void startsAfreshAtACut() {
    TemporalFilter filter = new TemporalFilter(TemporalOptions.defaults());
    float[] before = new float[2 * GRID * GRID];
    java.util.Arrays.fill(before, 10f);
    float[] after = new float[2 * GRID * GRID];
    java.util.Arrays.fill(after, -10f);
    for (int i = 0; i < 5; i++) {
      TemporalFilter.Step s = filter.apply(tensor(before), lightness(Clips.scene(W, H, 3, 0)), W,
          H);
      assertThat(s.cut()).isEqualTo(i == 0);
    }
    TemporalFilter.Step cut = filter.apply(tensor(after), lightness(Clips.scene(W, H, 4, 0)), W,
        H);
    assertThat(cut.cut()).isTrue();
    assertThat(cut.newShare()).isGreaterThan(0.5);
    // Nothing of the previous shot remains.
    assertThat(cut.smoothed().data()).containsOnly(-10f);
    assertThat(filter.cuts()).isEqualTo(1);
  }

  @Test
  void aCutThresholdOfOneNeverCuts() {
    TemporalFilter filter = new TemporalFilter(TemporalOptions.defaults().withCutThreshold(1));
    float[] z = new float[2 * GRID * GRID];
    filter.apply(tensor(z), lightness(Clips.scene(W, H, 3, 0)), W, H);
    assertThat(filter.apply(tensor(z), lightness(Clips.scene(W, H, 4, 0)), W, H).cut()).isFalse();
  }

  @Test
  void noSmoothingReturnsEachFrameAsItIs() {
    TemporalFilter filter = new TemporalFilter(TemporalOptions.defaults().withSmoothing(0));
    Random random = new Random(2);
    float[] l = lightness(Clips.scene(W, H, 3, 0));
    for (int i = 0; i < 3; i++) {
      float[] z = new float[2 * GRID * GRID];
      for (int k = 0; k < z.length; k++) {
        z[k] = (float) random.nextGaussian();
      }
      assertThat(filter.apply(tensor(z), l, W, H).smoothed().data()).containsExactly(z);
    }
  }

  @Test
  void theAverageFollowsMotion() {
    // The values ride on the content (a smooth function of the scene's x): a pan moves them.
    // Following the motion, the average stays on the current frame; assuming a still camera, it
    // drops the past where the frame changed (or would lag behind).
    double withMotion = panError(true);
    double still = panError(false);
    // Measured 1.65 against 3.03 (values of amplitude 20): the half-cell bilinear warps blur the
    // average a little each frame, so following is good, not perfect.
    assertThat(withMotion).isLessThan(still * 0.6);
  }

  private static double panError(boolean motion) {
    int w = 128;
    int h = 128;
    int grid = 32;
    TemporalFilter filter = new TemporalFilter(TemporalOptions.defaults().withMotion(motion)
        .withCutThreshold(1));
    double error = 0;
    for (int i = 0; i < 12; i++) {
      // 1 cell = 4 pixels: the scene moves 1.5 cells a frame.
      float[] l = lightness(Clips.scene(w, h, 5, i * 6.0));
      float[] z = new float[2 * grid * grid];
      for (int y = 0; y < grid; y++) {
        for (int x = 0; x < grid; x++) {
          double sceneX = (x + 0.5) * w / grid + i * 6.0;
          z[y * grid + x] = (float) (20 * Math.sin(sceneX * 0.08));
          z[grid * grid + y * grid + x] = (float) (20 * Math.cos(sceneX * 0.05 + y * 0.1));
        }
      }
      float[] out = filter.apply(FloatTensor.of(z.clone(), 1, 2, grid, grid), l, w, h)
          .smoothed().data().clone();
      if (i >= 4) {
        // Away from the right edge, where new content enters.
        for (int c = 0; c < 2; c++) {
          for (int y = 0; y < grid; y++) {
            for (int x = 0; x < grid - 4; x++) {
              int p = c * grid * grid + y * grid + x;
              error += Math.abs(out[p] - z[p]);
            }
          }
        }
      }
    }
    return error / (8 * 2 * grid * (grid - 4));
  }

  private static FloatTensor tensor(float[] z) {
    return FloatTensor.of(z.clone(), 1, 2, GRID, GRID);
  }

  private static double meanAbsDiff(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] - b[i]);
    }
    return s / a.length;
  }

  static float[] lightness(int[] argb) {
    float[] l = new float[argb.length];
    CieLab.lightnessFromArgb(argb, l);
    return l;
  }
}
