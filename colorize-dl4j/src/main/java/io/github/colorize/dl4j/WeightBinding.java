package io.github.colorize.dl4j;

import io.github.colorize.tensor.FloatTensor;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How an ONNX initializer is held in a SameDiff graph: the variable's name and the axis order the
 * engine wants (ConvTranspose weights are [C_in, C_out, kh, kw] in ONNX but [kh, kw, C_out, C_in] in
 * ND4J's deconv2d).
 *
 * @param initializer the ONNX initializer's name
 * @param variable the SameDiff variable's name
 * @param toEngine axis permutation from the ONNX layout to the engine's, empty for none
 */
public record WeightBinding(String initializer, String variable, int[] toEngine) {

  public WeightBinding {
    toEngine = toEngine.clone();
  }

  /** The permutation from ONNX's layout to the engine's (a copy), empty for none. */
  @Override
  public int[] toEngine() {
    return toEngine.clone();
  }

  /** Whether the engine holds the weight in ONNX's layout. */
  public boolean isIdentity() {
    return toEngine.length == 0;
  }

  /** A new engine-layout array with a copy of {@code onnx}. */
  public INDArray toEngine(FloatTensor onnx, DataType type) {
    INDArray a = Nd4jArrays.toNd4j(onnx, type);
    if (isIdentity()) {
      return a;
    }
    try (a) {
      return a.permute(toEngine).dup('c');
    }
  }

  /** A heap copy of the engine-layout array {@code engine} in ONNX's layout. */
  public FloatTensor toOnnx(INDArray engine) {
    if (isIdentity()) {
      return Nd4jArrays.toTensor(engine);
    }
    return Nd4jArrays.toTensor(engine.permute(inverse(toEngine)));
  }

  private static int[] inverse(int[] perm) {
    int[] inv = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inv[perm[i]] = i;
    }
    return inv;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightBinding b && b.initializer.equals(initializer)
        && b.variable.equals(variable) && Arrays.equals(b.toEngine, toEngine);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * initializer.hashCode() + variable.hashCode()) + Arrays.hashCode(toEngine);
  }

  @Override
  public String toString() {
    return initializer + "->" + variable + (isIdentity() ? "" : Arrays.toString(toEngine));
  }
}
