package io.github.colorize.bench;

import io.github.colorize.model.ModelFile;
import io.github.colorize.onnx.OrtKernelProfile;
import io.github.colorize.tensor.FloatTensor;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which ONNX Runtime kernels a model file runs, from ORT's profiler (default session options:
 * all graph optimizations on), with their share of the time.
 *
 * <pre>{@code
 * java -cp examples/benchmarks/target/benchmarks.jar io.github.colorize.bench.QuantizedKernels \
 *     MODEL.onnx|random:WIDTH [SIZE [BATCH [RUNS [int8]]]]
 * }</pre>
 *
 * <p>{@code random:1.0} is eccv16 of that width with random weights; a trailing {@code int8}
 * quantizes the model first, calibrated on synthetic photos (for kernels and speed only).
 */
public final class QuantizedKernels {

  private QuantizedKernels() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: QuantizedKernels MODEL.onnx|random:WIDTH [SIZE [BATCH [RUNS [int8]]]]");
      System.exit(2);
    }
    ModelFile model = args[0].startsWith("random:")
        ? BenchInputs.randomEccv16(Double.parseDouble(args[0].substring("random:".length())))
        : ModelFile.read(Path.of(args[0]));
    if (args.length > 4 && args[4].equals("int8")) {
      model = BenchInputs.int8(model, 4);
    }
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 224;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    FloatTensor input = FloatTensor.of(BenchInputs.normalizedL(batch * size * size, 7), batch, 1,
        size, size);
    Path scratch = Files.createTempDirectory("colorize-profile");
    OrtKernelProfile profile = OrtKernelProfile.measure(model, input, runs, 2, scratch);
    Files.deleteIfExists(scratch);
    System.out.print(profile.toTable());
  }
}
