package io.github.colorize.dl4j;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.Device;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.OutputKind;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendException;
import io.github.colorize.tensor.FloatTensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model file running in SameDiff.
 *
 * <p>Thread safety: every run executes on one worker thread owned by the backend, one at a time;
 * callers on any number of threads queue for it. SameDiff keeps a session with a cache of
 * activations per executing thread, so a single worker keeps one such cache however many threads
 * call, and every ND4J op already spreads over all cores, so concurrent runs would cost memory
 * without gaining speed.
 *
 * <p>Graphs: where the ND4J build runs dilated convolutions natively, one graph serves every input
 * size. On oneDNN builds the dilated convolutions are rewritten for a fixed input size, so one
 * graph is built per input height x width, the last {@value #MAX_GRAPHS} kept; the weights are
 * shared between them.
 *
 * <p>Memory: inputs and outputs are copied between the heap and off-heap arrays that are closed
 * before {@link #run} returns.
 */
final class Dl4jBackend implements Backend {

  private static final Logger LOG = LoggerFactory.getLogger(Dl4jBackend.class);
  static final int MAX_GRAPHS = 4;

  private final ModelFile model;
  private final OnnxGraph graph;
  private final Device device;
  private final ConversionOptions baseOptions;
  private final boolean perSize;
  private final ConstantPool pool = new ConstantPool();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "colorize-dl4j");
    t.setDaemon(true);
    return t;
  });
  private final int inputChannels;
  private final int outputChannels;
  private final int inputMultiple;
  private final Map<Long, SameDiffGraph> graphs = new LinkedHashMap<>(8, 0.75f, true);
  /** Read and written on the worker thread only. */
  private boolean closed;

  Dl4jBackend(ModelFile model, Device device) {
    this.model = checkNotNull(model, "model");
    this.graph = model.onnx().graph();
    this.device = device;
    this.perSize = NativeBuild.current().oneDnn() && hasDilatedConv(graph);
    this.baseOptions = ConversionOptions.builder()
        .mode(GraphMode.INFERENCE)
        .opsetVersion(model.onnx().opsetVersion())
        .build();
    checkArgument(graph.inputs().size() == 1 && graph.outputs().size() == 1,
        "model %s: expected one input and one output, got %s and %s", model.source(),
        graph.inputs().size(), graph.outputs().size());
    Dim c = graph.inputs().get(0).shape().get(1);
    this.inputChannels = c.isFixed() ? (int) c.value() : 1;
    this.outputChannels = model.metadata().outputKind() == OutputKind.LOGITS
        ? model.metadata().binCount() : 2;
    this.inputMultiple = model.inputMultiple();
    // Build one graph now, so that an unsupported op or a weight that does not fit fails at open.
    List<Dim> declared = graph.inputs().get(0).shape();
    int probeH = declared.get(2).isFixed() ? (int) declared.get(2).value() : 28 * inputMultiple;
    int probeW = declared.get(3).isFixed() ? (int) declared.get(3).value() : 28 * inputMultiple;
    try {
      SameDiffGraph first = build(probeH, probeW);
      long[] out = first.outputShape(first.outputNames().get(0));
      checkArgument(out == null || out[1] < 0 || out[1] == outputChannels,
          "model %s: the network's output has %s channels, but the metadata (%s) says %s",
          model.source(), out == null ? "?" : out[1], model.metadata().outputKind(),
          outputChannels);
      graphs.put(key(probeH, probeW), first);
    } catch (IllegalArgumentException e) {
      pool.close();
      worker.shutdown();
      throw new BackendException("model " + model.source() + " cannot run on the dl4j backend: "
          + e.getMessage(), e);
    }
    LOG.debug("opened {} on {} ({} graphs)", model.source(), NativeBuild.current().describe(),
        perSize ? "per input size" : "one graph for all sizes");
  }

  private static boolean hasDilatedConv(OnnxGraph graph) {
    return graph.nodes().stream().anyMatch(n -> (n.opType().equals("Conv")
        || n.opType().equals("ConvTranspose"))
        && Arrays.stream(n.intsAttr("dilations", new long[] {1, 1})).anyMatch(d -> d > 1));
  }

  private SameDiffGraph build(int height, int width) {
    ConversionOptions options = perSize ? baseOptions.toBuilder().inputSize(height, width).build()
        : baseOptions;
    return OnnxSameDiffConverter.convert(graph, options, pool);
  }

  private long key(int height, int width) {
    return perSize ? ((long) height << 32) | width : 0L;
  }

  @Override
  public FloatTensor run(FloatTensor input) {
    checkNotNull(input, "input");
    checkArgument(input.rank() == 4, "input has shape %s, expected [N, %s, H, W]",
        Arrays.toString(input.shape()), inputChannels);
    checkArgument(input.dim(1) == inputChannels, "input has shape %s, expected [N, %s, H, W]",
        Arrays.toString(input.shape()), inputChannels);
    int h = input.dim(2);
    int w = input.dim(3);
    checkArgument(h % inputMultiple == 0 && w % inputMultiple == 0,
        "input is %sx%s (HxW), expected height and width multiples of %s for model %s", h, w,
        inputMultiple, model.source());
    List<Dim> declared = graph.inputs().get(0).shape();
    for (int axis = 0; axis < 4; axis++) {
      Dim d = declared.get(axis);
      checkArgument(!d.isFixed() || d.value() == input.dim(axis),
          "input has shape %s, but model %s only accepts %s on axis %s (its input shape is %s)",
          Arrays.toString(input.shape()), model.source(), d.value(), axis, declared);
    }
    Future<FloatTensor> result;
    try {
      result = worker.submit(() -> runOnWorker(input, h, w));
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the dl4j backend for " + model.source() + " is closed", e);
    }
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while waiting for dl4j to run " + model.source(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
        throw (RuntimeException) cause;
      }
      throw new BackendException("dl4j failed to run " + model.source() + " on input "
          + Arrays.toString(input.shape()) + ": " + cause, cause);
    }
  }

  private FloatTensor runOnWorker(FloatTensor input, int h, int w) {
    if (closed) {
      throw new IllegalStateException("the dl4j backend for " + model.source() + " is closed");
    }
    SameDiffGraph g = graphFor(h, w);
    String out = g.outputNames().get(0);
    return g.run(Map.of(g.inputNames().get(0), input), List.of(out)).get(out);
  }

  private SameDiffGraph graphFor(int h, int w) {
    long key = key(h, w);
    SameDiffGraph g = graphs.get(key);
    if (g == null) {
      g = build(h, w);
      graphs.put(key, g);
      if (graphs.size() > MAX_GRAPHS) {
        Long eldest = graphs.keySet().iterator().next();
        graphs.remove(eldest).releaseActivations();
      }
    }
    return g;
  }

  @Override
  public String name() {
    return Dl4jBackendProvider.NAME;
  }

  @Override
  public Device device() {
    return device;
  }

  @Override
  public void close() {
    Future<?> cleanup;
    try {
      cleanup = worker.submit(this::releaseOnWorker);
    } catch (RejectedExecutionException e) {
      return; // already closed
    }
    worker.shutdown();
    try {
      cleanup.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.warn("releasing dl4j arrays of {} failed: {}", model.source(), e.getCause().toString());
    }
  }

  private void releaseOnWorker() {
    if (closed) {
      return;
    }
    closed = true;
    for (SameDiffGraph g : graphs.values()) {
      g.releaseActivations();
    }
    graphs.clear();
    pool.close();
  }
}
