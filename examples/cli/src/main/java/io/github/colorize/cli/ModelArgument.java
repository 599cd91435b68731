package io.github.colorize.cli;

import io.github.colorize.ModelSource;
import io.github.colorize.model.catalog.ModelNames;
import java.nio.file.Path;

/**
 * The one place where the value of a {@code --model} option becomes a {@link ModelSource}, for
 * every command that takes one (colorize, serve, info, evaluate, quantize): absent or
 * {@value #DEFAULT} is the model embedded in colorize; the name of a pulled or imported model
 * ({@code eccv16}) is its file in the model cache; anything else a model file. An existing file
 * wins over a name; a known model that is not downloaded fails with the one line saying how to
 * pull it.
 */
final class ModelArgument {

  /** The value that names the embedded model. */
  static final String DEFAULT = ModelSource.DEFAULT_NAME;

  /** The shared label of {@code --model} in the help. */
  static final String LABEL = "FILE|NAME|default";

  /** The shared tail of the help of {@code --model}. */
  static final String HELP = "A model file (.onnx), the name of a pulled model (eccv16: see"
      + " 'colorize models'), or default: the model embedded in colorize (the default; for a"
      + " file named default, give its path, e.g. ./default).";

  private ModelArgument() {}

  /** The model that {@code value} names; null and {@value #DEFAULT} are the embedded model. */
  static ModelSource source(String value) {
    if (isDefault(value)) {
      return ModelSource.defaultModel();
    }
    return ModelSource.file(ModelNames.resolve(value).orElse(Path.of(value)));
  }

  /** Whether {@code value} names the embedded model. */
  static boolean isDefault(String value) {
    return value == null || value.equals(DEFAULT);
  }
}
