package io.github.colorize.onnx;

import static com.google.common.base.Preconditions.checkNotNull;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxModel;
import io.github.colorize.model.onnx.OnnxValueInfo;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import io.github.colorize.model.onnx.OnnxWriter;
import io.github.colorize.model.quantize.ActivationRecorder;
import io.github.colorize.model.quantize.ActivationRecorderFactory;
import io.github.colorize.tensor.FloatTensor;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Calibration on ONNX Runtime: the float model with the tensors asked for added as graph outputs
 * (written by colorize's own ONNX writer), run on the CPU.
 */
public final class OrtActivationRecorder implements ActivationRecorderFactory {

  @Override
  public String name() {
    return OnnxBackendProvider.NAME;
  }

  @Override
  public ActivationRecorder open(OnnxModel model, List<String> tensors, int threads) {
    checkNotNull(model, "model");
    checkNotNull(tensors, "tensors");
    OnnxGraph g = model.graph();
    Set<String> present = new LinkedHashSet<>();
    g.outputs().forEach(o -> present.add(o.name()));
    List<OnnxValueInfo> outputs = new ArrayList<>(g.outputs());
    for (String t : tensors) {
      if (present.add(t)) {
        // Rank 4 with free dims: every eccv16 activation is N x C x H x W.
        outputs.add(OnnxValueInfo.floatTensor(t, Dim.symbolic(t + "_n"), Dim.symbolic(t + "_c"),
            Dim.symbolic(t + "_h"), Dim.symbolic(t + "_w")));
      }
    }
    OnnxGraph probe = new OnnxGraph(g.name(), g.nodes(), g.initializers(), g.inputs(), outputs,
        g.otherInitializers(), List.of(), g.docString());
    OnnxModel withOutputs = new OnnxModel(model.irVersion(), model.opsetVersion(),
        model.producerName(), model.producerVersion(), probe, Map.of(), model.domain(),
        model.modelVersion(), model.docString(), model.otherOpsets());
    // Everything that can fail before the session exists, so that nothing can leak it.
    String input = g.inputs().get(0).name();
    List<String> recorded = List.copyOf(tensors);
    OrtEnvironment env = OrtRuntime.environment();
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      if (threads > 0) {
        so.setIntraOpNumThreads(threads);
      }
      OrtSession session = env.createSession(OnnxWriter.toBytes(withOutputs), so);
      return new Recorder(env, session, input, recorded);
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX Runtime cannot load model graph '" + g.name()
          + "' for calibration: " + e.getMessage(), e);
    }
  }

  private record Recorder(OrtEnvironment env, OrtSession session, String input,
      List<String> tensors) implements ActivationRecorder {

    @Override
    public Map<String, FloatTensor> record(FloatTensor x) {
      try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()),
              x.longShape());
          OrtSession.Result result = session.run(Map.of(input, in), new LinkedHashSet<>(tensors))) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (String t : tensors) {
          Optional<OnnxValue> v = result.get(t);
          if (v.isEmpty() || !(v.get() instanceof OnnxTensor tensor)
              || tensor.getInfo().type != OnnxJavaType.FLOAT) {
            throw new IllegalStateException("ONNX Runtime returned no float tensor '" + t + "'");
          }
          int[] shape = Arrays.stream(tensor.getInfo().getShape()).mapToInt(Math::toIntExact)
              .toArray();
          out.put(t, FloatTensor.of(OrtTensors.floats(tensor), shape));
        }
        return out;
      } catch (OrtException e) {
        throw new IllegalStateException("ONNX Runtime failed during calibration: "
            + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      try {
        session.close();
      } catch (OrtException e) {
        throw new IllegalStateException("cannot close the calibration session", e);
      }
    }
  }
}
