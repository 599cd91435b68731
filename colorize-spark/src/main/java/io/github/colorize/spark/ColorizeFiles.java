package io.github.colorize.spark;

import io.github.colorize.Colorizer;
import io.github.colorize.image.ImageFormat;
import java.net.URI;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.Function2;

/**
 * The work of {@link ColorizeJob} on the executors: a partition's input paths in, its counts
 * (done, skipped, failed) out, its report rows written to one Parquet file of the report. Each
 * photo is read, colorized and written here (never collected to the driver). A photo whose output
 * existed when the run started is skipped before its input is read, so a rerun after a crash
 * costs a listing, not a reading; one whose output appeared since (a failed attempt of this very
 * task wrote it before it died) is redone, replacing it with the same bytes, and counted done.
 */
final class ColorizeFiles
    implements Function2<Integer, Iterator<PhotoTask>, Iterator<long[]>> {

  private static final long serialVersionUID = 1L;

  private final ColorizeOptions options;
  private final HadoopConf conf;
  private final String inputRoot;
  private final String outputRoot;
  private final String report;
  private final boolean overwrite;
  private final WriteMode mode;

  /**
   * @param inputRoot the qualified input folder; every path given (as a URI) lies under it
   * @param outputRoot the qualified output folder
   * @param report the qualified report folder
   * @param mode how outputs are written, resolved ({@link WriteMode#RENAME} or {@link
   *     WriteMode#DIRECT})
   */
  ColorizeFiles(ColorizeOptions options, HadoopConf conf, String inputRoot, String outputRoot,
      String report, boolean overwrite, WriteMode mode) {
    this.options = options;
    this.conf = conf;
    this.inputRoot = inputRoot;
    this.outputRoot = outputRoot;
    this.report = report;
    this.overwrite = overwrite;
    this.mode = mode;
  }

  @Override
  public Iterator<long[]> call(Integer partition, Iterator<PhotoTask> tasks) throws Exception {
    Configuration hadoop = conf.get();
    FileSystem inFs = HadoopFiles.fileSystem(new Path(inputRoot), hadoop);
    FileSystem outFs = HadoopFiles.fileSystem(new Path(outputRoot), hadoop);
    long[] counts = new long[3];
    ReportWriter writer = new ReportWriter(outFs, new Path(report), partition, hadoop, mode);
    boolean finished = false;
    try {
      Colorizer colorizer = null;
      while (tasks.hasNext()) {
        long start = System.nanoTime();
        PhotoTask task = tasks.next();
        Path source = new Path(URI.create(task.uri()));
        String input = source.toString();
        String relative = relativize(source);
        ImageFormat format = OutputNames.format(relative, options.format());
        Path target = new Path(outputRoot + "/" + OutputNames.outputName(relative,
            options.format()));
        ReportWriter.ReportRow row;
        try {
          if (!overwrite && task.outputExisted()) {
            row = row(input, target.toString(), ColorizeSpark.SKIPPED, null, null, null, start);
          } else {
            byte[] content = HadoopFiles.read(inFs, source);
            if (colorizer == null) {
              colorizer = colorizer(hadoop);
            }
            PhotoColorizer.Colorized result =
                PhotoColorizer.colorize(colorizer, input, content, format);
            HadoopFiles.write(outFs, target, result.bytes(), mode);
            row = row(input, target.toString(), ColorizeSpark.DONE, null, result.width(),
                result.height(), start);
          }
        } catch (ModelUnusable e) {
          throw e;
        } catch (Exception e) {
          row = row(input, null, ColorizeSpark.FAILED, describe(input, e), null, null, start);
        }
        writer.write(row);
        counts[switch (row.status()) {
          case ColorizeSpark.DONE -> 0;
          case ColorizeSpark.SKIPPED -> 1;
          default -> 2;
        }]++;
      }
      finished = true;
    } finally {
      // A task that dies publishes no part: its retry writes the whole partition's.
      if (finished) {
        writer.close();
      } else {
        writer.abort();
      }
    }
    return List.of(counts).iterator();
  }

  /**
   * This JVM's colorizer. A model that cannot be used here fails the task (Spark retries it
   * elsewhere) instead of failing every photo one by one, each retrying the build.
   */
  private Colorizer colorizer(Configuration hadoop) {
    try {
      return ExecutorColorizers.get(options, hadoop, ColorizeRows.taskCpus());
    } catch (RuntimeException e) {
      throw new ModelUnusable(e);
    }
  }

  /** Carries a colorizer build failure past the per-photo handler, to fail the task. */
  private static final class ModelUnusable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ModelUnusable(RuntimeException cause) {
      super("cannot use the model on this executor: " + cause.getMessage(), cause);
    }
  }

  /** The input's path under the input folder, with '/' separators. */
  String relativize(Path input) {
    String path = input.toUri().getPath();
    String root = new Path(inputRoot).toUri().getPath();
    if (!path.startsWith(root + "/")) {
      throw new IllegalArgumentException(input + " is not under the input folder " + inputRoot);
    }
    return path.substring(root.length() + 1);
  }

  private static ReportWriter.ReportRow row(String input, String output, String status,
      String error, Integer width, Integer height, long startNanos) {
    return new ReportWriter.ReportRow(input, output, status, error, width, height,
        ColorizeRows.millisSince(startNanos));
  }

  /** The failure's message, naming the photo unless it already does. */
  static String describe(String input, Throwable e) {
    String message = PhotoColorizer.describe(e);
    String name = new Path(input).getName();
    return message.contains(name) ? message : input + ": " + message;
  }
}
