package io.github.colorize.model;

import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.model.onnx.OnnxModel;

/**
 * A loaded colorize model file: the ONNX model parsed into its graph and weights, its validated
 * {@code colorize.*} metadata, and the file's bytes (which ONNX Runtime loads as they are).
 */
public final class ModelFile {

  private final OnnxModel onnx;
  private final ModelMetadata metadata;
  private final byte[] bytes;
  private final String source;

  /**
   * @param onnx the parsed model
   * @param metadata the validated metadata
   * @param bytes the serialized file (not copied)
   * @param source where it came from, for messages (a path, a resource name)
   */
  public ModelFile(OnnxModel onnx, ModelMetadata metadata, byte[] bytes, String source) {
    this.onnx = checkNotNull(onnx, "onnx");
    this.metadata = checkNotNull(metadata, "metadata");
    this.bytes = checkNotNull(bytes, "bytes");
    this.source = checkNotNull(source, "source");
  }

  /** The parsed ONNX model. */
  public OnnxModel onnx() {
    return onnx;
  }

  /** The colorize metadata (paper defaults where the file had none). */
  public ModelMetadata metadata() {
    return metadata;
  }

  /** The serialized ONNX file, not a copy: do not modify. */
  public byte[] bytes() {
    return bytes;
  }

  /** Where the file came from. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "ModelFile[" + source + ", " + metadata.outputKind() + "]";
  }
}
