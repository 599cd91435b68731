package io.github.colorize.spark;

import io.github.colorize.Colorizer;
import io.github.colorize.image.ImageFormat;
import java.net.URI;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The work of {@link ColorizeJob} on the executors: input paths in, report rows out. Each photo
 * is read, colorized and written here (never collected to the driver); an output that exists is
 * skipped before its input is read, so a rerun after a crash costs a listing, not a reading.
 */
final class ColorizeFiles implements FlatMapFunction<Iterator<String>, Row> {

  private static final long serialVersionUID = 1L;

  private final ColorizeOptions options;
  private final HadoopConf conf;
  private final String inputRoot;
  private final String outputRoot;
  private final boolean overwrite;

  /**
   * @param inputRoot the qualified input folder; every path given (as a URI) lies under it
   * @param outputRoot the qualified output folder
   */
  ColorizeFiles(ColorizeOptions options, HadoopConf conf, String inputRoot, String outputRoot,
      boolean overwrite) {
    this.options = options;
    this.conf = conf;
    this.inputRoot = inputRoot;
    this.outputRoot = outputRoot;
    this.overwrite = overwrite;
  }

  @Override
  public Iterator<Row> call(Iterator<String> paths) throws Exception {
    Configuration hadoop = conf.get();
    FileSystem inFs = HadoopFiles.fileSystem(new Path(inputRoot), hadoop);
    FileSystem outFs = HadoopFiles.fileSystem(new Path(outputRoot), hadoop);
    return new Iterator<>() {
      private Colorizer colorizer;

      @Override
      public boolean hasNext() {
        return paths.hasNext();
      }

      @Override
      public Row next() {
        long start = System.nanoTime();
        Path source = new Path(URI.create(paths.next()));
        String input = source.toString();
        String relative = relativize(source);
        ImageFormat format = OutputNames.format(relative, options.format());
        Path target = new Path(outputRoot + "/" + OutputNames.outputName(relative,
            options.format()));
        String output = target.toString();
        try {
          if (!overwrite && outFs.exists(target)) {
            return row(input, output, ColorizeSpark.SKIPPED, null, null, null, start);
          }
          byte[] content = HadoopFiles.read(inFs, source);
          if (colorizer == null) {
            colorizer = ExecutorColorizers.get(options, hadoop, ColorizeRows.taskCpus());
          }
          PhotoColorizer.Colorized result =
              PhotoColorizer.colorize(colorizer, input, content, format);
          boolean written = HadoopFiles.writeAtomically(outFs, target, result.bytes(), overwrite);
          return row(input, output, written ? ColorizeSpark.DONE : ColorizeSpark.SKIPPED, null,
              result.width(), result.height(), start);
        } catch (Exception e) {
          return row(input, null, ColorizeSpark.FAILED, describe(input, e), null, null, start);
        }
      }
    };
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

  private static Row row(String input, String output, String status, String error, Integer width,
      Integer height, long startNanos) {
    return RowFactory.create(input, output, status, error, width, height,
        ColorizeRows.millisSince(startNanos));
  }

  /** The failure's message, naming the photo unless it already does. */
  static String describe(String input, Throwable e) {
    String message = PhotoColorizer.describe(e);
    String name = new Path(input).getName();
    return message.contains(name) ? message : input + ": " + message;
  }
}
