package io.github.colorize.dl4j;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.tensor.FloatTensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An ONNX graph rebuilt as a SameDiff graph by {@link OnnxSameDiffConverter}: placeholders named
 * after the ONNX inputs, outputs named after the ONNX outputs, and in {@link GraphMode#TRAINING}
 * the trainable weights as SameDiff variables plus the BatchNormalization batch statistics.
 *
 * <p>Not thread-safe: SameDiff sessions and variable arrays are shared state. Callers serialize
 * access (see {@code Dl4jBackend}).
 */
public final class SameDiffGraph {

  private final SameDiff sameDiff;
  private final OnnxGraph source;
  private final ConversionOptions options;
  private final List<String> inputNames;
  private final List<String> outputNames;
  private final Map<String, WeightBinding> trainable;
  private final List<BatchNormStatistics> batchNormStatistics;
  private final Map<String, long[]> outputShapes;

  SameDiffGraph(SameDiff sameDiff, OnnxGraph source, ConversionOptions options,
      List<String> inputNames, List<String> outputNames, Map<String, WeightBinding> trainable,
      List<BatchNormStatistics> batchNormStatistics, Map<String, long[]> outputShapes) {
    this.sameDiff = sameDiff;
    this.source = source;
    this.options = options;
    this.inputNames = List.copyOf(inputNames);
    this.outputNames = List.copyOf(outputNames);
    this.trainable = Collections.unmodifiableMap(new LinkedHashMap<>(trainable));
    this.batchNormStatistics = List.copyOf(batchNormStatistics);
    this.outputShapes = new LinkedHashMap<>(outputShapes);
  }

  /** The SameDiff graph. */
  public SameDiff sameDiff() {
    return sameDiff;
  }

  /** The graph it was built from. */
  public OnnxGraph source() {
    return source;
  }

  /** The options it was built with. */
  public ConversionOptions options() {
    return options;
  }

  /** Placeholder names, the ONNX graph's input names, in order. */
  public List<String> inputNames() {
    return inputNames;
  }

  /** Output variable names, the ONNX graph's output names, in order. */
  public List<String> outputNames() {
    return outputNames;
  }

  /**
   * What the conversion knew of output {@code name}'s shape: -1 for a dimension that varies (always
   * the batch), or null when not even the rank was known.
   */
  public long[] outputShape(String name) {
    long[] s = outputShapes.get(name);
    return s == null ? null : s.clone();
  }

  /** The trainable weights by ONNX initializer name; empty in inference mode. */
  public Map<String, WeightBinding> trainableWeights() {
    return trainable;
  }

  /** Batch statistics of every BatchNormalization, in node order; empty in inference mode. */
  public List<BatchNormStatistics> batchNormStatistics() {
    return batchNormStatistics;
  }

  /** The SameDiff variable holding trainable weight {@code initializer}. */
  public SDVariable variable(String initializer) {
    WeightBinding b = trainable.get(initializer);
    checkArgument(b != null, "'%s' is not a trainable weight of this graph; trainable: %s",
        initializer, trainable.keySet());
    return sameDiff.getVariable(b.variable());
  }

  /**
   * Every initializer of the source graph with its current value, in the source's order and ONNX
   * layout: trainable weights are read from the graph, the rest are the source's values.
   */
  public Map<String, FloatTensor> weights() {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, FloatTensor> e : source.initializers().entrySet()) {
      WeightBinding b = trainable.get(e.getKey());
      if (b == null) {
        out.put(e.getKey(), e.getValue());
      } else {
        INDArray arr = sameDiff.getVariable(b.variable()).getArr();
        out.put(e.getKey(), b.toOnnx(arr));
      }
    }
    return out;
  }

  /**
   * Runs the graph: copies {@code inputs} into fresh arrays, computes {@code outputs} (ONNX output
   * names, or any variable name), copies them back to the heap and closes every array involved.
   *
   * @throws IllegalArgumentException if an input is missing or unknown
   */
  public Map<String, FloatTensor> run(Map<String, FloatTensor> inputs, List<String> outputs) {
    checkArgument(inputs.keySet().containsAll(inputNames),
        "inputs %s given, the graph needs %s", inputs.keySet(), inputNames);
    Map<String, INDArray> placeholders = new LinkedHashMap<>();
    Map<String, INDArray> results = Map.of();
    try {
      for (Map.Entry<String, FloatTensor> e : inputs.entrySet()) {
        checkArgument(inputNames.contains(e.getKey()), "'%s' is not an input of this graph: %s",
            e.getKey(), inputNames);
        placeholders.put(e.getKey(), Nd4jArrays.toNd4j(e.getValue(), options.dataType()));
      }
      results = sameDiff.output(placeholders, outputs.toArray(String[]::new));
      Map<String, FloatTensor> out = new LinkedHashMap<>();
      for (String name : outputs) {
        out.put(name, Nd4jArrays.toTensor(results.get(name)));
      }
      return out;
    } finally {
      closeAll(results.values());
      closeAll(placeholders.values());
    }
  }

  /**
   * Frees the arrays SameDiff's per-thread sessions cache between runs (their activations); the
   * graph stays usable and builds new sessions on the next run.
   */
  public void releaseActivations() {
    for (InferenceSession s : sameDiff.getSessions().values()) {
      s.getMmgr().close();
    }
    sameDiff.getSessions().clear();
  }

  /** Closes each array that owns its buffer; views and already-closed arrays are skipped. */
  static void closeAll(Iterable<INDArray> arrays) {
    for (INDArray a : arrays) {
      if (a != null && !a.wasClosed() && a.closeable()) {
        a.close();
      }
    }
  }

  /**
   * Overwrites trainable weight {@code initializer} with {@code value} (ONNX layout).
   *
   * @throws IllegalArgumentException if it is not trainable or the shape differs
   */
  public void setWeight(String initializer, FloatTensor value) {
    WeightBinding b = trainable.get(initializer);
    checkArgument(b != null, "'%s' is not a trainable weight of this graph; trainable: %s",
        initializer, trainable.keySet());
    FloatTensor current = source.initializers().get(initializer);
    checkArgument(java.util.Arrays.equals(current.shape(), value.shape()),
        "weight '%s' has shape %s, the graph expects %s", initializer,
        java.util.Arrays.toString(value.shape()), java.util.Arrays.toString(current.shape()));
    INDArray target = sameDiff.getVariable(b.variable()).getArr();
    try (INDArray engine = b.toEngine(value, target.dataType())) {
      target.assign(engine);
    }
  }
}
