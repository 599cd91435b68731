package io.github.colorize.bench;

import io.github.colorize.color.CieLab;
import io.github.colorize.decode.AnnealedMeanDecoder;
import io.github.colorize.quant.AbGamut;
import io.github.colorize.quant.SoftEncoder;
import io.github.colorize.tensor.FloatTensor;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
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
 * The color science of colorize-api at the sizes the pipeline meets: sRGB to and from CIE Lab for a
 * 12-megapixel photo (target <= 80 ms each with 2 threads), soft-encoding of a 64 x 64 ab target
 * and annealed-mean decoding of 313 x 64 x 64 logits (the output of a 256 x 256 input; targets
 * <= 2 ms each).
 *
 * <p>Every operation runs inside a {@link ForkJoinPool} of {@code threads} workers, which bounds
 * the library's parallel loops to that many threads whatever the machine. Sample mode reports the
 * mean and the percentiles (p0.50 is the median).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ColorScienceBenchmark {

  /** The thread pool every benchmark runs in. */
  @State(Scope.Benchmark)
  public static class Threads {
    @Param("2")
    public int threads;

    ForkJoinPool pool;

    @Setup(Level.Trial)
    public void start() {
      pool = new ForkJoinPool(threads);
    }

    @TearDown(Level.Trial)
    public void stop() {
      pool.shutdown();
    }

    void run(Runnable task) {
      pool.submit(task).join();
    }
  }

  /** A 4000 x 3000 photo (random pixels) and its L, a, b planes. */
  @State(Scope.Benchmark)
  public static class Photo12Mp {
    static final int WIDTH = 4000;
    static final int HEIGHT = 3000;

    int[] argb;
    float[] l;
    float[] a;
    float[] b;
    int[] back;

    @Setup(Level.Trial)
    public void create() {
      int n = WIDTH * HEIGHT;
      SplittableRandom random = new SplittableRandom(12);
      argb = new int[n];
      for (int i = 0; i < n; i++) {
        argb[i] = 0xFF000000 | random.nextInt(1 << 24);
      }
      l = new float[n];
      a = new float[n];
      b = new float[n];
      back = new int[n];
      CieLab.fromArgb(argb, l, a, b);
    }
  }

  /** A 64 x 64 ab target and 313 x 64 x 64 logits, with output buffers. */
  @State(Scope.Benchmark)
  public static class Planes64 {
    static final int SIZE = 64;

    final SoftEncoder encoder = SoftEncoder.paperDefaults();
    final AnnealedMeanDecoder decoder = AnnealedMeanDecoder.paperDefaults();
    float[] a;
    float[] b;
    float[] dense;
    int[] indices;
    float[] weights;
    FloatTensor logits;
    float[] ab;

    @Setup(Level.Trial)
    public void create() {
      int pixels = SIZE * SIZE;
      int bins = AbGamut.zhang2016().size();
      SplittableRandom random = new SplittableRandom(64);
      a = new float[pixels];
      b = new float[pixels];
      for (int i = 0; i < pixels; i++) {
        a[i] = (float) random.nextDouble(-100, 100);
        b[i] = (float) random.nextDouble(-110, 100);
      }
      dense = new float[bins * pixels];
      indices = new int[pixels * encoder.neighbors()];
      weights = new float[pixels * encoder.neighbors()];
      float[] x = new float[bins * pixels];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (random.nextGaussian() * 3);
      }
      logits = FloatTensor.of(x, 1, bins, SIZE, SIZE);
      ab = new float[2 * pixels];
      // Build the lookup grids outside the measurement.
      encoder.encodeSparse(a, b, indices, weights);
    }
  }

  @Benchmark
  public float[] srgbToLab12Mp(Threads threads, Photo12Mp photo) {
    threads.run(() -> CieLab.fromArgb(photo.argb, photo.l, photo.a, photo.b));
    return photo.l;
  }

  @Benchmark
  public int[] labToSrgb12Mp(Threads threads, Photo12Mp photo) {
    threads.run(() -> CieLab.toArgb(photo.l, photo.a, photo.b, photo.back));
    return photo.back;
  }

  @Benchmark
  public float[] softEncodeDense64(Threads threads, Planes64 planes) {
    threads.run(() -> planes.encoder.encodeDense(planes.a, planes.b, planes.dense, 0));
    return planes.dense;
  }

  @Benchmark
  public float[] softEncodeSparse64(Threads threads, Planes64 planes) {
    threads.run(() -> planes.encoder.encodeSparse(planes.a, planes.b, planes.indices,
        planes.weights));
    return planes.weights;
  }

  @Benchmark
  public float[] annealedMeanDecode313x64x64(Threads threads, Planes64 planes) {
    threads.run(() -> planes.decoder.decodeLogits(planes.logits, planes.ab, 0));
    return planes.ab;
  }
}
