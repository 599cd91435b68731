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
 * @param name the graph's name
 * @param nodes the nodes, in topological order
 * @param initializers weights by name, in file order
 * @param inputs the real inputs (not initializers)
 * @param outputs the outputs
 */
public record OnnxGraph(String name, List<OnnxNode> nodes, Map<String, FloatTensor> initializers,
    List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs) {

  public OnnxGraph {
    checkNotNull(name, "name");
    nodes = List.copyOf(nodes);
    initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
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
