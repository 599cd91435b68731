package io.github.colorize.video;

import io.github.colorize.image.Resampler;
import io.github.colorize.tensor.FloatTensor;

/**
 * The running average of the network's output over a shot (see {@link TemporalOptions}): one
 * instance per video, fed the frames in order.
 *
 * <p>The average is over logits (or ab, for models that output ab): averaging logits averages the
 * distributions geometrically, which keeps them as sharp as each frame's while the noise between
 * frames cancels, and costs no exponentials. Motion and scene cuts are judged on the frame's L,
 * reduced to a grid of half cells ({@link BlockMatcher}).
 */
final class TemporalFilter {

  /** A cell whose best match differs by at most this (mean |dL|, L in 0..100) is fully trusted. */
  static final float GOOD_MATCH = 2f;
  /** A cell whose best match differs by more than this is new content: its past is dropped. */
  static final float MISMATCH = 6f;

  private final TemporalOptions options;
  /** The running average; {@link #spare} is the buffer the next one is built in (no garbage). */
  private float[] state;
  private float[] spare;
  private float[] warped;
  private float[] guide;
  private int channels;
  private int width;
  private int height;
  private long cuts;

  TemporalFilter(TemporalOptions options) {
    this.options = options;
  }

  /**
   * One frame's result.
   *
   * @param smoothed the running average, {@code 1 x C x h x w}: the filter's own buffer, valid
   *     until the next {@link #apply} (decode it before)
   * @param cut whether the average started afresh here (the first frame, a scene cut)
   * @param newShare the share of the frame the previous one could not explain
   */
  record Step(FloatTensor smoothed, boolean cut, double newShare) {}

  /**
   * Blends one frame's network output ({@code 1 x C x h x w}) into the running average and returns
   * the average.
   *
   * @param lightness the frame's L at full resolution, {@code frameWidth x frameHeight}
   */
  Step apply(FloatTensor output, float[] lightness, int frameWidth, int frameHeight) {
    int c = output.dim(1);
    int h = output.dim(2);
    int w = output.dim(3);
    float[] z = output.data();
    float[] nextGuide = Resampler.resize(lightness, frameWidth, frameHeight, 1, 2 * w, 2 * h,
        Resampler.Filter.AREA);
    if (state == null || c != channels || w != width || h != height) {
      return restart(z, nextGuide, c, w, h, 1.0);
    }
    MotionField field = options.motion()
        ? BlockMatcher.match(guide, nextGuide, w, h, options.searchRadius())
        : BlockMatcher.still(guide, nextGuide, w, h);
    double newShare = field.shareAbove(MISMATCH);
    if (newShare > options.cutThreshold()) {
      cuts++;
      return restart(z, nextGuide, c, w, h, newShare);
    }
    float[] past = state;
    if (options.motion()) {
      warp(state, warped, c, w, h, field);
      past = warped;
    }
    float[] next = spare;
    int plane = w * h;
    float smoothing = (float) options.smoothing();
    float[] weight = weights(plane);
    for (int p = 0; p < plane; p++) {
      float trust = (MISMATCH - field.error()[p]) / (MISMATCH - GOOD_MATCH);
      weight[p] = smoothing * Math.min(1f, Math.max(0f, trust));
    }
    for (int k = 0; k < c; k++) {
      int off = k * plane;
      for (int p = 0; p < plane; p++) {
        float wp = weight[p];
        next[off + p] = wp * past[off + p] + (1f - wp) * z[off + p];
      }
    }
    spare = state;
    state = next;
    guide = nextGuide;
    return new Step(FloatTensor.of(next, 1, c, h, w), false, newShare);
  }

  private float[] weightBuffer;

  private float[] weights(int plane) {
    if (weightBuffer == null || weightBuffer.length != plane) {
      weightBuffer = new float[plane];
    }
    return weightBuffer;
  }

  /** Scene cuts seen so far (the first frame is not counted). */
  long cuts() {
    return cuts;
  }

  private Step restart(float[] z, float[] nextGuide, int c, int w, int h, double newShare) {
    if (state == null || state.length != z.length) {
      state = new float[z.length];
      spare = new float[z.length];
      warped = new float[z.length];
    }
    System.arraycopy(z, 0, state, 0, z.length);
    guide = nextGuide;
    channels = c;
    width = w;
    height = h;
    return new Step(FloatTensor.of(state, 1, c, h, w), true, newShare);
  }

  /** The average moved along the motion: each cell takes the past at {@code (x+dx, y+dy)}. */
  private static void warp(float[] src, float[] out, int c, int w, int h, MotionField field) {
    int plane = w * h;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = y * w + x;
        float sx = Math.min(w - 1f, Math.max(0f, x + field.dx()[p]));
        float sy = Math.min(h - 1f, Math.max(0f, y + field.dy()[p]));
        int x0 = (int) sx;
        int y0 = (int) sy;
        int x1 = Math.min(w - 1, x0 + 1);
        int y1 = Math.min(h - 1, y0 + 1);
        float fx = sx - x0;
        float fy = sy - y0;
        float w00 = (1 - fx) * (1 - fy);
        float w01 = fx * (1 - fy);
        float w10 = (1 - fx) * fy;
        float w11 = fx * fy;
        int i00 = y0 * w + x0;
        int i01 = y0 * w + x1;
        int i10 = y1 * w + x0;
        int i11 = y1 * w + x1;
        for (int k = 0, off = 0; k < c; k++, off += plane) {
          out[off + p] = w00 * src[off + i00] + w01 * src[off + i01] + w10 * src[off + i10]
              + w11 * src[off + i11];
        }
      }
    }
  }
}
