package io.github.colorize;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.github.colorize.decode.AnnealedMeanDecoder;
import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.ImageEncoder;
import io.github.colorize.image.ImageFormat;
import io.github.colorize.image.ImageSize;
import io.github.colorize.image.Photo;
import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.MetadataKeys;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelFormatException;
import io.github.colorize.model.ModelMetadata;
import io.github.colorize.model.OutputKind;
import io.github.colorize.model.onnx.OnnxOutline;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import io.github.colorize.pipeline.AbPlanes;
import io.github.colorize.pipeline.ColorizationPipeline;
import io.github.colorize.pipeline.PipelineOptions;
import io.github.colorize.pipeline.PreparedImage;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendException;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.spi.BackendProvider;
import io.github.colorize.spi.BackendRegistry;
import io.github.colorize.tensor.FloatTensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Colorizes grayscale photos with a model file on a backend (ONNX Runtime, Deeplearning4j, ...).
 *
 * <pre>{@code
 * try (Colorizer colorizer = Colorizer.builder()     // default model, best backend found
 *     .temperature(0.38)                             // annealed mean; 0 = mode, 1 = mean
 *     .build()) {
 *   BufferedImage color = colorizer.colorize(grayImage);
 *   colorizer.colorize(Path.of("in.jpg"), Path.of("out.jpg"));
 *   AbDistribution dist = colorizer.predict(grayImage);   // per-pixel 313-way distribution
 * }
 * }</pre>
 *
 * <p>Every output has its input's size and keeps its input's lightness L exactly (the network
 * only predicts a and b, which are enlarged and joined with the original L) and its alpha. The
 * stages are those of {@link ColorizationPipeline}.
 *
 * <p>Thread-safe: one instance serves many threads at once. {@link #close()} waits for calls in
 * flight, releases the backend, and makes later calls fail with {@link IllegalStateException}.
 */
public final class Colorizer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Colorizer.class);

  /** System property naming the backend when the builder does not. */
  public static final String BACKEND_PROPERTY = "colorize.backend";

  private final ColorizationPipeline pipeline;
  private final Backend backend;
  private final String backendVersion;
  private final String modelSource;
  private final ForkJoinPool pool;
  private final ImageDecoder decoder;
  private final ImageEncoder encoder;
  private final ImageEncoder overwritingEncoder;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private Colorizer(ColorizationPipeline pipeline, String backendVersion, String modelSource,
      int threads, float jpegQuality) {
    this.pipeline = pipeline;
    this.backend = pipeline.backend();
    this.backendVersion = backendVersion;
    this.modelSource = modelSource;
    this.pool = threads > 0 ? new ForkJoinPool(threads) : null;
    this.decoder = ImageDecoder.defaults();
    this.encoder = ImageEncoder.builder().jpegQuality(jpegQuality).build();
    this.overwritingEncoder = ImageEncoder.builder().jpegQuality(jpegQuality).overwrite(true)
        .build();
  }

  /** A builder: the default model on the best backend, on the CPU. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- colorizing

  /**
   * Colorizes an image: gray or not, any {@link BufferedImage} type. The result has the same size,
   * the input's L and its alpha: {@code TYPE_INT_ARGB} if the input has alpha, else
   * {@code TYPE_INT_RGB}. The input is not modified.
   */
  public BufferedImage colorize(BufferedImage image) {
    checkNotNull(image, "image");
    // A copy of the image's pixels, so colorizing it in place saves a full-resolution array.
    Photo photo = Photo.fromBufferedImage(image);
    compute(() -> {
      pipeline.colorizeInto(photo, photo.argb());
      return null;
    });
    return pipeline.toImage(photo, photo.argb());
  }

  /**
   * Colorizes a decoded photo (16-bit precision used where it has it); see
   * {@link #colorize(BufferedImage)}.
   */
  public BufferedImage colorize(Photo photo) {
    checkNotNull(photo, "photo");
    return pipeline.toImage(photo, compute(() -> pipeline.colorize(photo)));
  }

  /**
   * Colorizes an image file into another: decoded with EXIF orientation applied (so the output is
   * upright), written atomically in the format of {@code out}'s extension (jpg, png, bmp, tif).
   * A photo with 16-bit samples (16-bit PNG or TIFF) gives a 16-bit result in PNG and TIFF, its
   * original L kept at 16-bit precision; JPEG and BMP results are 8-bit.
   * An existing {@code out} is kept and the call fails unless {@code options} holds
   * {@link StandardCopyOption#REPLACE_EXISTING}.
   *
   * <p>Memory: the decoded photo (4 bytes a pixel, plus what the decoder briefly holds) and a
   * few strips; the stages between the decoder and the encoder never hold a full-resolution
   * plane. A 100-megapixel gray JPEG fits a 1 GB heap.
   *
   * @throws io.github.colorize.image.ImageReadException if {@code in} cannot be read as an image
   * @throws FileAlreadyExistsException if {@code out} exists and may not be replaced
   * @throws IllegalArgumentException if {@code out}'s extension names no supported format, or an
   *     option other than REPLACE_EXISTING is given
   * @throws IOException if writing fails
   */
  public void colorize(Path in, Path out, CopyOption... options) throws IOException {
    checkNotNull(in, "in");
    checkNotNull(out, "out");
    boolean replace = false;
    for (CopyOption option : checkNotNull(options, "options")) {
      checkArgument(option == StandardCopyOption.REPLACE_EXISTING,
          "option %s is not supported, expected only REPLACE_EXISTING", option);
      replace = true;
    }
    ImageFormat format = ImageFormat.fromPath(out);
    // Fail before the work; the encoder checks again, atomically, when it writes.
    if (!replace && Files.exists(out)) {
      throw new FileAlreadyExistsException(out.toString(), null,
          "the output exists; pass StandardCopyOption.REPLACE_EXISTING to replace it");
    }
    checkOpen();
    Photo photo = decoder.decode(in);
    if (photo.isHighPrecision() && format.supportsSixteenBits()) {
      // A 16-bit scan stays 16-bit where the format allows it, its L at full precision.
      BufferedImage deep = compute(() -> pipeline.colorizeSixteenBit(photo));
      (replace ? overwritingEncoder : encoder).write(deep, out);
      return;
    }
    // The decoded photo is ours alone: colorize it in place, so that its pixels are the only
    // full-resolution array (the stages between work in strips).
    compute(() -> {
      pipeline.colorizeInto(photo, photo.argb());
      return null;
    });
    Photo colorized = new Photo(photo.width(), photo.height(), photo.argb(), null,
        photo.hasAlpha(), false, 8, photo.source());
    (replace ? overwritingEncoder : encoder).write(colorized, out);
  }

  /**
   * Colorizes many images, running the network on batches of up to the
   * {@link Builder#batchSize(int) batch size} images that share a network input size; the results
   * are those of {@link #colorize(BufferedImage)} on each, in order.
   */
  public List<BufferedImage> colorizeAll(List<BufferedImage> images) {
    checkNotNull(images, "images");
    List<Photo> photos = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      photos.add(Photo.fromBufferedImage(checkNotNull(images.get(i), "image %s is null", i)));
    }
    List<int[]> pixels = compute(() -> pipeline.colorizeAll(photos));
    List<BufferedImage> out = new ArrayList<>(photos.size());
    for (int i = 0; i < photos.size(); i++) {
      out.add(pipeline.toImage(photos.get(i), pixels.get(i)));
    }
    return out;
  }

  // ---------------------------------------------------------------- predicting

  /**
   * The network's per-pixel distribution over the ab bins for an image, on its output grid; decode
   * it at any temperature, or colorize at full resolution, without running the network again.
   *
   * @throws IllegalStateException if the model outputs ab rather than a distribution
   */
  public AbDistribution predict(BufferedImage image) {
    checkNotNull(image, "image");
    return predict(Photo.fromBufferedImage(image));
  }

  /** As {@link #predict(BufferedImage)} for a decoded photo. */
  public AbDistribution predict(Photo photo) {
    checkNotNull(photo, "photo");
    checkState(pipeline.outputsLogits(), "model %s outputs ab directly (output kind AB): it has"
        + " no distribution to return; use predictAb or colorize", modelSource);
    return compute(() -> {
      PreparedImage image = pipeline.prepare(photo);
      FloatTensor logits = pipeline.runNetwork(pipeline.stack(List.of(image))).item(0);
      return new AbDistribution(logits, pipeline, image);
    });
  }

  /**
   * The predicted a and b of every pixel at the photo's full resolution, before they are joined
   * with L and converted to sRGB: what evaluation compares with the true ab.
   */
  public AbPlanes predictAb(Photo photo) {
    return predictAb(photo, pipeline.temperature());
  }

  /**
   * As {@link #predictAb(Photo)} at temperature T (0 = mode; ignored by models that output ab).
   */
  public AbPlanes predictAb(Photo photo, double temperature) {
    checkNotNull(photo, "photo");
    return compute(() -> pipeline.predictAbAll(List.of(photo), temperature).get(0));
  }

  /** {@link #predictAb(Photo, double)} of many photos, the network run in batches. */
  public List<AbPlanes> predictAbAll(List<Photo> photos, double temperature) {
    checkNotNull(photos, "photos");
    return compute(() -> pipeline.predictAbAll(photos, temperature));
  }

  // ---------------------------------------------------------------- what it runs

  /** The model's metadata (with the defaults applied where the file had none). */
  public ModelMetadata metadata() {
    return pipeline.metadata();
  }

  /** Where the model came from: a path, {@code classpath:...}, a name. */
  public String modelSource() {
    return modelSource;
  }

  /** The name of the backend running the network, e.g. {@code "onnx"}. */
  public String backendName() {
    return backend.name();
  }

  /** The backend's engine and version, e.g. {@code "ONNX Runtime 1.24.1"}. */
  public String backendVersion() {
    return backendVersion;
  }

  /** The device the network runs on, after any fallback to the CPU. */
  public Device device() {
    return backend.device();
  }

  /** The annealed-mean temperature of {@link #colorize} and {@link #predictAb(Photo)}. */
  public double temperature() {
    return pipeline.temperature();
  }

  /** The size a {@code width x height} photo's L is resized to for the network. */
  public ImageSize networkSize(int width, int height) {
    return pipeline.networkSize(width, height);
  }

  /**
   * The stages this colorizer runs, for callers that time or recombine them. They use this
   * colorizer's backend, so they fail once it is closed.
   */
  public ColorizationPipeline pipeline() {
    return pipeline;
  }

  // ---------------------------------------------------------------- lifecycle

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    lock.readLock().lock();
    try {
      return closed;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Waits for calls in flight, then releases the backend. Idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        backend.close();
      } finally {
        if (pool != null) {
          pool.shutdown();
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void checkOpen() {
    if (isClosed()) {
      throw closedException();
    }
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("this Colorizer (model " + modelSource + " on "
        + backend.name() + ") is closed; build a new one");
  }

  /**
   * Runs {@code work} while the colorizer is open (close waits for it), on the colorizer's own
   * fork-join pool when {@link Builder#threads(int)} bounded it, so that the parallel image stages
   * use at most that many threads.
   */
  private <T> T compute(Supplier<T> work) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw closedException();
      }
      if (pool == null || ForkJoinTask.getPool() == pool) {
        return work.get();
      }
      Future<T> future = pool.submit(work::get);
      try {
        return future.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(cause);
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while colorizing", e);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "Colorizer[" + pipeline + " on " + backend.device() + "]";
  }

  // ---------------------------------------------------------------- builder

  /**
   * Options of a {@link Colorizer}. Each setter checks its value at once; {@link #build()} loads
   * the model and opens the backend.
   */
  public static final class Builder {

    private ModelSource model;
    private String backendName;
    private BackendProvider backendProvider;
    private Device device = Device.cpu();
    private boolean requireDevice;
    private Double temperature;
    private int inputSize;
    private boolean keepAspectRatio;
    private int threads;
    private int batchSize = 1;
    private InputNormalization inputNormalization;
    private OutputKind outputKind;
    private Integer outputStride;
    private float jpegQuality = ImageEncoder.DEFAULT_JPEG_QUALITY;

    private Builder() {}

    /** The model file at {@code path}. */
    public Builder model(Path path) {
      this.model = ModelSource.file(checkNotNull(path, "model path"));
      return this;
    }

    /**
     * A named model from the model cache: {@code eccv16} after {@code colorize models pull
     * eccv16} (or {@link io.github.colorize.model.catalog.ModelPuller#pull}), a name a model was
     * imported under, or {@code default}. Never downloads: {@link #build()} throws
     * {@link io.github.colorize.model.catalog.ModelNotDownloadedException} for a known model that
     * is not there yet. See {@link ModelSource#named(String)}.
     */
    public Builder model(String name) {
      this.model = ModelSource.named(checkNotNull(name, "model name"));
      return this;
    }

    /**
     * The model read from {@code in} during {@link #build()} (to its end; the caller closes it).
     */
    public Builder model(InputStream in) {
      this.model = ModelSource.stream(checkNotNull(in, "model stream"), "model stream");
      return this;
    }

    /** The model from {@code source}, e.g. {@link ModelSource#classpath(String)}. */
    public Builder model(ModelSource source) {
      this.model = checkNotNull(source, "model source");
      return this;
    }

    /** A model already loaded (its metadata is used as it is). */
    public Builder model(ModelFile file) {
      this.model = ModelSource.of(checkNotNull(file, "model file"));
      return this;
    }

    /**
     * The backend by name, e.g. {@code "onnx"} or {@code "dl4j"}. Unset: the system property
     * {@value Colorizer#BACKEND_PROPERTY}, else the available backend of highest priority.
     */
    public Builder backend(String name) {
      checkNotNull(name, "backend name");
      checkArgument(!name.isBlank(), "backend name is blank, expected e.g. 'onnx' or 'dl4j'");
      this.backendName = name.trim();
      this.backendProvider = null;
      return this;
    }

    /** This provider, without discovery (for class paths where ServiceLoader cannot see it). */
    public Builder backend(BackendProvider provider) {
      this.backendProvider = checkNotNull(provider, "backend provider");
      this.backendName = null;
      return this;
    }

    /**
     * The device to run on (default the CPU). If the backend cannot use it, it falls back to the
     * CPU with a warning, unless {@link #requireDevice()} was called.
     */
    public Builder device(Device device) {
      this.device = checkNotNull(device, "device");
      return this;
    }

    /** Failing to get the {@link #device(Device) device} fails {@link #build()}. */
    public Builder requireDevice() {
      return requireDevice(true);
    }

    /** Whether failing to get the device fails {@link #build()} (default false: CPU fallback). */
    public Builder requireDevice(boolean require) {
      this.requireDevice = require;
      return this;
    }

    /**
     * The annealed-mean temperature T: 1 decodes the mean of each pixel's distribution
     * (desaturated), toward 0 its mode (vivid, patchy), 0 the mode exactly. Default: the
     * temperature the model's metadata recommends ({@value ModelMetadata#PAPER_TEMPERATURE}, the
     * paper's, for files that say nothing). Ignored by models that output ab.
     *
     * @throws IllegalArgumentException outside [0, {@value AnnealedMeanDecoder#MAX_TEMPERATURE}]
     */
    public Builder temperature(double temperature) {
      checkArgument(temperature >= 0 && temperature <= AnnealedMeanDecoder.MAX_TEMPERATURE,
          "temperature is %s, expected in [0, %s] (0 = mode, 1 = mean, %s = the paper's)",
          temperature, AnnealedMeanDecoder.MAX_TEMPERATURE, ModelMetadata.PAPER_TEMPERATURE);
      this.temperature = temperature;
      return this;
    }

    /**
     * The network input's side (its short side with {@link #keepAspectRatio(boolean)}): default
     * {@value ColorizationPipeline#DEFAULT_INPUT_SIZE}, or the size a model fixes. The photo's L
     * is resized to it; the output keeps the photo's own size.
     *
     * @throws IllegalArgumentException unless a multiple of 8 in [8, {@value
     *     PipelineOptions#MAX_INPUT_SIZE}]
     */
    public Builder inputSize(int side) {
      checkArgument(side >= 8 && side % 8 == 0 && side <= PipelineOptions.MAX_INPUT_SIZE,
          "input size is %s, expected a multiple of 8 in [8, %s]", side,
          PipelineOptions.MAX_INPUT_SIZE);
      this.inputSize = side;
      return this;
    }

    /**
     * false (default): the network sees the photo squashed to a square, as in the paper. true:
     * the aspect ratio is kept with the short side at the input size (rounded to a multiple of
     * 8): less distortion, more work for elongated photos.
     */
    public Builder keepAspectRatio(boolean keep) {
      this.keepAspectRatio = keep;
      return this;
    }

    /**
     * Threads for the backend's CPU execution and for the image stages (Lab, resize, H, upsample,
     * Lab to sRGB). Default 0: the engine's default and the common fork-join pool.
     *
     * @throws IllegalArgumentException if negative or above 1024
     */
    public Builder threads(int threads) {
      checkArgument(threads >= 0 && threads <= 1024,
          "threads is %s, expected in [0, 1024] (0 = the engine's default)", threads);
      this.threads = threads;
      return this;
    }

    /**
     * Images per network run in {@link Colorizer#colorizeAll} and
     * {@link Colorizer#predictAbAll} (default 1). Images batch together when their network input
     * sizes match.
     *
     * @throws IllegalArgumentException outside [1, {@value PipelineOptions#MAX_BATCH_SIZE}]
     */
    public Builder batchSize(int batchSize) {
      checkArgument(batchSize >= 1 && batchSize <= PipelineOptions.MAX_BATCH_SIZE,
          "batch size is %s, expected in [1, %s]", batchSize, PipelineOptions.MAX_BATCH_SIZE);
      this.batchSize = batchSize;
      return this;
    }

    /**
     * For a model file WITHOUT colorize metadata: how its input is normalized (default
     * {@link InputNormalization#PYTORCH}, (L-50)/100). A file that states it wins, with a
     * warning.
     */
    public Builder inputNormalization(InputNormalization normalization) {
      this.inputNormalization = checkNotNull(normalization, "input normalization");
      return this;
    }

    /**
     * For a model file WITHOUT colorize metadata: what it outputs (default
     * {@link OutputKind#LOGITS}). A file that states it wins, with a warning.
     */
    public Builder outputKind(OutputKind kind) {
      this.outputKind = checkNotNull(kind, "output kind");
      return this;
    }

    /**
     * For a model file WITHOUT colorize metadata: input size / output size (default: from the
     * sizes its graph fixes, else 4). A file that states it wins, with a warning.
     *
     * @throws IllegalArgumentException unless in [1, 64]
     */
    public Builder outputStride(int stride) {
      checkArgument(stride >= 1 && stride <= 64, "output stride is %s, expected in [1, 64]",
          stride);
      this.outputStride = stride;
      return this;
    }

    /**
     * JPEG quality of {@link Colorizer#colorize(Path, Path, CopyOption...)} in [0, 1] (default
     * {@value ImageEncoder#DEFAULT_JPEG_QUALITY}).
     */
    public Builder jpegQuality(float quality) {
      checkArgument(quality >= 0f && quality <= 1f, "JPEG quality is %s, expected in [0, 1]",
          quality);
      this.jpegQuality = quality;
      return this;
    }

    /**
     * Loads the model, chooses and opens the backend.
     *
     * @throws BackendException if no backend is on the class path, none has the name asked for,
     *     none can run here, or the backend fails to open the model (also when the device is
     *     required and cannot be had); the message lists the backends found and the artifact to
     *     add
     * @throws ColorizeException if the model cannot be found, read or used (the message lists
     *     the backends found too)
     * @throws IllegalArgumentException if an option does not fit the model (e.g. an input size
     *     the model cannot take)
     */
    public Colorizer build() {
      BackendRegistry registry = backendProvider != null
          ? BackendRegistry.of(List.of(backendProvider)) : BackendRegistry.discover();
      BackendProvider provider = selectBackend(registry);
      ModelFile file = new ModelLoader(model != null ? model : ModelSource.defaultModel(),
          inputNormalization, outputKind, outputStride, registry).load();
      double t = temperature != null ? temperature : file.metadata().temperature();
      // The model's own scale unless the caller chose one.
      int size = inputSize != 0 ? inputSize : file.metadata().inputSize();
      PipelineOptions options = new PipelineOptions(size, keepAspectRatio, t, batchSize);
      ColorizationPipeline.check(file, options);
      Backend backend = provider.open(file, new BackendOptions(device, requireDevice, threads));
      if (backend == null) {
        throw new BackendException("backend " + provider.name() + " returned no backend for "
            + file.source());
      }
      try {
        ColorizationPipeline pipeline = new ColorizationPipeline(backend, file, options);
        String version = provider.version();
        LOG.info("colorizer ready: model {} ({}), backend {} ({}) on {}{}, {}", file.source(),
            file.metadata().outputKind(), provider.name(), version, backend.device(),
            backend.device().equals(device) ? "" : " (asked for " + device + ")", pipeline);
        // The file (weights, bytes) is not kept: the backend holds what it needs.
        return new Colorizer(pipeline, version, file.source(), threads, jpegQuality);
      } catch (RuntimeException | Error e) {
        backend.close();
        throw e;
      }
    }

    private BackendProvider selectBackend(BackendRegistry registry) {
      if (backendProvider != null) {
        return backendProvider;
      }
      if (backendName != null) {
        return registry.select(backendName, device);
      }
      String property = System.getProperty(BACKEND_PROPERTY);
      if (property != null && !property.isBlank()) {
        try {
          return registry.select(property.trim(), device);
        } catch (BackendException e) {
          throw new BackendException("system property " + BACKEND_PROPERTY + " = '"
              + property.trim() + "': " + e.getMessage(), e);
        }
      }
      return registry.select(null, device);
    }
  }

  /** Loads the model with the builder's defaults for missing metadata; explains failures. */
  private record ModelLoader(ModelSource source, InputNormalization inputNormalization,
      OutputKind outputKind, Integer outputStride, BackendRegistry registry) {

    ModelFile load() {
      if (source.isPreloaded()) {
        ModelFile file = loadOrExplain(ModelMetadata.paperDefaults());
        if (inputNormalization != null || outputKind != null || outputStride != null) {
          LOG.warn("model {} was loaded before it reached the builder: inputNormalization,"
              + " outputKind and outputStride are ignored; give them to ModelFile.read instead",
              file.source());
        }
        return file;
      }
      ModelMetadata.Builder b = ModelMetadata.builder();
      if (inputNormalization != null) {
        b.inputNormalization(inputNormalization);
      }
      if (outputKind != null) {
        b.outputKind(outputKind);
      }
      if (outputStride != null) {
        b.outputStride(outputStride);
      }
      ModelMetadata defaults = b.build();
      ModelFile file = loadOrExplain(defaults);
      warnAboutIgnoredOptions(file);
      return file;
    }

    private ModelFile loadOrExplain(ModelMetadata defaults) {
      ModelSource.Located located = null;
      try {
        if (source.isPreloaded()) {
          return source.load(defaults);
        }
        located = source.locate();
        return located.load(source.description(), defaults);
      } catch (ModelFormatException e) {
        OnnxOutline outline = located == null ? null : located.outlineOrNull();
        ModelFile retried = outline == null ? null
            : retryWithDerivedStride(located, outline, defaults, e);
        if (retried != null) {
          return retried;
        }
        String hint = outline != null && lacksColorizeMetadata(outline)
            ? ". The file has no colorize metadata: say what it holds with"
                + " Colorizer.builder().inputNormalization(...).outputKind(...).outputStride(...)"
            : "";
        throw new ColorizeException(e.getMessage() + hint + ".\n" + registry.describe(), e);
      } catch (IOException e) {
        if (source.isDefaultModel()) {
          throw new ColorizeException("the default model (class-path resource "
              + ModelSource.DEFAULT_MODEL_RESOURCE + " of colorize-api) is missing from this"
              + " build (" + e.getMessage() + "); pass a model file with"
              + " Colorizer.builder().model(Path.of(\"model.onnx\")), or"
              + " .model(ModelSource.classpath(\"...\"))", e);
        }
        throw new ColorizeException("cannot read model " + source.description() + ": " + e, e);
      }
    }

    private static boolean lacksColorizeMetadata(OnnxOutline outline) {
      return outline.metadata().keySet().stream()
          .noneMatch(k -> k.startsWith(MetadataKeys.PREFIX));
    }

    /**
     * A file without a stride of its own whose graph fixes both input and output sizes: the
     * stride is their ratio (the foreign ab exports that output at full resolution).
     */
    private ModelFile retryWithDerivedStride(ModelSource.Located located, OnnxOutline graph,
        ModelMetadata defaults, ModelFormatException failure) {
      if (outputStride != null) {
        return null;
      }
      if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
        return null;
      }
      int derived = ratio(graph.inputs().get(0).shape(), graph.outputs().get(0).shape());
      if (derived <= 0 || derived == defaults.outputStride()) {
        return null;
      }
      try {
        ModelFile file = located.load(source.description(),
            defaults.toBuilder().outputStride(derived).build());
        LOG.info("model {} has no output stride in its metadata; its graph's fixed sizes give"
            + " {}", source.description(), derived);
        return file;
      } catch (ModelFormatException | IOException e) {
        failure.addSuppressed(e);
        return null;
      }
    }

    private static int ratio(List<Dim> in,
        List<Dim> out) {
      if (in.size() != 4 || out.size() != 4) {
        return 0;
      }
      int stride = 0;
      for (int axis = 2; axis < 4; axis++) {
        var i = in.get(axis);
        var o = out.get(axis);
        if (!i.isFixed() || !o.isFixed() || o.value() <= 0 || i.value() % o.value() != 0) {
          return 0;
        }
        int s = (int) (i.value() / o.value());
        if (stride != 0 && s != stride) {
          return 0;
        }
        stride = s;
      }
      return stride;
    }

    private void warnAboutIgnoredOptions(ModelFile file) {
      ModelMetadata m = file.metadata();
      List<String> missing = file.missingMetadata();
      warnIfIgnored(inputNormalization, m.inputNormalization(),
          MetadataKeys.INPUT_NORMALIZATION, "inputNormalization",
          missing, file);
      warnIfIgnored(outputKind, m.outputKind(), MetadataKeys.OUTPUT,
          "outputKind", missing, file);
      warnIfIgnored(outputStride, m.outputStride(),
          MetadataKeys.OUTPUT_STRIDE, "outputStride", missing, file);
    }

    private static void warnIfIgnored(Object given, Object used, String key, String option,
        List<String> missing, ModelFile file) {
      if (given != null && !given.equals(used) && !missing.contains(key)) {
        LOG.warn("model {} states {} = {} in its metadata; .{}({}) is ignored", file.source(),
            key, used, option, given);
      }
    }
  }
}
