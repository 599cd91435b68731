package io.github.colorize.video;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.github.colorize.Colorizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Colorizes videos: every frame as {@link Colorizer} colorizes a photo (the frame's own L kept,
 * the network's ab enlarged and joined with it), with the per-pixel logits smoothed over time so
 * that colors do not flicker ({@link TemporalOptions}).
 *
 * <pre>{@code
 * try (VideoColorizer video = VideoColorizer.builder()      // default model, best backend
 *     .temporal(TemporalOptions.defaults().withSmoothing(0.8))
 *     .progress(p -> System.err.println(p.frames() + " frames"))
 *     .build()) {
 *   VideoReport report = video.colorize(Path.of("film.avi"), Path.of("film-color.mp4"));
 * }
 * }</pre>
 *
 * <p>Decoding, colorizing and encoding run as a pipeline on three threads joined by short bounded
 * queues, so memory does not grow with the video's length. The output has the input's size,
 * frame rate and frame timestamps; the video is H.264 (VP9 for {@code .webm}) in the container
 * the output's extension names; the input's audio streams are copied packet for packet. The
 * output appears under its name only when complete: it is written to a hidden file beside it and
 * renamed, and a JVM shutdown (Ctrl-C) deletes the hidden file.
 *
 * <p>One job at a time per instance ({@link #colorize} is synchronized); {@link #close()}
 * releases the colorizer if this instance built it.
 */
public final class VideoColorizer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VideoColorizer.class);
  private static final Object END = new Object();
  private static final long POLL_MILLIS = 100;

  private final Colorizer colorizer;
  private final boolean ownsColorizer;
  private final TemporalOptions temporal;
  private final int batchSize;
  private final double bitsPerPixel;
  private final VideoCodec codec;
  private final VideoProgress.Listener listener;

  private VideoColorizer(Builder b, Colorizer colorizer, boolean owns) {
    this.colorizer = colorizer;
    this.ownsColorizer = owns;
    this.temporal = b.temporal;
    this.batchSize = b.batchSize;
    this.bitsPerPixel = b.bitsPerPixel;
    this.codec = b.codec;
    this.listener = b.listener;
  }

  /** A builder: the default model on the best backend, temporal smoothing on. */
  public static Builder builder() {
    return new Builder();
  }

  /** The colorizer that colorizes each frame. */
  public Colorizer colorizer() {
    return colorizer;
  }

  /** The temporal options. */
  public TemporalOptions temporal() {
    return temporal;
  }

  /**
   * Colorizes the video file {@code in} into {@code out}. An existing {@code out} is kept and the
   * call fails unless {@code options} holds {@link StandardCopyOption#REPLACE_EXISTING}. On any
   * failure nothing is left under {@code out}'s name (an existing file stays as it was).
   *
   * @throws NoSuchFileException if {@code in} does not exist, or {@code out}'s folder does not
   * @throws VideoFormatException if {@code in} is empty, not a video, has no video stream, or a
   *     codec this FFmpeg build cannot decode
   * @throws FileAlreadyExistsException if {@code out} exists and may not be replaced
   * @throws AccessDeniedException if {@code out}'s folder cannot be written
   * @throws IllegalArgumentException if {@code out}'s extension names no supported container
   * @throws IOException if encoding or writing fails
   */
  public synchronized VideoReport colorize(Path in, Path out, CopyOption... options)
      throws IOException {
    checkNotNull(in, "in");
    checkNotNull(out, "out");
    boolean replace = false;
    for (CopyOption option : checkNotNull(options, "options")) {
      checkArgument(option == StandardCopyOption.REPLACE_EXISTING,
          "option %s is not supported, expected only REPLACE_EXISTING", option);
      replace = true;
    }
    checkState(!colorizer.isClosed(), "the colorizer of this VideoColorizer is closed");
    OutputFormat format = OutputFormat.of(out, codec);
    checkOutput(in, out, replace);
    long start = System.nanoTime();
    try (FrameReader reader = FrameReader.open(in)) {
      VideoInfo info = reader.info();
      format.codec().checkFrameSize(in, info.width(), info.height());
      if (info.hasAudio()) {
        AudioRemuxer.checkCopyable(reader.formatContext(), in, format);
      }
      LOG.info("colorizing {}: {}x{} at {} frames/s, ~{} frames, {} ({}), audio: {}", in,
          info.width(), info.height(), info.frameRate(), info.frameCount(), info.videoCodec(),
          info.format(), info.hasAudio() ? info.audioCodec() : "none");
      Path videoPart = PartialFiles.beside(out, "video-");
      Path muxPart = null;
      try {
        createPartial(videoPart, out);
        double rate = info.frameRate() > 0 && Double.isFinite(info.frameRate())
            ? info.frameRate() : 25;
        long frames;
        long cuts;
        FrameColorizer frameColorizer = new FrameColorizer(colorizer.pipeline(), temporal);
        try (FrameWriter writer = new FrameWriter(videoPart, format, info.width(),
            info.height(), rate, bitsPerPixel, reader.displayRotation())) {
          frames = runPipeline(reader, frameColorizer, writer, info, start);
          writer.finish();
        }
        cuts = frameColorizer.cuts();
        if (frames == 0) {
          throw new VideoFormatException(in + ": no frame of its video stream ("
              + info.videoCodec() + ") could be decoded; the file may be damaged or truncated");
        }
        Path done = videoPart;
        int audio = 0;
        if (info.hasAudio()) {
          muxPart = PartialFiles.beside(out, "");
          audio = AudioRemuxer.mux(videoPart, in, muxPart, format);
          PartialFiles.delete(videoPart);
          done = muxPart;
        }
        moveIntoPlace(done, out, replace);
        VideoReport report = new VideoReport(frames, cuts, audio, System.nanoTime() - start);
        LOG.info("colorized {} -> {}: {} frames, {} scene cuts, {} audio streams, {} frames/s",
            in, out, frames, cuts, audio, String.format("%.1f", report.framesPerSecond()));
        return report;
      } finally {
        PartialFiles.delete(videoPart);
        PartialFiles.delete(muxPart);
      }
    }
  }

  /**
   * Colorizes a video read from a stream into a stream, in the container {@code extension}
   * names ({@code "mp4"}, {@code "mkv"}, ...). Both go through temporary files (MP4 needs to seek
   * on both sides), which are deleted afterwards. Neither stream is closed.
   *
   * @throws VideoFormatException if the input is not a video that can be decoded
   * @throws IOException if reading, encoding or writing fails
   */
  public VideoReport colorize(InputStream in, OutputStream out, String extension)
      throws IOException {
    checkNotNull(in, "in");
    checkNotNull(out, "out");
    checkNotNull(extension, "extension");
    Path dir = Files.createTempDirectory("colorize-video");
    Path input = dir.resolve("input");
    Path output = dir.resolve("output." + extension);
    try {
      OutputFormat.of(output, codec);
      Files.copy(in, input);
      VideoReport report = colorize(input, output);
      Files.copy(output, out);
      return report;
    } finally {
      Files.deleteIfExists(input);
      Files.deleteIfExists(output);
      Files.deleteIfExists(dir);
    }
  }

  private static void checkOutput(Path in, Path out, boolean replace) throws IOException {
    if (!replace && Files.exists(out)) {
      throw new FileAlreadyExistsException(out.toString(), null,
          "the output exists; replace it with --force (StandardCopyOption.REPLACE_EXISTING)");
    }
    if (Files.isDirectory(out)) {
      throw new FileAlreadyExistsException(out.toString(), null, "the output is a folder");
    }
    Path folder = out.toAbsolutePath().getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      throw new NoSuchFileException(String.valueOf(folder), null,
          "the output folder does not exist");
    }
    if (!Files.isWritable(folder)) {
      throw new AccessDeniedException(folder.toString(), null,
          "the output folder cannot be written");
    }
    if (Files.exists(in) && Files.exists(out) && Files.isSameFile(in, out)) {
      throw new IllegalArgumentException("output " + out + " is the input itself; choose"
          + " another name");
    }
  }

  /** Takes the hidden name first, so that an unwritable folder fails here, in plain words. */
  private static void createPartial(Path part, Path out) throws IOException {
    try {
      Files.createFile(part);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException e) {
      Path folder = out.toAbsolutePath().getParent();
      throw new AccessDeniedException(String.valueOf(folder), null,
          "the output folder cannot be written (" + e.getClass().getSimpleName() + ": "
              + e.getMessage() + ")");
    }
  }

  private static void moveIntoPlace(Path done, Path out, boolean replace) throws IOException {
    try {
      if (replace) {
        Files.move(done, out, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } else {
        // Without REPLACE_EXISTING the rename fails if someone took the name meanwhile.
        Files.move(done, out);
      }
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(done, out, StandardCopyOption.REPLACE_EXISTING);
    }
    PartialFiles.release(done);
  }

  // ---------------------------------------------------------------- the pipeline

  /** A colorized frame on its way to the encoder. */
  private record Colorized(int[] argb, long timestampMicros) {}

  private long runPipeline(FrameReader reader, FrameColorizer frames, FrameWriter writer,
      VideoInfo info, long start) throws IOException {
    int capacity = 2 * batchSize + 2;
    BlockingQueue<Object> decoded = new ArrayBlockingQueue<>(capacity);
    BlockingQueue<Object> colorized = new ArrayBlockingQueue<>(capacity);
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "colorize-video-" + (threadNumber.getAndIncrement() == 0
          ? "decode" : "encode"));
      t.setDaemon(true);
      return t;
    });
    Future<Void> decoding = null;
    Future<Long> encoding = null;
    try {
      decoding = threads.submit(() -> {
        VideoFrame f;
        while ((f = reader.next()) != null) {
          put(decoded, f, null);
        }
        put(decoded, END, null);
        return null;
      });
      long total = info.frameCount() > 0 ? info.frameCount() : -1;
      encoding = threads.submit(() -> {
        long n = 0;
        while (true) {
          Object o = colorized.take();
          if (o == END) {
            return n;
          }
          Colorized c = (Colorized) o;
          writer.write(c.argb(), c.timestampMicros());
          n++;
          if (listener != null) {
            listener.onProgress(new VideoProgress(n, Math.max(total, n),
                System.nanoTime() - start));
          }
        }
      });
      boolean more = true;
      while (more) {
        List<VideoFrame> batch = new ArrayList<>(batchSize);
        Object first = take(decoded, decoding);
        if (first == END) {
          more = false;
        } else {
          batch.add((VideoFrame) first);
          while (batch.size() < batchSize) {
            Object o = take(decoded, decoding);
            if (o == END) {
              more = false;
              break;
            }
            batch.add((VideoFrame) o);
          }
        }
        if (!batch.isEmpty()) {
          List<int[]> pixels = frames.colorize(batch);
          for (int i = 0; i < batch.size(); i++) {
            put(colorized, new Colorized(pixels.get(i), batch.get(i).timestampMicros()),
                encoding);
          }
        }
      }
      put(colorized, END, encoding);
      return await(encoding);
    } finally {
      threads.shutdownNow();
      try {
        // The reader and writer are closed after this: their threads must be out of FFmpeg.
        if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
          LOG.warn("the video decoding/encoding threads did not stop within 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The next item, or the producer's failure if it stopped without one. */
  private static Object take(BlockingQueue<Object> queue, Future<?> producer) throws IOException {
    while (true) {
      Object o = poll(queue);
      if (o != null) {
        return o;
      }
      if (producer.isDone()) {
        o = queue.poll();
        if (o != null) {
          return o;
        }
        await(producer);
        throw new IllegalStateException("the video decoder stopped without finishing");
      }
    }
  }

  private static Object poll(BlockingQueue<Object> queue) throws IOException {
    try {
      return queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while colorizing a video");
    }
  }

  /** Puts an item, failing with the consumer's failure if it stopped. */
  private static void put(BlockingQueue<Object> queue, Object item, Future<?> consumer)
      throws IOException {
    try {
      while (!queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (consumer != null && consumer.isDone()) {
          await(consumer);
          throw new IllegalStateException("the video encoder stopped before the end");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while colorizing a video");
    }
  }

  private static <T> T await(Future<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while colorizing a video");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    }
  }

  /** Closes the colorizer if this instance built it. */
  @Override
  public void close() {
    if (ownsColorizer) {
      colorizer.close();
    }
  }

  @Override
  public String toString() {
    return "VideoColorizer[" + colorizer + ", " + temporal + ", batch " + batchSize + "]";
  }

  // ---------------------------------------------------------------- builder

  /** Options of a {@link VideoColorizer}; each setter checks its value at once. */
  public static final class Builder {

    private Colorizer colorizer;
    private Colorizer.Builder colorizerBuilder;
    private TemporalOptions temporal = TemporalOptions.defaults();
    private int batchSize = 1;
    private double bitsPerPixel = 0.25;
    private VideoCodec codec;
    private VideoProgress.Listener listener;

    private Builder() {}

    private Colorizer.Builder own() {
      checkState(colorizer == null, "a Colorizer was given; set its options on it instead");
      if (colorizerBuilder == null) {
        colorizerBuilder = Colorizer.builder();
      }
      return colorizerBuilder;
    }

    /**
     * Colorizes with this colorizer, which stays open after {@link VideoColorizer#close()}; it
     * must stay open while a video is being colorized (its pipeline is used directly).
     */
    public Builder colorizer(Colorizer colorizer) {
      this.colorizer = checkNotNull(colorizer, "colorizer");
      this.colorizerBuilder = null;
      return this;
    }

    /** Builds the colorizer from these options (model, backend, size, ...) at {@link #build()}. */
    public Builder colorizer(Colorizer.Builder builder) {
      this.colorizerBuilder = checkNotNull(builder, "colorizer builder");
      this.colorizer = null;
      return this;
    }

    /** The model file; see {@link Colorizer.Builder#model(Path)}. */
    public Builder model(Path model) {
      own().model(model);
      return this;
    }

    /** The backend by name; see {@link Colorizer.Builder#backend(String)}. */
    public Builder backend(String name) {
      own().backend(name);
      return this;
    }

    /** The annealed-mean temperature; see {@link Colorizer.Builder#temperature(double)}. */
    public Builder temperature(double t) {
      own().temperature(t);
      return this;
    }

    /** The network input side; see {@link Colorizer.Builder#inputSize(int)}. */
    public Builder inputSize(int side) {
      own().inputSize(side);
      return this;
    }

    /**
     * The backend's CPU threads; see {@link Colorizer.Builder#threads(int)}. The image stages of
     * a video run on the common fork-join pool, beside the decoding and encoding threads.
     */
    public Builder threads(int threads) {
      own().threads(threads);
      return this;
    }

    /** How frames are smoothed over time (default {@link TemporalOptions#defaults()}). */
    public Builder temporal(TemporalOptions options) {
      this.temporal = checkNotNull(options, "temporal options");
      return this;
    }

    /**
     * Frames per network run (default 1).
     *
     * @throws IllegalArgumentException outside [1, 64]
     */
    public Builder batchSize(int frames) {
      checkArgument(frames >= 1 && frames <= 64, "batch size is %s, expected in [1, 64]",
          frames);
      this.batchSize = frames;
      return this;
    }

    /**
     * The video bit rate in bits per pixel and frame (default 0.25; at least 200 kbit/s) of
     * H.264, VP9 and AV1 (FFV1 is lossless, ProRes has a fixed quality).
     *
     * @throws IllegalArgumentException outside (0, 24]
     */
    public Builder bitsPerPixel(double bits) {
      checkArgument(bits > 0 && bits <= 24, "bits per pixel is %s, expected in (0, 24]", bits);
      this.bitsPerPixel = bits;
      return this;
    }

    /**
     * The video codec written (default: the output extension's, H.264 but for WebM's VP9). The
     * 10-bit ones keep the smoothed colors steadier in the file; see {@link VideoCodec}. An
     * output whose container cannot hold it is refused by {@link VideoColorizer#colorize}.
     */
    public Builder codec(VideoCodec codec) {
      this.codec = checkNotNull(codec, "codec");
      return this;
    }

    /** Told after each frame is written (on the encoding thread). */
    public Builder progress(VideoProgress.Listener listener) {
      this.listener = checkNotNull(listener, "listener");
      return this;
    }

    /**
     * Builds the colorizer (unless one was given).
     *
     * @throws io.github.colorize.ColorizeException if the model cannot be loaded
     * @throws io.github.colorize.spi.BackendException if no backend can run it
     */
    public VideoColorizer build() {
      if (colorizer != null) {
        return new VideoColorizer(this, colorizer, false);
      }
      Colorizer built = (colorizerBuilder != null ? colorizerBuilder : Colorizer.builder())
          .build();
      return new VideoColorizer(this, built, true);
    }
  }
}
