package io.github.colorize.dl4j;

import io.github.colorize.tensor.FloatTensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Copies between {@link FloatTensor} and ND4J arrays. */
public final class Nd4jArrays {

  private Nd4jArrays() {}

  /** A new off-heap array holding a copy of {@code tensor}, of the given type. */
  public static INDArray toNd4j(FloatTensor tensor, DataType type) {
    return toNd4j(tensor.data(), tensor.longShape(), type);
  }

  /** A new off-heap array holding a copy of {@code data} under {@code shape}. */
  public static INDArray toNd4j(float[] data, long[] shape, DataType type) {
    if (type == DataType.FLOAT) {
      return Nd4j.create(data, shape, DataType.FLOAT);
    }
    double[] d = new double[data.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = data[i];
    }
    return Nd4j.create(d, shape, type);
  }

  /** A heap copy of {@code array} in row-major order, as float32. */
  public static FloatTensor toTensor(INDArray array) {
    long[] shape = array.shape();
    int[] intShape = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      intShape[i] = Math.toIntExact(shape[i]);
    }
    return FloatTensor.of(toFloats(array), intShape);
  }

  /** The elements of {@code array} in row-major order, as floats (a copy). */
  public static float[] toFloats(INDArray array) {
    // A permuted array can report order 'c', no view and offset 0 while its strides are not
    // row-major: only the strides tell whether the buffer is in row-major order.
    boolean direct = array.dataType() == DataType.FLOAT && array.ordering() == 'c'
        && !array.isView() && array.offset() == 0
        && array.data().length() == array.length()
        && java.util.Arrays.equals(array.stride(), Nd4j.getStrides(array.shape(), 'c'));
    if (direct) {
      return array.data().asFloat();
    }
    // Views, f-order and double arrays: copy into a fresh c-order float array first.
    if (array.dataType() == DataType.FLOAT) {
      try (INDArray copy = array.dup('c')) {
        return copy.data().asFloat();
      }
    }
    try (INDArray cast = array.castTo(DataType.FLOAT); INDArray copy = cast.dup('c')) {
      return copy.data().asFloat();
    }
  }
}
