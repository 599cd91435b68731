package io.github.colorize;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelMetadata;
import io.github.colorize.model.catalog.KnownModel;
import io.github.colorize.model.catalog.ModelCache;
import io.github.colorize.model.catalog.ModelCatalog;
import io.github.colorize.model.catalog.ModelNotDownloadedException;
import io.github.colorize.model.onnx.OnnxOutline;
import io.github.colorize.model.onnx.OnnxReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a {@link Colorizer} gets its model file: a path, a class-path resource, a stream, bytes,
 * a {@link ModelFile} already loaded, or the default model embedded in colorize-api.
 *
 * <p>Nothing is read until {@link #load}, so a source is cheap to make. A stream source reads its
 * stream on the first load (to its end, not closed) and can be loaded once.
 */
public final class ModelSource {

  /** The class-path resource of the default model that colorize-api embeds. */
  public static final String DEFAULT_MODEL_RESOURCE = "io/github/colorize/models/default.onnx";
  /** The name of {@link #defaultModel()} for {@link #named(String)}. */
  public static final String DEFAULT_NAME = "default";

  /** Finds the model: a file on disk, or its bytes. */
  private interface Locator {
    Located locate() throws IOException;
  }

  /**
   * A source located: a model file on disk ({@code path}), or a serialized model in memory
   * ({@code bytes}); exactly one is set.
   */
  record Located(Path path, byte[] bytes) {

    static Located file(Path path) {
      return new Located(path, null);
    }

    static Located bytes(byte[] bytes) {
      return new Located(null, bytes);
    }

    /**
     * The model, validated. A file stays on disk ({@link ModelFile#onDisk}): only its outline is
     * read, and the backend loads the file itself.
     */
    ModelFile load(String description, ModelMetadata defaults) throws IOException {
      return path != null ? ModelFile.onDisk(path, description, defaults)
          : ModelFile.fromBytes(bytes, description, defaults);
    }

    /** The model's outline, to explain why it was refused; null if even that is unreadable. */
    OnnxOutline outlineOrNull() {
      try {
        return path != null ? OnnxReader.readOutline(path) : OnnxReader.read(bytes).outline();
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
  }

  private final String description;
  private final Locator locator;
  private final ModelFile preloaded;
  private final boolean defaultModel;

  private ModelSource(String description, Locator locator, ModelFile preloaded,
      boolean defaultModel) {
    this.description = description;
    this.locator = locator;
    this.preloaded = preloaded;
    this.defaultModel = defaultModel;
  }

  /**
   * A model file on disk. It stays there: {@link #load} reads and checks its metadata and graph
   * but not its weights, which the backend reads from the file ({@link ModelFile#onDisk}).
   */
  public static ModelSource file(Path path) {
    checkNotNull(path, "path");
    return new ModelSource(path.toString(), () -> checkedFile(path), null, false);
  }

  /**
   * A class-path resource such as {@code "models/my-model.onnx"} (a leading {@code /} is
   * ignored), looked up with the thread's context class loader, then colorize's own.
   */
  public static ModelSource classpath(String resource) {
    return classpath(resource, null);
  }

  /** A class-path resource looked up with {@code loader} (null: as {@link #classpath(String)}). */
  public static ModelSource classpath(String resource, ClassLoader loader) {
    checkNotNull(resource, "resource");
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    checkArgument(!name.isBlank(), "resource name is blank, expected e.g. 'models/model.onnx'");
    return new ModelSource("classpath:" + name,
        () -> Located.bytes(readResource(name, loader)), null, false);
  }

  /**
   * A model read from {@code in} on first load (to its end; the caller closes it).
   *
   * @param name names the model in messages
   */
  public static ModelSource stream(InputStream in, String name) {
    checkNotNull(in, "in");
    checkNotNull(name, "name");
    boolean[] used = new boolean[1];
    return new ModelSource(name, () -> {
      synchronized (used) {
        if (used[0]) {
          throw new IOException("the stream of model " + name + " was already read; a stream"
              + " source loads once, use ModelSource.bytes or a file to load again");
        }
        used[0] = true;
        return Located.bytes(in.readAllBytes());
      }
    }, null, false);
  }

  /** A serialized model in memory (not copied: do not modify it). */
  public static ModelSource bytes(byte[] bytes, String name) {
    checkNotNull(bytes, "bytes");
    checkNotNull(name, "name");
    return new ModelSource(name, () -> Located.bytes(bytes), null, false);
  }

  /**
   * A model already loaded. Its metadata is used as it is: defaults for missing metadata were
   * applied (or not) when it was read.
   */
  public static ModelSource of(ModelFile model) {
    checkNotNull(model, "model");
    return new ModelSource(model.source(), null, model, false);
  }

  /** The default model embedded in colorize-api, {@value #DEFAULT_MODEL_RESOURCE}. */
  public static ModelSource defaultModel() {
    return new ModelSource("classpath:" + DEFAULT_MODEL_RESOURCE,
        () -> Located.bytes(readDefault()), null, true);
  }

  /**
   * A named model from the model cache in force ({@link ModelCache#resolve()}), e.g.
   * {@code eccv16} once {@code colorize models pull eccv16} (or {@link
   * io.github.colorize.model.catalog.ModelPuller}) has put it there, or a name a model was
   * imported under; {@code default} is {@link #defaultModel()}. Nothing is ever downloaded here.
   * Resolved on {@link #load}, which throws {@link ModelNotDownloadedException} (one line saying
   * how to pull it) for a known model that is not in the cache, and a
   * {@link FileNotFoundException} for a name that is neither known nor cached.
   */
  public static ModelSource named(String name) {
    return named(name, ModelCache.resolve(), ModelCatalog.current());
  }

  /** {@link #named(String)} in the given cache and catalogue. */
  public static ModelSource named(String name, ModelCache cache, ModelCatalog catalog) {
    checkNotNull(name, "name");
    checkNotNull(cache, "cache");
    checkNotNull(catalog, "catalog");
    if (name.equals(DEFAULT_NAME)) {
      return defaultModel();
    }
    checkArgument(ModelCatalog.isName(name), "'%s' is not a model name: expected letters, digits,"
        + " '.', '_' or '-' (give a path with ModelSource.file)", name);
    return new ModelSource("model '" + name + "'", () -> checkedFile(cache.find(name, catalog)
        .orElseThrow(() -> new FileNotFoundException("no model is named '" + name + "': it is"
            + " not in " + cache + " and the catalogue knows " + catalog.models().stream()
                .map(KnownModel::name).toList()))), null, false);
  }

  /** Where the model comes from, for messages: a path, {@code classpath:...}, a name. */
  public String description() {
    return description;
  }

  /** Whether this is {@link #defaultModel()}. */
  public boolean isDefaultModel() {
    return defaultModel;
  }

  /** Whether this wraps a {@link ModelFile} already loaded ({@link #of(ModelFile)}). */
  public boolean isPreloaded() {
    return preloaded != null;
  }

  /**
   * Reads and validates the model, with the paper's defaults for missing metadata.
   *
   * @throws IOException if it cannot be read (a missing file or resource included)
   * @throws io.github.colorize.model.ModelFormatException if it is not a usable colorize model
   */
  public ModelFile load() throws IOException {
    return load(ModelMetadata.paperDefaults());
  }

  /**
   * Reads and validates the model; {@code defaults} fill in metadata the file lacks (ignored for
   * a {@link #of(ModelFile) preloaded} model).
   *
   * @throws IOException if it cannot be read (a missing file or resource included)
   * @throws io.github.colorize.model.ModelFormatException if it is not a usable colorize model
   */
  public ModelFile load(ModelMetadata defaults) throws IOException {
    checkNotNull(defaults, "defaults");
    if (preloaded != null) {
      return preloaded;
    }
    return locate().load(description, defaults);
  }

  /** Where the model is, a file or bytes (read now); not for {@link #of(ModelFile)} sources. */
  Located locate() throws IOException {
    checkNotNull(locator, "a preloaded model has nothing to locate");
    return locator.locate();
  }

  private static Located checkedFile(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null, "no such model file");
    }
    if (Files.isDirectory(path)) {
      throw new IOException(path + " is a directory, expected a model file (.onnx)");
    }
    long size = Files.size(path);
    if (size > Integer.MAX_VALUE - 8) {
      throw new IOException("model file " + path + " has " + size
          + " bytes; a single ONNX protobuf is limited to 2 GiB");
    }
    return Located.file(path);
  }

  /**
   * The embedded model, read through colorize-api's own class: on the module path a class loader
   * does not hand out a named module's encapsulated resources, but the module's classes can.
   */
  private static byte[] readDefault() throws IOException {
    try (InputStream in = ModelSource.class.getResourceAsStream("/" + DEFAULT_MODEL_RESOURCE)) {
      if (in == null) {
        throw new FileNotFoundException("model resource '" + DEFAULT_MODEL_RESOURCE
            + "' is not in colorize-api");
      }
      return in.readAllBytes();
    }
  }

  private static byte[] readResource(String name, ClassLoader loader) throws IOException {
    InputStream stream = null;
    if (loader != null) {
      stream = loader.getResourceAsStream(name);
    } else {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      if (context != null) {
        stream = context.getResourceAsStream(name);
      }
      if (stream == null) {
        stream = ModelSource.class.getClassLoader().getResourceAsStream(name);
      }
    }
    if (stream == null) {
      throw new FileNotFoundException("model resource '" + name + "' is not on the class path");
    }
    try (InputStream in = stream) {
      return in.readAllBytes();
    }
  }

  @Override
  public String toString() {
    return "ModelSource[" + description + "]";
  }
}
