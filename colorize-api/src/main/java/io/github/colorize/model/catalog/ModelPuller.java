package io.github.colorize.model.catalog;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.hash.Hashing;
import com.google.common.hash.HashingInputStream;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelFormatException;
import io.github.colorize.model.ModelWriter;
import io.github.colorize.model.caffe.CaffeImporter;
import io.github.colorize.model.torch.TorchImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a named model into the {@link ModelCache}, only when asked: {@link #pull} downloads it
 * from its sources (in order) into a hidden partial file, resumes an interrupted download with an
 * HTTP Range request where the server allows it, checks the size and SHA-256, converts it to a
 * colorize model file (recording the source URL and hash) and moves that atomically into the
 * cache; {@link #importFile} does the same conversion from a file the user brought.
 *
 * <pre>{@code
 * ModelPuller.Result r = ModelPuller.builder().listener(new ModelPuller.Listener() {
 *   public void progress(long bytes, long total) { ... }
 * }).build().pull("eccv16");
 * Colorizer c = Colorizer.builder().model(r.path()).build();   // or .model("eccv16")
 * }</pre>
 *
 * <p>Pulls and imports of one name are serialized by a file lock, across threads and processes:
 * two processes pulling at once end with one good file, the second finding it there. A failed or
 * killed pull never leaves a cache entry; its partial download stays hidden for the next pull to
 * resume.
 */
public final class ModelPuller {

  private static final Logger LOG = LoggerFactory.getLogger(ModelPuller.class);
  /** {@link io.github.colorize.model.ModelMetadata#extra()}: the URL the model came from. */
  public static final String SOURCE_URL = "source_url";
  /** {@link io.github.colorize.model.ModelMetadata#extra()}: the name it is cached under. */
  public static final String MODEL_NAME = "model_name";
  private static final String PROTOTXT = "colorization_deploy_v2.prototxt";
  private static final Map<Path, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

  /** What a pull reports while it works (all no-ops by default). */
  public interface Listener {
    /** Another process or thread holds the lock of this name; this one waits for it. */
    default void waiting(String name, Path lockFile) {}

    /** A download starts (or resumes at {@code from} bytes) of {@code total}. */
    default void downloading(Download source, long from, long total) {}

    /** {@code bytes} of {@code total} are in the partial file. */
    default void progress(long bytes, long total) {}

    /** The download is complete and checked; conversion starts. */
    default void converting(Download source) {}

    /** A source failed; the next one (if any) is tried. */
    default void sourceFailed(Download source, String problem) {}
  }

  /**
   * The outcome of a pull or import.
   *
   * @param name the model's name
   * @param path its file in the cache
   * @param alreadyPresent true if it was there and nothing was done
   * @param source the URL or file it came from, empty if it was already there
   */
  public record Result(String name, Path path, boolean alreadyPresent, String source) {}

  private final ModelCache cache;
  private final ModelCatalog catalog;
  private final Listener listener;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final int attempts;

  private ModelPuller(Builder b) {
    this.cache = b.cache != null ? b.cache : ModelCache.resolve();
    this.catalog = b.catalog != null ? b.catalog : ModelCatalog.current();
    this.listener = b.listener;
    this.connectTimeoutMillis = b.connectTimeoutMillis;
    this.readTimeoutMillis = b.readTimeoutMillis;
    this.attempts = b.attempts;
  }

  /** A builder: the cache and catalogue in force, no listener. */
  public static Builder builder() {
    return new Builder();
  }

  /** The cache this puller stores into. */
  public ModelCache cache() {
    return cache;
  }

  /** The catalogue it pulls from. */
  public ModelCatalog catalog() {
    return catalog;
  }

  /**
   * Pulls a known model unless it is in the cache already.
   *
   * @throws IllegalArgumentException if the catalogue does not know the name
   * @throws PullException if every source failed (one line naming the URL(s))
   * @throws IOException if the cache cannot be written
   */
  public Result pull(String name) throws IOException {
    checkNotNull(name, "name");
    KnownModel model = catalog.find(name).orElseThrow(() -> new IllegalArgumentException(
        "no model is named '" + name + "'; known: " + catalog.models().stream()
            .map(KnownModel::name).toList()));
    Files.createDirectories(cache.directory());
    try (Locked ignored = lock(name)) {
      if (cache.contains(name)) {
        return new Result(name, cache.path(name), true, "");
      }
      List<String> failures = new ArrayList<>();
      Exception last = null;
      for (Download source : model.sources()) {
        try {
          Path file = download(name, source);
          listener.converting(source);
          store(convert(file, source.format(), source), name, source.uri().toString());
          Files.deleteIfExists(file);
          return new Result(name, cache.path(name), false, source.uri().toString());
        } catch (SourceFailure e) {
          LOG.debug("source {} of '{}' failed", source.uri(), name, e);
          failures.add(source.uri() + ": " + e.getMessage());
          listener.sourceFailed(source, e.getMessage());
          last = e;
        }
      }
      throw new PullException("cannot pull '" + name + "': " + String.join("; then ",
          failures), last);
    }
  }

  /**
   * Converts a file the user brought and stores it under a name: {@code name} if given, else the
   * known model one of whose sources has the file's SHA-256. Replaces a model of that name.
   *
   * @param file a {@code .pth}, {@code .caffemodel} or colorize {@code .onnx} file
   * @param name the name to store it under, or null to take the known one
   * @throws IllegalArgumentException if no name is given and the file is no known source, or the
   *     file cannot be converted (the message names the file)
   */
  public Result importFile(Path file, String name) throws IOException {
    checkNotNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + (Files.isDirectory(file)
          ? " is a folder, expected a model file" : ": no such file"));
    }
    String hash = sha256(file);
    Optional<Map.Entry<KnownModel, Download>> known = catalog.bySha256(hash);
    String target = name != null ? name : known.map(e -> e.getKey().name()).orElseThrow(() ->
        new IllegalArgumentException(file + " (sha256 " + hash + ") is not a published copy of a"
            + " known model: give it a name with --name NAME"));
    checkArgument(ModelCatalog.isName(target), "'%s' is not a model name: expected letters,"
        + " digits, '.', '_' or '-'", target);
    SourceFormat format = known.map(e -> e.getValue().format()).orElseGet(() -> formatOf(file));
    Files.createDirectories(cache.directory());
    try (Locked ignored = lock(target)) {
      ModelFile model;
      try {
        model = convert(file, format, null);
      } catch (SourceFailure e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      store(model, target, file.toAbsolutePath().toString());
      return new Result(target, cache.path(target), false, file.toString());
    }
  }

  // ------------------------------------------------------------------ download

  private Path download(String name, Download source) throws IOException, SourceFailure {
    Path partial = cache.partial(name, source);
    Files.createDirectories(partial.getParent());
    long total = source.bytes();
    String lastProblem = "";
    for (int attempt = 1; attempt <= attempts; attempt++) {
      long have = Files.exists(partial) ? Files.size(partial) : 0;
      if (have > total) {
        Files.delete(partial);
        have = 0;
      }
      if (have == total) {
        break;
      }
      try {
        lastProblem = fetch(source, partial, have);
      } catch (IOException e) {
        // The connection broke mid-body: keep what arrived, resume with a Range request.
        lastProblem = describe(e);
        LOG.debug("download of {} broke at {} bytes", source.uri(), Files.exists(partial)
            ? Files.size(partial) : 0, e);
      }
      if (lastProblem.isEmpty() && Files.size(partial) == total) {
        break;
      }
    }
    long size = Files.exists(partial) ? Files.size(partial) : 0;
    if (size != total) {
      throw new SourceFailure(String.format(Locale.ROOT, "the download stopped at %,d of %,d"
          + " bytes after %d attempts (%s); pull again to resume it", size, total, attempts,
          lastProblem));
    }
    String hash = sha256(partial);
    if (!hash.equals(source.sha256())) {
      Files.delete(partial);
      throw new SourceFailure("the SHA-256 of the " + total + " bytes is " + hash + ", expected "
          + source.sha256() + " (deleted; not a copy of the published file)");
    }
    // Named as published, so that the importers record the real file name.
    Path checked = partial.resolveSibling(source.fileName());
    Files.move(partial, checked, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    return checked;
  }

  /**
   * One request, appending to {@code partial} from {@code have} bytes.
   *
   * @return "" when the body arrived complete, else what cut it short
   * @throws SourceFailure for answers another attempt will not change
   * @throws IOException if the connection breaks (another attempt may resume)
   */
  private String fetch(Download source, Path partial, long have)
      throws IOException, SourceFailure {
    long total = source.bytes();
    HttpURLConnection c;
    int code;
    try {
      c = (HttpURLConnection) source.uri().toURL().openConnection();
      c.setConnectTimeout(connectTimeoutMillis);
      c.setReadTimeout(readTimeoutMillis);
      c.setInstanceFollowRedirects(true);
      if (have > 0) {
        c.setRequestProperty("Range", "bytes=" + have + "-");
      }
      code = c.getResponseCode();
    } catch (IOException e) {
      throw new SourceFailure(describe(e));
    }
    try {
      boolean resume = code == HttpURLConnection.HTTP_PARTIAL;
      if (code == 416) {
        Files.deleteIfExists(partial);
        return "the server refused to resume at " + have + " bytes (HTTP 416); starting over";
      }
      if (resume) {
        String range = c.getHeaderField("Content-Range");
        if (range == null || !range.startsWith("bytes " + have + "-")) {
          Files.deleteIfExists(partial);
          return "the server resumed at '" + range + "', not at " + have + "; starting over";
        }
      } else if (code == HttpURLConnection.HTTP_OK) {
        have = 0;
      } else {
        throw new SourceFailure("HTTP " + code + (c.getResponseMessage() == null ? ""
            : " " + c.getResponseMessage()));
      }
      long length = c.getContentLengthLong();
      if (length >= 0 && have + length != total) {
        Files.deleteIfExists(partial);
        throw new SourceFailure(String.format(Locale.ROOT, "the server sends %,d bytes, expected"
            + " %,d", have + length, total));
      }
      listener.downloading(source, have, total);
      long done = have;
      try (InputStream in = c.getInputStream();
          OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE,
              StandardOpenOption.WRITE, resume ? StandardOpenOption.APPEND
                  : StandardOpenOption.TRUNCATE_EXISTING)) {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
          if (done + n > total) {
            out.close();
            Files.deleteIfExists(partial);
            throw new SourceFailure(String.format(Locale.ROOT, "the server sends more than the"
                + " %,d bytes expected", total));
          }
          out.write(buffer, 0, n);
          done += n;
          listener.progress(done, total);
        }
      }
      return done == total ? "" : String.format(Locale.ROOT, "the body ended after %,d of %,d"
          + " bytes", done, total);
    } finally {
      c.disconnect();
    }
  }

  private static String describe(IOException e) {
    String kind = e instanceof java.net.ConnectException ? "cannot connect"
        : e instanceof java.net.SocketTimeoutException ? "timed out"
        : e instanceof java.net.UnknownHostException ? "unknown host" : "I/O error";
    return kind + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  // ------------------------------------------------------------------ convert and store

  private ModelFile convert(Path file, SourceFormat format, Download source)
      throws IOException, SourceFailure {
    try {
      return switch (format) {
        case PYTORCH -> TorchImporter.importModel(file);
        case CAFFE -> CaffeImporter.importModel(deployPrototxt(), file);
        case ONNX -> ModelFile.read(file);
      };
    } catch (ModelFormatException e) {
      throw new SourceFailure("cannot convert " + (source == null ? "it" : source.fileName())
          + ": " + e.getMessage());
    }
  }

  /** The authors' deploy definition, shipped in colorize-api, as a file for the importer. */
  private Path deployPrototxt() throws IOException {
    Path file = cache.directory().resolve(ModelCache.PARTIAL_DIR).resolve(PROTOTXT);
    Files.createDirectories(file.getParent());
    try (InputStream in = ModelPuller.class.getResourceAsStream(PROTOTXT)) {
      if (in == null) {
        throw new IOException("colorize-api lacks its resource " + PROTOTXT);
      }
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  private void store(ModelFile model, String name, String origin) throws IOException {
    ModelFile named = model.withMetadata(model.metadata().toBuilder()
        .extra(MODEL_NAME, name).extra(SOURCE_URL, origin).build());
    Path tmp = cache.directory().resolve(ModelCache.PARTIAL_DIR).resolve(name + ".onnx.tmp");
    Files.createDirectories(tmp.getParent());
    ModelWriter.write(tmp, named);
    Files.move(tmp, cache.path(name), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    LOG.info("stored model '{}' in {} (from {})", name, cache.path(name), origin);
  }

  private static SourceFormat formatOf(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".onnx")) {
      return SourceFormat.ONNX;
    }
    if (n.endsWith(".caffemodel")) {
      return SourceFormat.CAFFE;
    }
    return SourceFormat.PYTORCH;
  }

  static String sha256(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        HashingInputStream in = new HashingInputStream(Hashing.sha256(), raw)) {
      in.transferTo(OutputStream.nullOutputStream());
      return in.hash().toString();
    }
  }

  // ------------------------------------------------------------------ locking

  private interface Locked extends AutoCloseable {
    @Override
    void close() throws IOException;
  }

  /** The name's lock: a JVM-wide lock (file locks are per process) and then the file lock. */
  private Locked lock(String name) throws IOException {
    Path file = cache.lockFile(name);
    ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(file.toAbsolutePath(),
        k -> new ReentrantLock());
    if (!local.tryLock()) {
      listener.waiting(name, file);
      local.lock();
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        listener.waiting(name, file);
        lock = channel.lock();
      }
      FileChannel held = channel;
      FileLock fileLock = lock;
      return () -> {
        try {
          fileLock.release();
          held.close();
        } finally {
          local.unlock();
        }
      };
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      local.unlock();
      throw e;
    }
  }

  /** One source failed: the next is tried; the message names no URL (the caller adds it). */
  private static final class SourceFailure extends Exception {
    private static final long serialVersionUID = 1L;

    SourceFailure(String message) {
      super(message);
    }
  }

  /** Options of a {@link ModelPuller}. */
  public static final class Builder {
    private ModelCache cache;
    private ModelCatalog catalog;
    private Listener listener = new Listener() {};
    private int connectTimeoutMillis = 30_000;
    private int readTimeoutMillis = 60_000;
    private int attempts = 3;

    private Builder() {}

    /** The cache to store into; unset: {@link ModelCache#resolve()}. */
    public Builder cache(ModelCache cache) {
      this.cache = checkNotNull(cache, "cache");
      return this;
    }

    /** The catalogue; unset: {@link ModelCatalog#current()}. */
    public Builder catalog(ModelCatalog catalog) {
      this.catalog = checkNotNull(catalog, "catalog");
      return this;
    }

    /** Told of progress and failures. */
    public Builder listener(Listener listener) {
      this.listener = checkNotNull(listener, "listener");
      return this;
    }

    /** How long to wait for a connection and for each read (default 30 s and 60 s). */
    public Builder timeouts(int connectMillis, int readMillis) {
      checkArgument(connectMillis > 0 && readMillis > 0, "timeouts must be > 0");
      this.connectTimeoutMillis = connectMillis;
      this.readTimeoutMillis = readMillis;
      return this;
    }

    /** Requests per source before it counts as failed, resuming each time (default 3). */
    public Builder attempts(int attempts) {
      checkArgument(attempts >= 1, "attempts is %s, expected >= 1", attempts);
      this.attempts = attempts;
      return this;
    }

    public ModelPuller build() {
      return new ModelPuller(this);
    }
  }
}
