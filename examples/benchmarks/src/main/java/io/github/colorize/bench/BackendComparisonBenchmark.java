package io.github.colorize.bench;

import io.github.colorize.Device;
import io.github.colorize.dl4j.Dl4jBackendProvider;
import io.github.colorize.model.ModelFile;
import io.github.colorize.onnx.OnnxBackendProvider;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.spi.BackendProvider;
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
 * The same model file on both backends: eccv16 (width 1.0 by default, random weights) at 224 x
 * 224, batch 1 and 8, 2 threads, through the SPI ({@code Backend.run}), so both pay the same
 * copies in and out. Target: dl4j at most 2 x onnx. Which ND4J native build runs is chosen at
 * build time: the portable one by default, {@code -Ponednn} for oneDNN (AVX2).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@State(Scope.Benchmark)
public class BackendComparisonBenchmark {

  @Param({"onnx", "dl4j"})
  public String backend;

  @Param({"1", "8"})
  public int batch;

  @Param("1.0")
  public double width;

  @Param("224")
  public int size;

  @Param("2")
  public int threads;

  private Backend opened;
  private FloatTensor input;

  @Setup(Level.Trial)
  public void open() {
    ModelFile model = BenchInputs.randomEccv16(width);
    BackendProvider provider = backend.equals("onnx") ? new OnnxBackendProvider()
        : new Dl4jBackendProvider();
    opened = provider.open(model, new BackendOptions(Device.cpu(), false, threads));
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
