package io.github.colorize.bench;

import io.github.colorize.Device;
import io.github.colorize.ModelSource;
import io.github.colorize.model.ModelFile;
import io.github.colorize.onnx.OnnxBackendProvider;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.tensor.FloatTensor;
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
 * Float vs int8 (QDQ, {@code colorize quantize}) on ONNX Runtime's CPU backend, 2 threads,
 * through the SPI: eccv16 width 1.0 (random weights) at 224 x 224, and the embedded default model
 * at its own input size, batch 1 and 8. The int8 files are calibrated on synthetic photos, which
 * sets their speed, not their quality (see {@link QuantizationQuality} for that).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 6)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class QuantizationBenchmark {

  /** {@code w1.0}: the paper's width at 224 px; {@code default}: the embedded model. */
  @Param({"w1.0", "default"})
  public String model;

  @Param({"float", "int8"})
  public String precision;

  @Param({"1", "8"})
  public int batch;

  @Param("2")
  public int threads;

  private Backend opened;
  private FloatTensor input;

  @Setup(Level.Trial)
  public void open() throws java.io.IOException {
    ModelFile file = model.equals("default") ? ModelSource.defaultModel().load()
        : BenchInputs.randomEccv16(1.0);
    int size = model.equals("default") && file.metadata().inputSize() > 0
        ? file.metadata().inputSize() : 224;
    if (precision.equals("int8")) {
      file = BenchInputs.int8(file, 4);
    }
    opened = new OnnxBackendProvider().open(file, new BackendOptions(Device.cpu(), false,
        threads));
    input = FloatTensor.of(BenchInputs.normalizedL(batch * size * size, 7), batch, 1, size, size);
  }

  @Benchmark
  public FloatTensor run() {
    return opened.run(input);
  }

  @TearDown(Level.Trial)
  public void close() {
    opened.close();
  }
}
