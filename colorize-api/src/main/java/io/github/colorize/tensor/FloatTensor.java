package io.github.colorize.tensor;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major (C) order, the currency between the API and the backends:
 * the network input is {@code N x 1 x H x W} and its output {@code N x C x H/4 x W/4}.
 *
 * <p>The tensor wraps its array without copying; {@link #data()} returns that array so that
 * backends can hand it to native code without an extra copy. Treat it as read-only unless you
 * created it.
 */
public final class FloatTensor {

  private final int[] shape;
  private final float[] data;

  private FloatTensor(float[] data, int[] shape) {
    this.data = data;
    this.shape = shape;
  }

  /**
   * Wraps {@code data} (not copied) with the given shape.
   *
   * @throws IllegalArgumentException if a dimension is not positive or the product of the shape
   *     differs from {@code data.length}
   */
  public static FloatTensor of(float[] data, int... shape) {
    checkNotNull(data, "data");
    checkNotNull(shape, "shape");
    long count = elementCount(shape);
    checkArgument(count == data.length,
        "shape %s holds %s elements but the data array has %s", Arrays.toString(shape), count,
        data.length);
    return new FloatTensor(data, shape.clone());
  }

  /** A zero-filled tensor of the given shape. */
  public static FloatTensor zeros(int... shape) {
    checkNotNull(shape, "shape");
    long count = elementCount(shape);
    checkArgument(count <= Integer.MAX_VALUE, "shape %s holds %s elements, more than an array can",
        Arrays.toString(shape), count);
    return new FloatTensor(new float[(int) count], shape.clone());
  }

  private static long elementCount(int[] shape) {
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      checkArgument(shape[i] > 0, "dimension %s of shape %s is %s, expected > 0", i,
          Arrays.toString(shape), shape[i]);
      count *= shape[i];
    }
    return count;
  }

  /** The shape (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  /** The shape as {@code long[]}, the form ONNX Runtime and ND4J take. */
  public long[] longShape() {
    return Arrays.stream(shape).asLongStream().toArray();
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Size of dimension {@code axis}. */
  public int dim(int axis) {
    checkArgument(axis >= 0 && axis < shape.length, "axis %s out of range [0, %s)", axis,
        shape.length);
    return shape[axis];
  }

  /** Total number of elements. */
  public int size() {
    return data.length;
  }

  /** The backing array, not a copy. */
  public float[] data() {
    return data;
  }

  /** This tensor's data under another shape with the same element count. */
  public FloatTensor reshape(int... newShape) {
    return of(data, newShape);
  }

  /**
   * Batch item {@code n} of an {@code N x ...} tensor, as a {@code 1 x ...} tensor (a copy).
   */
  public FloatTensor item(int n) {
    checkArgument(rank() >= 1, "item() needs a tensor of rank >= 1");
    checkArgument(n >= 0 && n < shape[0], "batch index %s out of range [0, %s)", n, shape[0]);
    int per = data.length / shape[0];
    int[] itemShape = shape.clone();
    itemShape[0] = 1;
    return new FloatTensor(Arrays.copyOfRange(data, n * per, (n + 1) * per), itemShape);
  }

  /** The largest absolute element, 0 for an all-zero tensor. */
  public float maxAbs() {
    float max = 0;
    for (float v : data) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}
