package io.github.colorize.onnx;

import ai.onnxruntime.OnnxTensor;
import java.nio.FloatBuffer;

/** Reading ONNX Runtime's float outputs onto the Java heap. */
final class OrtTensors {

  private OrtTensors() {}

  /**
   * The tensor's values. {@code getFloatBuffer()} copies the native output into a fresh heap
   * buffer: that copy is the one copy out, its array returned as it is when it holds exactly the
   * values.
   */
  static float[] floats(OnnxTensor tensor) {
    FloatBuffer buffer = tensor.getFloatBuffer();
    if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.array().length == buffer.limit()) {
      return buffer.array();
    }
    float[] data = new float[buffer.remaining()];
    buffer.get(data);
    return data;
  }
}
