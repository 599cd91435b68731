package io.github.colorize.onnx;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxModel;
import io.github.colorize.model.onnx.OnnxValueInfo;
import io.github.colorize.model.onnx.OnnxWriter;
import io.github.colorize.spi.BackendException;
import io.github.colorize.tensor.FloatTensor;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs any one-input float graph on ONNX Runtime's CPU provider and returns all its outputs: for
 * helper graphs that are not colorize models, such as a frozen encoder whose feature maps feed a
 * decoder being trained. Thread-safe ({@link OrtSession#run} is); close it to free the session.
 */
public final class OrtGraphRunner implements AutoCloseable {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final String input;
  private final List<String> outputs;

  private OrtGraphRunner(OrtEnvironment env, OrtSession session, String input,
      List<String> outputs) {
    this.env = env;
    this.session = session;
    this.input = input;
    this.outputs = outputs;
  }

  /**
   * Opens a session on {@code graph}.
   *
   * @param threads intra-op threads, 0 for ONNX Runtime's default
   * @throws BackendException if ONNX Runtime cannot load here or rejects the graph
   */
  public static OrtGraphRunner open(OnnxGraph graph, int threads) {
    checkNotNull(graph, "graph");
    checkArgument(graph.inputs().size() == 1, "graph '%s' has %s inputs, expected one",
        graph.name(), graph.inputs().size());
    checkArgument(threads >= 0, "threads is %s, expected >= 0", threads);
    OrtEnvironment env = OrtRuntime.environment();
    byte[] bytes = OnnxWriter.toBytes(OnnxModel.of(graph, Map.of()));
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (threads > 0) {
        so.setIntraOpNumThreads(threads);
      }
      OrtSession session = env.createSession(bytes, so);
      return new OrtGraphRunner(env, session, graph.inputs().get(0).name(),
          graph.outputs().stream().map(OnnxValueInfo::name).toList());
    } catch (OrtException e) {
      throw new BackendException("ONNX Runtime cannot open graph '" + graph.name() + "': "
          + e.getMessage(), e);
    }
  }

  /** Every graph output for {@code x}, in the graph's output order. */
  public List<FloatTensor> run(FloatTensor x) {
    checkNotNull(x, "x");
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), x.longShape());
        OrtSession.Result result = session.run(Map.of(input, in))) {
      List<FloatTensor> values = new ArrayList<>(outputs.size());
      for (String name : outputs) {
        OnnxTensor t = (OnnxTensor) result.get(name).orElseThrow();
        long[] shape = t.getInfo().getShape();
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
          dims[i] = Math.toIntExact(shape[i]);
        }
        values.add(FloatTensor.of(OrtTensors.floats(t), dims));
      }
      return values;
    } catch (OrtException e) {
      throw new BackendException("ONNX Runtime failed on an input of shape "
          + java.util.Arrays.toString(x.shape()) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new BackendException("closing an ONNX Runtime session failed: " + e.getMessage(), e);
    }
  }
}
