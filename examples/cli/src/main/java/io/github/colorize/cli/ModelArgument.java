package io.github.colorize.cli;

import io.github.colorize.ModelSource;
import java.nio.file.Path;

/**
 * The one place where the value of a {@code --model} option becomes a {@link ModelSource}, for
 * every command that takes one (colorize, serve, info, evaluate, quantize): absent or
 * {@value #DEFAULT} is the model embedded in colorize, anything else a model file. (Named models
 * resolved from a cache are meant to be added here.)
 */
final class ModelArgument {

  /** The value that names the embedded model. */
  static final String DEFAULT = "default";

  /** The shared label of {@code --model} in the help. */
  static final String LABEL = "FILE|default";

  /** The shared tail of the help of {@code --model}. */
  static final String HELP = "A model file (.onnx), or default: the model embedded in colorize"
      + " (the default; for a file named default, give its path, e.g. ./default).";

  private ModelArgument() {}

  /** The model that {@code value} names; null and {@value #DEFAULT} are the embedded model. */
  static ModelSource source(String value) {
    if (value == null || value.equals(DEFAULT)) {
      return ModelSource.defaultModel();
    }
    return ModelSource.file(Path.of(value));
  }

  /** Whether {@code value} names the embedded model. */
  static boolean isDefault(String value) {
    return value == null || value.equals(DEFAULT);
  }
}
