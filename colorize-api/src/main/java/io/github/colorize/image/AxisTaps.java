package io.github.colorize.image;

/**
 * The source samples and weights each output sample of one axis reads: output {@code i} is
 * {@code sum over k < count(i) of weight[i * width + k] * source[first[i] + k]}. Precomputed once
 * per axis so that the per-pixel loops only multiply and add.
 */
final class AxisTaps {

  final int[] first;
  final int[] count;
  final float[] weight;
  /** Weights per output sample in {@link #weight} (the largest count). */
  final int width;

  private AxisTaps(int[] first, int[] count, float[] weight, int width) {
    this.first = first;
    this.count = count;
    this.weight = weight;
    this.width = width;
  }

  /**
   * Bilinear with pixel centers at half-integers (OpenCV's INTER_LINEAR, PyTorch's
   * align_corners=false): output {@code i} samples the source at {@code (i + 0.5) * src / dst -
   * 0.5}, clamped to the first and last sample.
   */
  static AxisTaps bilinear(int src, int dst) {
    int[] first = new int[dst];
    int[] count = new int[dst];
    float[] weight = new float[2 * dst];
    double scale = (double) src / dst;
    for (int i = 0; i < dst; i++) {
      double s = (i + 0.5) * scale - 0.5;
      if (s <= 0) {
        first[i] = 0;
        count[i] = 1;
        weight[2 * i] = 1f;
        continue;
      }
      int i0 = (int) s;
      if (i0 >= src - 1) {
        first[i] = src - 1;
        count[i] = 1;
        weight[2 * i] = 1f;
        continue;
      }
      float t = (float) (s - i0);
      first[i] = i0;
      count[i] = 2;
      weight[2 * i] = 1f - t;
      weight[2 * i + 1] = t;
    }
    return new AxisTaps(first, count, weight, 2);
  }

  /**
   * Area averaging for shrinking ({@code dst < src}): output {@code i} covers the source interval
   * {@code [i * src / dst, (i + 1) * src / dst)} and averages the samples under it, each weighted
   * by how much of it lies inside, like OpenCV's INTER_AREA. An integer factor averages whole
   * blocks.
   */
  static AxisTaps area(int src, int dst) {
    double scale = (double) src / dst;
    int width = (int) Math.ceil(scale) + 1;
    int[] first = new int[dst];
    int[] count = new int[dst];
    float[] weight = new float[width * dst];
    for (int i = 0; i < dst; i++) {
      double from = i * scale;
      double to = Math.min(src, (i + 1) * scale);
      int j0 = (int) Math.floor(from);
      int j1 = Math.min(src, (int) Math.ceil(to));
      first[i] = j0;
      count[i] = j1 - j0;
      double sum = 0;
      for (int j = j0; j < j1; j++) {
        sum += Math.min(to, j + 1) - Math.max(from, j);
      }
      for (int j = j0; j < j1; j++) {
        double covered = Math.min(to, j + 1) - Math.max(from, j);
        weight[i * width + (j - j0)] = (float) (covered / sum);
      }
    }
    return new AxisTaps(first, count, weight, width);
  }
}
