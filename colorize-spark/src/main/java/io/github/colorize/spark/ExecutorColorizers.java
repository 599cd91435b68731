package io.github.colorize.spark;

import io.github.colorize.ColorizeException;
import io.github.colorize.Colorizer;
import io.github.colorize.Device;
import io.github.colorize.ModelSource;
import io.github.colorize.spi.BackendProvider;
import io.github.colorize.spi.BackendRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Colorizer} per options in this JVM (an executor, or the driver in local mode),
 * shared by all its tasks (a Colorizer is thread-safe), built on first use and closed when the JVM
 * exits. The model is read once per JVM, not per task or photo.
 */
final class ExecutorColorizers {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorColorizers.class);

  private static final Map<ColorizeOptions, Colorizer> COLORIZERS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ExecutorColorizers::closeAll,
        "colorize-spark-close"));
  }

  private ExecutorColorizers() {}

  /**
   * The colorizer for {@code options}, built the first time (other tasks wait for it).
   *
   * @param threads the engine threads per run, {@code spark.task.cpus}
   * @throws ColorizeException if the model cannot be read or used
   */
  static Colorizer get(ColorizeOptions options, Configuration conf, int threads) {
    // The output format is not the colorizer's: one colorizer per model and decode settings.
    ColorizeOptions key = new ColorizeOptions(options.model(), options.backend(),
        options.temperature(), options.size(), null);
    return COLORIZERS.computeIfAbsent(key, o -> build(o, conf, threads));
  }

  private static Colorizer build(ColorizeOptions options, Configuration conf, int threads) {
    BackendRegistry registry = BackendRegistry.discover(ExecutorColorizers.class.getClassLoader());
    String name = options.backend() != null ? options.backend()
        : System.getProperty(Colorizer.BACKEND_PROPERTY);
    BackendProvider provider = registry.select(name == null || name.isBlank() ? null : name.trim(),
        Device.cpu());
    Colorizer.Builder builder = Colorizer.builder()
        .backend(new TaskThreadsProvider(provider, Math.max(1, threads)));
    if (options.model() != null) {
      try {
        builder.model(ModelSource.bytes(ModelReader.read(options.model(), conf),
            options.model()));
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    if (options.temperature() != null) {
      builder.temperature(options.temperature());
    }
    if (options.size() != 0) {
      builder.inputSize(options.size());
    }
    Colorizer colorizer = builder.build();
    LOG.info("executor colorizer ready: {} ({} threads per task)", colorizer, threads);
    return colorizer;
  }

  private static void closeAll() {
    for (Colorizer colorizer : COLORIZERS.values()) {
      try {
        colorizer.close();
      } catch (RuntimeException e) {
        LOG.warn("closing {} failed: {}", colorizer, e.toString());
      }
    }
    COLORIZERS.clear();
  }
}
