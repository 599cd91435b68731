package io.github.colorize.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.colorize.Colorizer;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.onnx.OnnxBackendProvider;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.tensor.FloatTensor;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.Map;
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
 * What the facade costs on top of the network: one random-weight eccv16 (width 1.0 by default,
 * the paper's 32 M parameters) run three ways on the CPU with the same number of threads.
 *
 * <ul>
 *   <li>{@code bareSession224}: a bare ONNX Runtime session on a 1 x 1 x 224 x 224 input; each call
 *       wraps the input in an {@code OnnxTensor} and copies the logits out into a float array,
 *       as any caller must.
 *   <li>{@code backendRun224}: the same through colorize's {@code onnx} backend (the SPI).
 *   <li>{@code colorize256}: {@code Colorizer.colorize} of a 256 x 256 gray image at input size
 *       224: Lab, area resize to 224, the network, H on 313 x 56 x 56 logits, bilinear ab back to
 *       256 x 256, Lab to sRGB. Target: at most 1.10 x {@code bareSession224}.
 * </ul>
 *
 * <p>Sample mode: the p0.50 line of each result is the median. Compare ratios from one run: the
 * machine is shared.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class ColorizerOverheadBenchmark {

  @Param("1.0")
  public double width;

  @Param("2")
  public int threads;

  private OrtEnvironment env;
  private OrtSession session;
  private Backend backend;
  private Colorizer colorizer;
  private float[] input;
  private BufferedImage image;

  @Setup(Level.Trial)
  public void open() throws OrtException {
    ModelFile model = BenchInputs.randomEccv16(width);
    env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      session = env.createSession(model.bytes(), options);
    }
    backend = new OnnxBackendProvider().open(model,
        new BackendOptions(io.github.colorize.Device.cpu(), false, threads));
    colorizer = Colorizer.builder().model(model).backend("onnx").threads(threads).inputSize(224)
        .build();
    input = BenchInputs.normalizedL(224 * 224, 7);
    image = BenchInputs.grayPhoto(256, 256, 256);
  }

  @TearDown(Level.Trial)
  public void close() throws OrtException {
    colorizer.close();
    backend.close();
    session.close();
  }

  @Benchmark
  public float[] bareSession224() throws OrtException {
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input),
            new long[] {1, 1, 224, 224});
        OrtSession.Result result = session.run(Map.of(Eccv16.INPUT, in))) {
      FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] logits = new float[out.remaining()];
      out.get(logits);
      return logits;
    }
  }

  @Benchmark
  public FloatTensor backendRun224() {
    return backend.run(FloatTensor.of(input, 1, 1, 224, 224));
  }

  @Benchmark
  public BufferedImage colorize256() {
    return colorizer.colorize(image);
  }
}
