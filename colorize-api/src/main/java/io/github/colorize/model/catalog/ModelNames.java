package io.github.colorize.model.catalog;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves a command's model argument ({@code --model eccv16}) that names a model rather than a
 * file: the one hook every command and the Spark job share. A file that exists always wins over
 * a name; nothing is downloaded.
 */
public final class ModelNames {

  private ModelNames() {}

  /**
   * The cached file of the model named {@code argument}, in the cache and catalogue in force.
   *
   * @return the file, or empty if {@code argument} is an existing file or not a model name that
   *     the cache has or the catalogue knows (the caller then treats it as a path)
   * @throws ModelNotDownloadedException if the catalogue knows the name but it is not cached
   */
  public static Optional<Path> resolve(String argument) {
    return resolve(argument, ModelCache.resolve(), ModelCatalog.current());
  }

  /** {@link #resolve(String)} in the given cache and catalogue. */
  public static Optional<Path> resolve(String argument, ModelCache cache, ModelCatalog catalog) {
    if (argument == null || !ModelCatalog.isName(argument)) {
      return Optional.empty();
    }
    try {
      if (Files.exists(Path.of(argument))) {
        return Optional.empty();
      }
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
    return cache.find(argument, catalog);
  }
}
