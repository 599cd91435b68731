package io.github.colorize.bench;

import io.github.colorize.Device;
import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.Photo;
import io.github.colorize.model.ModelFile;
import io.github.colorize.onnx.OnnxBackendProvider;
import io.github.colorize.pipeline.AbPlanes;
import io.github.colorize.pipeline.ColorizationPipeline;
import io.github.colorize.pipeline.PipelineOptions;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How far an int8 model's colors are from its float model's: the per-pixel ab distance
 * (Euclidean, Lab units, at each photo's full resolution, the models' own temperature) between
 * the two colorizations of every photo of a folder; prints the mean and the 50th, 99th and 99.9th
 * percentiles as one JSON object.
 *
 * <pre>{@code
 * java -cp examples/benchmarks/target/benchmarks.jar io.github.colorize.bench.QuantizationQuality \
 *     FLOAT.onnx INT8.onnx PHOTO_DIR
 * }</pre>
 */
public final class QuantizationQuality {

  /** Histogram resolution: 0.01 ab units up to 200 (beyond the gamut's diameter). */
  private static final int BINS = 20_000;
  private static final double BIN = 0.01;

  private QuantizationQuality() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: QuantizationQuality FLOAT.onnx INT8.onnx PHOTO_DIR");
      System.exit(2);
    }
    ModelFile fp = ModelFile.read(Path.of(args[0]));
    ModelFile q = ModelFile.read(Path.of(args[1]));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of(args[2]))) {
      files = walk.filter(Files::isRegularFile).filter(p -> p.toString().toLowerCase(Locale.ROOT)
          .matches(".*\\.(jpe?g|png|bmp|tiff?)")).sorted().toList();
    }
    long[] histogram = new long[BINS];
    double sum = 0;
    long pixels = 0;
    BackendOptions options = new BackendOptions(Device.cpu(), false, 2);
    OnnxBackendProvider ort = new OnnxBackendProvider();
    try (Backend fb = ort.open(fp, options); Backend qb = ort.open(q, options)) {
      PipelineOptions po = new PipelineOptions(fp.metadata().inputSize(), false,
          fp.metadata().temperature(), 1);
      ColorizationPipeline fpipe = new ColorizationPipeline(fb, fp, po);
      ColorizationPipeline qpipe = new ColorizationPipeline(qb, q, po);
      ImageDecoder decoder = ImageDecoder.defaults();
      for (Path file : files) {
        Photo photo = decoder.decode(file);
        AbPlanes a = fpipe.predictAbAll(List.of(photo), fpipe.temperature()).get(0);
        AbPlanes b = qpipe.predictAbAll(List.of(photo), qpipe.temperature()).get(0);
        for (int i = 0; i < a.pixelCount(); i++) {
          double d = Math.hypot(a.a()[i] - b.a()[i], a.b()[i] - b.b()[i]);
          sum += d;
          histogram[(int) Math.min(BINS - 1, d / BIN)]++;
          pixels++;
        }
      }
    }
    System.out.printf(Locale.ROOT, "{\"images\": %d, \"pixels\": %d, \"meanAbDifference\": %.3f,"
            + " \"p50\": %.2f, \"p99\": %.2f, \"p999\": %.2f, \"max\": %.2f}%n", files.size(),
        pixels, sum / pixels, quantile(histogram, pixels, 0.5), quantile(histogram, pixels, 0.99),
        quantile(histogram, pixels, 0.999), quantile(histogram, pixels, 1.0));
  }

  /** The upper edge of the bin where the cumulative count reaches {@code q}. */
  private static double quantile(long[] histogram, long total, double q) {
    long target = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < histogram.length; i++) {
      seen += histogram[i];
      if (seen >= target) {
        return (i + 1) * BIN;
      }
    }
    return histogram.length * BIN;
  }
}
