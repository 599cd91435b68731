package io.github.colorize.dl4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Weight arrays shared by several inference graphs of the same model (one per input size on
 * oneDNN builds): SameDiff constants reference the array without copying it, so the weights are
 * held once. The pool owns the arrays; {@link #close()} frees them.
 */
public final class ConstantPool implements AutoCloseable {

  private final Map<String, INDArray> arrays = new LinkedHashMap<>();
  private boolean closed;

  /** An empty pool. */
  public ConstantPool() {}

  /** The array stored under {@code key}, created by {@code create} on first use. */
  synchronized INDArray get(String key, Supplier<INDArray> create) {
    if (closed) {
      throw new IllegalStateException("constant pool is closed");
    }
    return arrays.computeIfAbsent(key, k -> create.get());
  }

  /** Number of arrays held. */
  public synchronized int size() {
    return arrays.size();
  }

  /** Frees every array; graphs built from this pool must not run afterwards. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    SameDiffGraph.closeAll(arrays.values());
    arrays.clear();
  }
}
