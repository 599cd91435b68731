package io.github.colorize.model.onnx;

/**
 * Bytes that are not an ONNX model colorize can read: truncated or corrupt protobuf, or a part of
 * ONNX colorize does not handle (external data, sparse or string initializers).
 */
public class OnnxFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public OnnxFormatException(String message) {
    super(message);
  }

  public OnnxFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
