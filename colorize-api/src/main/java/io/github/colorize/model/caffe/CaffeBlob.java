package io.github.colorize.model.caffe;

import java.util.Arrays;

/**
 * One parameter blob of a Caffe layer: its shape and float32 values (row-major, Caffe's layout).
 *
 * @param shape the dimensions: the legacy {@code num, channels, height, width} when the file
 *     gives them (they win over {@code shape}, as in Caffe), else {@code shape.dim}
 * @param legacyShape whether the shape came from the legacy 4-D fields
 * @param data the values, {@code product(shape)} of them
 */
record CaffeBlob(long[] shape, boolean legacyShape, float[] data) {

  /**
   * Whether this blob has the expected shape, by Caffe's rule: a legacy blob matches when the
   * expected shape, padded on the left with 1s to four axes, equals its four axes; a blob with a
   * {@code shape} must match exactly, except that a vector also matches {@code [1, n]} style
   * shapes with the same non-unit axes (some writers store a per-channel vector that way).
   */
  boolean hasShape(int... expected) {
    if (legacyShape) {
      if (expected.length > 4) {
        return false;
      }
      long[] padded = new long[4];
      Arrays.fill(padded, 1);
      for (int i = 0; i < expected.length; i++) {
        padded[4 - expected.length + i] = expected[i];
      }
      return Arrays.equals(padded, shape);
    }
    if (shape.length == expected.length) {
      for (int i = 0; i < shape.length; i++) {
        if (shape[i] != expected[i]) {
          return false;
        }
      }
      return true;
    }
    return expected.length == 1 && Arrays.equals(squeeze(shape), squeeze(toLong(expected)));
  }

  /** The shape as text, e.g. {@code [64, 1, 3, 3]}, marked when it came from the legacy fields. */
  String shapeText() {
    return Arrays.toString(shape) + (legacyShape ? " (legacy num/channels/height/width)" : "");
  }

  /** Whether every value is the same (true for an empty blob). */
  boolean isUniform() {
    for (float v : data) {
      if (Float.compare(v, data[0]) != 0) {
        return false;
      }
    }
    return true;
  }

  private static long[] squeeze(long[] s) {
    return Arrays.stream(s).filter(d -> d != 1).toArray();
  }

  private static long[] toLong(int[] s) {
    return Arrays.stream(s).asLongStream().toArray();
  }
}
