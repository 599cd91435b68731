package io.github.colorize.spark;

import io.github.colorize.Colorizer;
import io.github.colorize.image.ImageFormat;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** The work of {@link ColorizeSpark#colorize}: (path, content) rows in, result rows out. */
final class ColorizeRows implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  private final ColorizeOptions options;
  private final HadoopConf conf;

  ColorizeRows(ColorizeOptions options, HadoopConf conf) {
    this.options = options;
    this.conf = conf;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    // Row by row as Spark pulls them, so a partition's photos are never all in memory at once.
    return new Iterator<>() {
      private Colorizer colorizer;

      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row row = rows.next();
        String path = row.getString(0);
        byte[] content = row.isNullAt(1) ? null : (byte[]) row.get(1);
        long start = System.nanoTime();
        if (content == null) {
          return RowFactory.create(path, null, ColorizeSpark.SKIPPED, null, null, null, 0L);
        }
        if (colorizer == null) {
          // Only partitions with work build (or fetch) the executor's colorizer.
          colorizer = ExecutorColorizers.get(options, conf.get(), taskCpus());
        }
        ImageFormat format = OutputNames.format(path, options.format());
        try {
          PhotoColorizer.Colorized result =
              PhotoColorizer.colorize(colorizer, path, content, format);
          return RowFactory.create(path, result.bytes(), ColorizeSpark.DONE, null,
              result.width(), result.height(), millisSince(start));
        } catch (Exception e) {
          return RowFactory.create(path, null, ColorizeSpark.FAILED,
              ColorizeFiles.describe(path, e), null, null, millisSince(start));
        }
      }
    };
  }

  /** {@code spark.task.cpus} of the running task (1 outside a task). */
  static int taskCpus() {
    TaskContext task = TaskContext.get();
    return task == null ? 1 : Math.max(1, task.cpus());
  }

  static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
