package io.github.colorize.model.onnx;

import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.tensor.FloatTensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX graph: nodes in topological order, float initializers (the weights) by name, and the
 * graph's declared inputs and outputs (initializers are not listed among the inputs).
 *
 * <p>Float32 initializers with at least one element are {@link FloatTensor}s in
 * {@link #initializers()}; every other initializer (INT64 shapes, empty tensors, other element
 * types, as foreign exports hold) is kept aside in {@link #otherInitializers()}.
 *
 * @param name the graph's name
 * @param nodes the nodes, in topological order
 * @param initializers float32 weights by name, in file order
 * @param inputs the real inputs (not initializers)
 * @param outputs the outputs
 * @param otherInitializers the initializers {@link FloatTensor} cannot hold, by name
 * @param valueInfo shape information for intermediate values, as the file gives it
 * @param docString free-form documentation, usually empty
 */
public record OnnxGraph(String name, List<OnnxNode> nodes, Map<String, FloatTensor> initializers,
    List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs,
    Map<String, OnnxTensor> otherInitializers, List<OnnxValueInfo> valueInfo, String docString) {

  public OnnxGraph {
    checkNotNull(name, "name");
    nodes = List.copyOf(nodes);
    initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    otherInitializers = Collections.unmodifiableMap(new LinkedHashMap<>(otherInitializers));
    valueInfo = List.copyOf(valueInfo);
    checkNotNull(docString, "docString");
  }

  /** A graph whose initializers are all float32 weights, without value info or documentation. */
  public OnnxGraph(String name, List<OnnxNode> nodes, Map<String, FloatTensor> initializers,
      List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs) {
    this(name, nodes, initializers, inputs, outputs, Map.of(), List.of(), "");
  }

  /** Whether {@code name} is an initializer of either kind. */
  public boolean isInitializer(String name) {
    return initializers.containsKey(name) || otherInitializers.containsKey(name);
  }

  /** The initializer called {@code name}, or an exception naming it and the node that wanted it. */
  public FloatTensor initializer(String name, OnnxNode forNode) {
    FloatTensor t = initializers.get(name);
    if (t == null) {
      throw new IllegalArgumentException("node '" + forNode.name() + "' (" + forNode.opType()
          + ") needs initializer '" + name + "', which the graph does not hold");
    }
    return t;
  }

  /** Total number of weights. */
  public long parameterCount() {
    return initializers.values().stream().mapToLong(FloatTensor::size).sum();
  }
}
