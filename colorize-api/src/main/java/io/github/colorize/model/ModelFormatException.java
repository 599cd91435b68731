package io.github.colorize.model;

/**
 * A model file that cannot be used: not an ONNX model, or one whose graph or {@code colorize.*}
 * metadata does not fit the colorize format. The message names the file and what was expected.
 */
public class ModelFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String source;

  public ModelFormatException(String source, String problem) {
    super("model file " + source + ": " + problem);
    this.source = source;
  }

  public ModelFormatException(String source, String problem, Throwable cause) {
    super("model file " + source + ": " + problem, cause);
    this.source = source;
  }

  /** The file, resource or other source the model came from. */
  public String source() {
    return source;
  }
}
