package io.github.colorize.model.catalog;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The folder of named models: {@code NAME.onnx} for each pulled or imported model; hidden
 * {@code .NAME.lock} files and a hidden {@code .partial} folder of unfinished downloads. An entry
 * appears only by an atomic move of a complete, converted file, so it is never half written.
 *
 * <p>{@link #resolve()} finds the folder: the system property {@value #DIR_PROPERTY}, else the
 * environment variable {@value #DIR_ENV}, else {@code $XDG_CACHE_HOME/colorize/models}, else
 * {@code ~/.cache/colorize/models}.
 */
public final class ModelCache {

  /** The system property naming the folder. */
  public static final String DIR_PROPERTY = "colorize.models";
  /** The environment variable naming the folder. */
  public static final String DIR_ENV = "COLORIZE_MODELS";
  static final String PARTIAL_DIR = ".partial";
  static final String EXTENSION = ".onnx";

  private final Path directory;

  private ModelCache(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /** The cache in the given folder (created when something is stored). */
  public static ModelCache at(Path directory) {
    return new ModelCache(checkNotNull(directory, "directory"));
  }

  /** The cache in force for this process (see the class comment). */
  public static ModelCache resolve() {
    return at(directory(System::getProperty, System.getenv(), System.getProperty("user.home")));
  }

  /** The folder the rules give, from the system properties, environment and home given. */
  static Path directory(UnaryOperator<String> properties, Map<String, String> env,
      String userHome) {
    String property = properties.apply(DIR_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String variable = env.get(DIR_ENV);
    if (variable != null && !variable.isBlank()) {
      return Path.of(variable);
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "colorize", "models");
    }
    return Path.of(userHome, ".cache", "colorize", "models");
  }

  /** The folder. */
  public Path directory() {
    return directory;
  }

  /** Where the model of that name is (or would be) stored. */
  public Path path(String name) {
    checkArgument(ModelCatalog.isName(name), "'%s' is not a model name", name);
    return directory.resolve(name + EXTENSION);
  }

  /** Whether the model is here. */
  public boolean contains(String name) {
    return ModelCatalog.isName(name) && Files.isRegularFile(path(name));
  }

  /** Removes the model; false if it was not here. */
  public boolean remove(String name) throws IOException {
    return Files.deleteIfExists(path(name));
  }

  /** The names of the models here, sorted. */
  public List<String> names() throws IOException {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return names;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + EXTENSION)) {
      for (Path f : files) {
        String file = f.getFileName().toString();
        String name = file.substring(0, file.length() - EXTENSION.length());
        if (!file.startsWith(".") && ModelCatalog.isName(name) && Files.isRegularFile(f)) {
          names.add(name);
        }
      }
    }
    names.sort(null);
    return names;
  }

  /** The hidden file a download of this source goes to until it is complete and checked. */
  Path partial(String name, Download source) {
    return directory.resolve(PARTIAL_DIR).resolve(name + "-" + source.sha256().substring(0, 12)
        + "-" + source.fileName() + ".partial");
  }

  /** The hidden file whose lock serializes pulls and imports of one name across processes. */
  Path lockFile(String name) {
    return directory.resolve("." + name + ".lock");
  }

  /**
   * Resolves a model name: the cached file if it is here (pulled, or imported under that name);
   * empty if the name is neither here nor known.
   *
   * @throws ModelNotDownloadedException if the catalogue knows the name but it is not here
   */
  public java.util.Optional<Path> find(String name, ModelCatalog catalog) {
    if (contains(name)) {
      return java.util.Optional.of(path(name));
    }
    java.util.Optional<KnownModel> known = ModelCatalog.isName(name) ? catalog.find(name)
        : java.util.Optional.empty();
    if (known.isPresent()) {
      throw new ModelNotDownloadedException(known.get());
    }
    return java.util.Optional.empty();
  }

  @Override
  public String toString() {
    return directory.toString();
  }
}
