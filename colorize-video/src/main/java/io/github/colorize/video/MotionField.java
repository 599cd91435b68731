package io.github.colorize.video;

/**
 * Where each cell of a grid came from in the previous frame, and how well it matched.
 *
 * @param width cells per row
 * @param height rows
 * @param dx per cell: the previous frame's content at {@code x + dx} (in cells) is this cell's
 * @param dy per cell: likewise for rows
 * @param error per cell: mean absolute difference of L (0..100) between the cell's patch and its
 *     best match
 */
record MotionField(int width, int height, float[] dx, float[] dy, float[] error) {

  /** A field that says every cell stayed where it was, with the given errors. */
  static MotionField still(int width, int height, float[] error) {
    int n = width * height;
    return new MotionField(width, height, new float[n], new float[n], error);
  }

  /** The share of cells whose error exceeds {@code threshold}. */
  double shareAbove(float threshold) {
    int count = 0;
    for (float e : error) {
      if (e > threshold) {
        count++;
      }
    }
    return (double) count / error.length;
  }
}
