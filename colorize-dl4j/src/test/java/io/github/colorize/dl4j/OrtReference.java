package io.github.colorize.dl4j;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.colorize.model.ModelFile;
import io.github.colorize.tensor.FloatTensor;
import java.nio.FloatBuffer;
import java.util.Map;

/** ONNX Runtime on a model file's bytes: the reference the dl4j backend is compared with. */
final class OrtReference implements AutoCloseable {

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final String input;

  OrtReference(ModelFile model) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(2);
    session = env.createSession(model.bytes(), options);
    input = model.inputName();
  }

  FloatTensor run(FloatTensor x) throws OrtException {
    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), x.longShape());
        OrtSession.Result r = session.run(Map.of(input, t))) {
      OnnxTensor out = (OnnxTensor) r.get(0);
      long[] shape = out.getInfo().getShape();
      FloatBuffer fb = out.getFloatBuffer();
      float[] data = new float[fb.remaining()];
      fb.get(data);
      int[] s = new int[shape.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = (int) shape[i];
      }
      return FloatTensor.of(data, s);
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
