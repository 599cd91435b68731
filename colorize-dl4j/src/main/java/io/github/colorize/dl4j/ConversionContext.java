package io.github.colorize.dl4j;

import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.tensor.FloatTensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The state of one conversion: the SameDiff graph being built, the variable of every ONNX value
 * produced so far, what is known of its shape, and the weights registered as trainable.
 */
final class ConversionContext {

  private static final int[] IDENTITY = new int[0];

  final SameDiff sd;
  final OnnxGraph graph;
  final ConversionOptions options;
  final boolean rewriteDilation;
  private final Map<String, SDVariable> values = new HashMap<>();
  /** Known shapes; -1 marks an unknown dimension. Absent: not even the rank is known. */
  private final Map<String, long[]> shapes = new HashMap<>();
  private final Map<String, WeightBinding> trainable = new LinkedHashMap<>();
  private final Map<String, SDVariable> constants = new HashMap<>();
  /** Where constant weight arrays come from: shared between graphs, or null for private ones. */
  private final ConstantPool pool;

  ConversionContext(SameDiff sd, OnnxGraph graph, ConversionOptions options,
      boolean rewriteDilation, ConstantPool pool) {
    this.sd = sd;
    this.graph = graph;
    this.options = options;
    this.rewriteDilation = rewriteDilation;
    this.pool = pool;
  }

  /** A weight array in engine layout, from the pool when there is one. */
  private INDArray array(String key, FloatTensor value, int[] toEngine) {
    WeightBinding layout = new WeightBinding(key, key, toEngine);
    if (pool == null) {
      return layout.toEngine(value, dataType());
    }
    return pool.get(key + Arrays.toString(toEngine) + dataType(),
        () -> layout.toEngine(value, dataType()));
  }

  DataType dataType() {
    return options.dataType();
  }

  boolean training() {
    return options.mode() == GraphMode.TRAINING;
  }

  void define(String name, SDVariable variable, long[] shape) {
    values.put(name, variable);
    if (shape != null) {
      shapes.put(name, shape.clone());
    }
  }

  boolean isValue(String name) {
    return values.containsKey(name);
  }

  /** The shape known for {@code name}, or null. */
  long[] shape(String name) {
    long[] s = shapes.get(name);
    return s == null ? null : s.clone();
  }

  /**
   * The variable for input {@code name} of {@code node}: a value produced earlier, or an
   * initializer as a constant.
   */
  SDVariable input(OnnxNode node, String name) {
    SDVariable v = values.get(name);
    if (v != null) {
      return v;
    }
    if (graph.initializers().containsKey(name)) {
      return weight(node, name, IDENTITY, false);
    }
    throw new IllegalArgumentException("node '" + node.label() + "' (" + node.opType()
        + ") reads '" + name + "', which is neither a graph input, an initializer, nor the output"
        + " of an earlier node");
  }

  /** The shape of input {@code name}: a value's known shape or an initializer's shape. */
  long[] inputShape(String name) {
    FloatTensor t = graph.initializers().get(name);
    if (t != null && !values.containsKey(name)) {
      return t.longShape();
    }
    return shape(name);
  }

  /**
   * Initializer {@code name} as a SameDiff variable in the engine layout given by {@code toEngine}:
   * a trainable variable when {@code trainable} and the graph is for training, else a constant.
   */
  SDVariable weight(OnnxNode node, String name, int[] toEngine, boolean trainable) {
    FloatTensor value = graph.initializer(name, node);
    String key = name + Arrays.toString(toEngine);
    if (trainable && training()) {
      WeightBinding existing = trainable(name);
      if (existing != null) {
        if (!Arrays.equals(existing.toEngine(), toEngine)) {
          throw new IllegalArgumentException("initializer '" + name + "' is trained by two nodes"
              + " that need it in different layouts (node '" + node.label() + "'); training such"
              + " a graph is not supported");
        }
        return sd.getVariable(existing.variable());
      }
      WeightBinding binding = new WeightBinding(name, uniqueName(name), toEngine);
      INDArray arr = binding.toEngine(value, dataType());
      SDVariable v = sd.var(binding.variable(), arr);
      this.trainable.put(name, binding);
      return v;
    }
    SDVariable cached = constants.get(key);
    if (cached != null) {
      return cached;
    }
    SDVariable c = sd.constant(uniqueName(name), array("init:" + name, value, toEngine));
    constants.put(key, c);
    return c;
  }

  private WeightBinding trainable(String name) {
    return trainable.get(name);
  }

  /**
   * A constant holding {@code value} in the engine layout {@code toEngine}, named after base; pooled
   * under {@code base}, which must therefore identify the value.
   */
  SDVariable constant(String base, FloatTensor value, int[] toEngine) {
    return sd.constant(uniqueName(base), array("derived:" + base, value, toEngine));
  }

  /** A constant holding {@code data} under {@code shape}, named after {@code base}. */
  SDVariable constant(String base, float[] data, long... shape) {
    return sd.constant(uniqueName(base), Nd4jArrays.toNd4j(data, shape, dataType()));
  }

  Map<String, WeightBinding> trainableWeights() {
    return trainable;
  }

  /** {@code base} made safe for SameDiff (no ':'), and unique in the graph. */
  String uniqueName(String base) {
    String name = base.isEmpty() ? "v" : base.replace(':', '_');
    if (!sd.hasVariable(name)) {
      return name;
    }
    for (int i = 1; ; i++) {
      String candidate = name + "_" + i;
      if (!sd.hasVariable(candidate)) {
        return candidate;
      }
    }
  }
}
