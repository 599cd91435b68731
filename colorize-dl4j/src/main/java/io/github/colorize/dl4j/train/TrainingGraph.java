package io.github.colorize.dl4j.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.github.colorize.dl4j.BatchNormStatistics;
import io.github.colorize.dl4j.ConversionOptions;
import io.github.colorize.dl4j.DilationStrategy;
import io.github.colorize.dl4j.GraphMode;
import io.github.colorize.dl4j.Nd4jArrays;
import io.github.colorize.dl4j.OnnxSameDiffConverter;
import io.github.colorize.dl4j.SameDiffGraph;
import io.github.colorize.dl4j.WeightBinding;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX graph set up for training in SameDiff: the network in {@link GraphMode#TRAINING}, a
 * weighted per-pixel loss on its output, Adam with Caffe-style weight decay, and BatchNorm running
 * statistics kept outside the graph.
 *
 * <p>One {@link #fit} is one forward + backward pass and one Adam step. The input size is fixed at
 * build time (the dilated convolutions are rewritten for it on oneDNN builds); the batch size may
 * vary between calls. Not thread-safe.
 *
 * <p>Memory: every array a step creates is closed before {@link #fit} returns, and the JVM is
 * asked for a garbage collection every {@code gcEvery} steps, because SameDiff's sessions hold
 * off-heap buffers that only a collection frees.
 */
public final class TrainingGraph {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingGraph.class);

  /** Placeholder of the loss targets. */
  public static final String TARGET = "target";
  /** Placeholder of the per-pixel weights {@code [N, 1, h, w]}. */
  public static final String PIXEL_WEIGHT = "pixel_weight";

  private final SameDiffGraph graph;
  private final SameDiff sd;
  private final List<String> inputs;
  private final long[] inputShape;
  private final long[] outputShape;
  private final TrainingLoss loss;
  private final Float momentumOverride;
  private final int gcEvery;
  private final DataType dataType;
  private AdamSettings adam;
  private long step;
  private final Map<String, INDArray> firstMoments = new LinkedHashMap<>();
  private final Map<String, INDArray> secondMoments = new LinkedHashMap<>();
  /** Running BatchNorm statistics by initializer name. */
  private final Map<String, float[]> running = new LinkedHashMap<>();
  private final List<String> requestedOutputs = new ArrayList<>();

  private TrainingGraph(Builder b) {
    OnnxGraph source = b.graph;
    checkArgument(!source.inputs().isEmpty() && source.outputs().size() == 1,
        "graph '%s' has %s inputs and %s outputs, expected at least one input and one output",
        source.name(), source.inputs().size(), source.outputs().size());
    ConversionOptions options = ConversionOptions.builder()
        .mode(GraphMode.TRAINING)
        .inputSize(b.height, b.width)
        .dilation(b.dilation)
        .trainBatchNormAffine(b.trainBatchNormAffine)
        .dataType(b.dataType)
        .build();
    this.graph = OnnxSameDiffConverter.convert(source, options);
    this.sd = graph.sameDiff();
    this.dataType = b.dataType;
    this.inputs = List.copyOf(graph.inputNames());
    this.loss = b.loss;
    this.adam = b.adam;
    this.momentumOverride = b.momentum;
    this.gcEvery = b.gcEvery;
    String output = graph.outputNames().get(0);
    this.outputShape = graph.outputShape(output);
    checkArgument(outputShape != null && outputShape.length == 4,
        "graph '%s': the shape of output '%s' could not be inferred", source.name(), output);
    this.inputShape = new long[] {-1, source.inputs().get(0).shape().get(1).value(), b.height,
        b.width};
    checkArgument(!graph.trainableWeights().isEmpty(), "graph '%s' has no trainable weight",
        source.name());

    SDVariable target = sd.placeHolder(TARGET, dataType, -1, outputShape[1], outputShape[2],
        outputShape[3]);
    SDVariable weight = sd.placeHolder(PIXEL_WEIGHT, dataType, -1, 1, outputShape[2],
        outputShape[3]);
    SDVariable lossVar = loss.build(sd, sd.getVariable(output), target, weight);
    sd.setLossVariables(lossVar);
    requestedOutputs.add(lossVar.name());
    GradFunctionOutput.create(sd);

    for (WeightBinding wb : graph.trainableWeights().values()) {
      INDArray w = sd.getVariable(wb.variable()).getArr();
      firstMoments.put(wb.variable(), Nd4j.zeros(dataType, w.shape()));
      secondMoments.put(wb.variable(), Nd4j.zeros(dataType, w.shape()));
    }
    for (BatchNormStatistics s : graph.batchNormStatistics()) {
      running.put(s.meanInitializer(), source.initializers().get(s.meanInitializer()).data().clone());
      running.put(s.varianceInitializer(),
          source.initializers().get(s.varianceInitializer()).data().clone());
      requestedOutputs.add(s.batchMeanOutput());
      requestedOutputs.add(s.batchVarianceOutput());
    }
    LOG.debug("training graph for '{}': {} trainable weights, {} BatchNorms, input {}x{}",
        source.name(), graph.trainableWeights().size(), graph.batchNormStatistics().size(),
        b.height, b.width);
  }

  /** Starts a builder for training {@code graph}. */
  public static Builder builder(OnnxGraph graph) {
    return new Builder(graph);
  }

  /** The converted graph (the network plus the loss). */
  public SameDiffGraph graph() {
    return graph;
  }

  /** The graph's input names, in the order {@link #fit(List, FloatTensor, FloatTensor)} takes. */
  public List<String> inputNames() {
    return inputs;
  }

  /** The first input's shape fit takes, with -1 for the batch. */
  public long[] inputShape() {
    return inputShape.clone();
  }

  /** The target shape fit takes, with -1 for the batch; pixel weights are {@code [N, 1, h, w]}. */
  public long[] targetShape() {
    return outputShape.clone();
  }

  /** Adam steps taken. */
  public long step() {
    return step;
  }

  /** The optimizer settings in use. */
  public AdamSettings adam() {
    return adam;
  }

  /** Changes the optimizer settings (e.g. a learning-rate drop); the moments are kept. */
  public void adam(AdamSettings settings) {
    this.adam = checkNotNull(settings, "settings");
  }

  /**
   * One training step on a batch.
   *
   * @param inputs {@code [N, C, H, W]} at the size the graph was built for
   * @param targets {@code [N, Q, h, w]} soft targets (or ab for L2), h x w the output size
   * @param pixelWeights {@code [N, 1, h, w]}
   * @return the loss before the update
   */
  public double fit(FloatTensor inputs, FloatTensor targets, FloatTensor pixelWeights) {
    return fit(List.of(checkNotNull(inputs, "inputs")), targets, pixelWeights);
  }

  /**
   * One training step on a batch of a graph with several inputs (e.g. a decoder fed an encoder's
   * feature maps).
   *
   * @param inputValues one tensor per graph input, in {@link #inputNames()} order; the first at
   *     the size the graph was built for
   * @param targets {@code [N, Q, h, w]} soft targets (or ab for L2), h x w the output size
   * @param pixelWeights {@code [N, 1, h, w]}
   * @return the loss before the update
   */
  public double fit(List<FloatTensor> inputValues, FloatTensor targets,
      FloatTensor pixelWeights) {
    checkNotNull(inputValues, "inputValues");
    checkNotNull(targets, "targets");
    checkNotNull(pixelWeights, "pixelWeights");
    checkArgument(inputValues.size() == inputs.size(), "%s input tensors given, the graph has %s"
        + " inputs %s", inputValues.size(), inputs.size(), inputs);
    FloatTensor first = inputValues.get(0);
    int n = first.rank() == 4 ? first.dim(0) : -1;
    checkShape("inputs", first, n, inputShape);
    for (int i = 1; i < inputValues.size(); i++) {
      checkArgument(inputValues.get(i).rank() == 4 && inputValues.get(i).dim(0) == n,
          "input '%s' has shape %s, expected [%s, C, H, W]", inputs.get(i),
          Arrays.toString(inputValues.get(i).shape()), n);
    }
    checkShape("targets", targets, n, outputShape);
    checkShape("pixelWeights", pixelWeights, n,
        new long[] {-1, 1, outputShape[2], outputShape[3]});

    Map<String, INDArray> placeholders = new LinkedHashMap<>();
    OutAndGrad result = null;
    try {
      for (int i = 0; i < inputs.size(); i++) {
        placeholders.put(inputs.get(i), Nd4jArrays.toNd4j(inputValues.get(i), dataType));
      }
      placeholders.put(TARGET, Nd4jArrays.toNd4j(targets, dataType));
      placeholders.put(PIXEL_WEIGHT, Nd4jArrays.toNd4j(pixelWeights, dataType));
      List<String> variables = new ArrayList<>(firstMoments.keySet());
      result = sd.calculateGradientsAndOutputs(placeholders, requestedOutputs, variables);
      double lossValue = result.getOutputs().get(SoftCrossEntropy.LOSS).getDouble(0);
      checkState(Double.isFinite(lossValue), "loss is %s at step %s", (Object) lossValue,
          (Object) step);
      step++;
      for (String v : variables) {
        update(sd.getVariable(v).getArr(), result.getGradients().get(v), firstMoments.get(v),
            secondMoments.get(v));
      }
      updateRunningStatistics(result.getOutputs(), n);
      return lossValue;
    } finally {
      if (result != null) {
        closeAll(result.getOutputs().values());
        closeAll(result.getGradients().values());
      }
      closeAll(placeholders.values());
      if (gcEvery > 0 && step % gcEvery == 0) {
        System.gc();
      }
    }
  }

  private static void checkShape(String what, FloatTensor t, int n, long[] expected) {
    boolean ok = t.rank() == expected.length;
    for (int i = 0; ok && i < expected.length; i++) {
      long e = i == 0 ? n : expected[i];
      // A negative size is one the graph leaves open (a symbolic channel count).
      ok = e < 0 || t.dim(i) == e;
    }
    if (!ok) {
      long[] shown = expected.clone();
      shown[0] = n;
      throw new IllegalArgumentException(what + " has shape " + Arrays.toString(t.shape())
          + ", expected " + Arrays.toString(shown));
    }
  }

  private void update(INDArray w, INDArray g, INDArray m, INDArray v) {
    if (adam.weightDecay() > 0 && w.rank() >= 2) {
      try (INDArray decay = w.mul(adam.weightDecay())) {
        g.addi(decay);
      }
    }
    double b1 = adam.beta1();
    double b2 = adam.beta2();
    try (INDArray scaled = g.mul(1 - b1)) {
      m.muli(b1).addi(scaled);
    }
    g.muli(g).muli(1 - b2);
    v.muli(b2).addi(g);
    double alpha = adam.learningRate() * Math.sqrt(1 - Math.pow(b2, step))
        / (1 - Math.pow(b1, step));
    try (INDArray denom = Transforms.sqrt(v, true)) {
      denom.addi(adam.epsilon());
      try (INDArray step = m.div(denom)) {
        w.subi(step.muli(alpha));
      }
    }
  }

  private void updateRunningStatistics(Map<String, INDArray> outputs, int batch) {
    for (BatchNormStatistics s : graph.batchNormStatistics()) {
      float momentum = momentumOverride != null ? momentumOverride : s.momentum();
      float[] mean = Nd4jArrays.toFloats(outputs.get(s.batchMeanOutput()));
      float[] var = Nd4jArrays.toFloats(outputs.get(s.batchVarianceOutput()));
      long count = (long) batch * s.spatialSize();
      // The running variance estimates the population's: unbiased, as PyTorch and Caffe keep it.
      double unbias = count > 1 ? count / (count - 1.0) : 1.0;
      float[] runningMean = running.get(s.meanInitializer());
      float[] runningVar = running.get(s.varianceInitializer());
      for (int c = 0; c < mean.length; c++) {
        runningMean[c] = momentum * runningMean[c] + (1 - momentum) * mean[c];
        runningVar[c] = (float) (momentum * runningVar[c] + (1 - momentum) * var[c] * unbias);
      }
    }
  }

  /**
   * Every initializer of the source graph with its current value (ONNX names and layout): trained
   * weights, running BatchNorm statistics, and the untouched constants. Feed it to {@code
   * Eccv16.graph(weights)} to export.
   */
  public Map<String, FloatTensor> weights() {
    Map<String, FloatTensor> w = graph.weights();
    for (Map.Entry<String, float[]> e : running.entrySet()) {
      w.put(e.getKey(), FloatTensor.of(e.getValue().clone(), e.getValue().length));
    }
    return w;
  }

  /** The source graph with the current weights: for inference, validation and export. */
  public OnnxGraph currentGraph() {
    OnnxGraph s = graph.source();
    return new OnnxGraph(s.name(), s.nodes(), weights(), s.inputs(), s.outputs());
  }

  /** Adam's step count and moments, in ONNX layout, for a checkpoint. */
  public OptimizerState optimizerState() {
    Map<String, FloatTensor> m = new LinkedHashMap<>();
    Map<String, FloatTensor> v = new LinkedHashMap<>();
    for (WeightBinding b : graph.trainableWeights().values()) {
      m.put(b.initializer(), b.toOnnx(firstMoments.get(b.variable())));
      v.put(b.initializer(), b.toOnnx(secondMoments.get(b.variable())));
    }
    return new OptimizerState(step, m, v);
  }

  /**
   * Restores Adam's state from a checkpoint of the same graph.
   *
   * @throws IllegalArgumentException if the weights or shapes differ
   */
  public void restoreOptimizerState(OptimizerState state) {
    checkNotNull(state, "state");
    checkArgument(state.firstMoments().keySet().equals(graph.trainableWeights().keySet()),
        "optimizer state holds moments for %s, this graph trains %s",
        state.firstMoments().keySet(), graph.trainableWeights().keySet());
    for (WeightBinding b : graph.trainableWeights().values()) {
      restore(b, state.firstMoments().get(b.initializer()), firstMoments.get(b.variable()));
      restore(b, state.secondMoments().get(b.initializer()), secondMoments.get(b.variable()));
    }
    this.step = state.step();
  }

  private void restore(WeightBinding b, FloatTensor value, INDArray target) {
    try (INDArray engine = b.toEngine(value, dataType)) {
      checkArgument(Arrays.equals(engine.shape(), target.shape()),
          "optimizer state for '%s' has shape %s, expected %s (ONNX layout)", b.initializer(),
          Arrays.toString(value.shape()), Arrays.toString(b.toOnnx(target).shape()));
      target.assign(engine);
    }
  }

  private static void closeAll(Iterable<INDArray> arrays) {
    for (INDArray a : arrays) {
      if (a != null && a.closeable() && !a.wasClosed()) {
        a.close();
      }
    }
  }

  /** Builds a {@link TrainingGraph}. */
  public static final class Builder {
    private final OnnxGraph graph;
    private TrainingLoss loss = TrainingLoss.SOFT_CROSS_ENTROPY;
    private int height;
    private int width;
    private AdamSettings adam = AdamSettings.paper();
    private Float momentum;
    private boolean trainBatchNormAffine;
    private DilationStrategy dilation = DilationStrategy.AUTO;
    private DataType dataType = DataType.FLOAT;
    private int gcEvery = 1;

    private Builder(OnnxGraph graph) {
      this.graph = checkNotNull(graph, "graph");
    }

    /** The loss; default soft cross-entropy. */
    public Builder loss(TrainingLoss loss) {
      this.loss = checkNotNull(loss, "loss");
      return this;
    }

    /** The input crop size (required). */
    public Builder inputSize(int height, int width) {
      checkArgument(height > 0 && width > 0, "input size is %sx%s, expected > 0", height, width);
      this.height = height;
      this.width = width;
      return this;
    }

    /** Optimizer settings; default {@link AdamSettings#paper()}. */
    public Builder adam(AdamSettings adam) {
      this.adam = checkNotNull(adam, "adam");
      return this;
    }

    /**
     * BatchNorm running-statistics momentum ({@code running = m * running + (1 - m) * batch});
     * default: each node's ONNX momentum attribute (0.9 when absent).
     */
    public Builder batchNormMomentum(double momentum) {
      checkArgument(momentum >= 0 && momentum < 1, "momentum is %s, expected in [0, 1)",
          momentum);
      this.momentum = (float) momentum;
      return this;
    }

    /** Whether BatchNorm scale and bias are trained (default false, as in the paper). */
    public Builder trainBatchNormAffine(boolean train) {
      this.trainBatchNormAffine = train;
      return this;
    }

    /** How dilated convolutions run; default automatic. */
    public Builder dilation(DilationStrategy dilation) {
      this.dilation = checkNotNull(dilation, "dilation");
      return this;
    }

    /** FLOAT (default) or DOUBLE, for gradient checks. */
    public Builder dataType(DataType dataType) {
      this.dataType = checkNotNull(dataType, "dataType");
      return this;
    }

    /**
     * Ask for a garbage collection every this many steps (0: never; default 1). SameDiff leaves
     * each step's activations and gradients to the garbage collector (about 1 GB per step for
     * width 0.25 at 128 x 128, batch 16); collecting every step bounds the process size and costs
     * little next to a step.
     */
    public Builder gcEvery(int steps) {
      checkArgument(steps >= 0, "gcEvery is %s, expected >= 0", steps);
      this.gcEvery = steps;
      return this;
    }

    public TrainingGraph build() {
      checkArgument(height > 0, "inputSize(height, width) is required");
      return new TrainingGraph(this);
    }
  }
}
