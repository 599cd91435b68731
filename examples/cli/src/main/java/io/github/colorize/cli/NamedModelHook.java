package io.github.colorize.cli;

import io.github.colorize.model.catalog.ModelNames;
import java.nio.file.Path;

/**
 * The one place a {@code --model} value that names a model ({@code eccv16}, or a name given to
 * {@code models import}) becomes its file in the model cache. An existing file wins; a known model
 * that is not downloaded fails with the one line saying how to pull it.
 */
final class NamedModelHook {

  private NamedModelHook() {}

  static Path resolve(Path model) {
    return model == null ? null : ModelNames.resolve(model.toString()).orElse(model);
  }
}
