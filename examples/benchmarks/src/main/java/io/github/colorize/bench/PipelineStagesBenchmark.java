package io.github.colorize.bench;

import io.github.colorize.Colorizer;
import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.ImageEncoder;
import io.github.colorize.image.ImageSize;
import io.github.colorize.image.Photo;
import io.github.colorize.pipeline.AbPlanes;
import io.github.colorize.pipeline.ColorizationPipeline;
import io.github.colorize.pipeline.PreparedImage;
import io.github.colorize.tensor.FloatTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Each stage of colorizing a 12-megapixel (4000 x 3000) gray JPEG into a color JPEG, on a
 * random-weight eccv16 (width 1.0) at input size 224 on ONNX Runtime, with 2 threads (sizes below
 * are for that model; {@code -p model=default} or {@code -p model=FILE.onnx} measures a real model
 * at its own input size, e.g. the embedded default against a candidate in one sitting):
 *
 * <ol>
 *   <li>{@code s1Decode}: the JPEG file to a {@link Photo} (ImageIO + TwelveMonkeys, EXIF);
 *   <li>{@code s2Lab}: CIE L at full resolution;
 *   <li>{@code s3Resize}: L area-resized to 224 x 224 and normalized;
 *   <li>{@code s4Network}: the network, 1 x 1 x 224 x 224 to 1 x 313 x 56 x 56;
 *   <li>{@code s5AnnealedMean}: H at T = 0.38 to ab at 56 x 56;
 *   <li>{@code s6Upsample}: ab bilinear to 4000 x 3000;
 *   <li>{@code s7LabToSrgb}: the original L with ab to 8-bit sRGB;
 *   <li>{@code s8Encode}: a JPEG written atomically (quality 0.95).
 * </ol>
 *
 * <p>{@code endToEnd} is {@code Colorizer.colorize(in, out)}, all of them in one call. Each stage
 * runs on inputs the previous stages produced once at setup, inside a fork-join pool of
 * {@code threads} workers (as the Colorizer runs them).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@State(Scope.Benchmark)
public class PipelineStagesBenchmark {

  static final int WIDTH = 4000;
  static final int HEIGHT = 3000;

  @Param("2")
  public int threads;

  /**
   * {@code random-1.0}: the paper's width with random weights at 224 px; {@code default}: the
   * embedded model at its own input size; anything else: a model file's path, at its own size.
   */
  @Param("random-1.0")
  public String model;

  private ForkJoinPool pool;
  private Colorizer colorizer;
  private ColorizationPipeline pipeline;
  private Path dir;
  private Path jpeg;
  private Path out;
  private final ImageEncoder encoder = ImageEncoder.builder().overwrite(true).build();

  private Photo photo;
  private float[] lightness;
  private ImageSize networkSize;
  private PreparedImage prepared;
  private FloatTensor input;
  private FloatTensor logits;
  private FloatTensor abSmall;
  private AbPlanes ab;
  private Photo colorized;

  @Setup(Level.Trial)
  public void prepare() throws IOException {
    pool = new ForkJoinPool(threads);
    Colorizer.Builder builder = Colorizer.builder().backend("onnx").threads(threads);
    colorizer = switch (model) {
      case "random-1.0" -> builder.model(BenchInputs.randomEccv16(1.0)).inputSize(224).build();
      case "default" -> builder.build();
      default -> builder.model(Path.of(model)).build();
    };
    pipeline = colorizer.pipeline();
    dir = Files.createTempDirectory("colorize-bench");
    jpeg = dir.resolve("gray-12mp.jpg");
    out = dir.resolve("color-12mp.jpg");
    ImageEncoder.defaults().write(BenchInputs.grayPhoto(WIDTH, HEIGHT, 12), jpeg);

    photo = ImageDecoder.defaults().decode(jpeg);
    lightness = pipeline.lightness(photo);
    networkSize = pipeline.networkSize(WIDTH, HEIGHT);
    prepared = new PreparedImage(photo, lightness, networkSize,
        pipeline.networkInput(lightness, WIDTH, HEIGHT, networkSize));
    input = pipeline.stack(List.of(prepared));
    logits = pipeline.runNetwork(input);
    abSmall = pipeline.decode(logits);
    ab = pipeline.upsample(abSmall, photo.size());
    colorized = new Photo(WIDTH, HEIGHT, pipeline.compose(prepared, ab), null, false, false, 8,
        "colorized");
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    colorizer.close();
    pool.shutdown();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private <T> T inPool(Callable<T> work) {
    try {
      return pool.submit(work).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Benchmark
  public Photo s1Decode() {
    return inPool(() -> ImageDecoder.defaults().decode(jpeg));
  }

  @Benchmark
  public float[] s2Lab() {
    return inPool(() -> pipeline.lightness(photo));
  }

  @Benchmark
  public float[] s3Resize() {
    return inPool(() -> pipeline.networkInput(lightness, WIDTH, HEIGHT, networkSize));
  }

  @Benchmark
  public FloatTensor s4Network() {
    return inPool(() -> pipeline.runNetwork(input));
  }

  @Benchmark
  public FloatTensor s5AnnealedMean() {
    return inPool(() -> pipeline.decode(logits));
  }

  @Benchmark
  public AbPlanes s6Upsample() {
    return inPool(() -> pipeline.upsample(abSmall, photo.size()));
  }

  @Benchmark
  public int[] s7LabToSrgb() {
    return inPool(() -> pipeline.compose(prepared, ab));
  }

  @Benchmark
  public Path s8Encode() {
    return inPool(() -> {
      encoder.write(colorized, out);
      return out;
    });
  }

  @Benchmark
  public Path endToEnd() {
    try {
      colorizer.colorize(jpeg, out, StandardCopyOption.REPLACE_EXISTING);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
