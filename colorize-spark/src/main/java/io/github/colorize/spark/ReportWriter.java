package io.github.colorize.spark;

import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes one partition's report rows as one Parquet file of the run's report, atomically (a
 * hidden temporary file then renamed, or in place on object stores: {@link WriteMode}); a retried
 * task's file replaces its failed attempt's, so each photo is in the report once. Written with Parquet's own writer from the tasks, not
 * with Spark SQL from the driver: the job then never starts Spark SQL, whose start-up cost more
 * than colorizing a few hundred photos.
 */
final class ReportWriter implements Closeable {

  /** The columns of {@link ColorizeSpark#RESULT_SCHEMA}, with {@code output} a URI string. */
  static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message report {\n"
      + "  required binary path (STRING);\n"
      + "  optional binary output (STRING);\n"
      + "  required binary status (STRING);\n"
      + "  optional binary error (STRING);\n"
      + "  optional int32 width;\n"
      + "  optional int32 height;\n"
      + "  required int64 millis;\n"
      + "}");

  private final FileSystem fs;
  private final WriteMode mode;
  private final Path temp;
  private final Path target;
  private final ParquetWriter<Group> writer;
  private final SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);

  /** A writer of {@code folder/part-NNNNN.parquet} for partition {@code partition}. */
  ReportWriter(FileSystem fs, Path folder, int partition, Configuration conf, WriteMode mode)
      throws IOException {
    this.fs = fs;
    this.mode = mode;
    String name = String.format("part-%05d.parquet", partition);
    this.target = new Path(folder, name);
    this.temp = mode == WriteMode.DIRECT ? target : HadoopFiles.tempFor(target);
    HadoopFiles.mkdirs(fs, folder);
    this.writer = ExampleParquetWriter.builder(outputFile(fs, temp, mode == WriteMode.DIRECT))
        .withConf(conf)
        .withType(SCHEMA).withCompressionCodec(CompressionCodecName.SNAPPY).build();
  }

  /** Adds one photo's row. */
  void write(ReportRow row) throws IOException {
    Group group = groups.newGroup().append("path", row.path());
    if (row.output() != null) {
      group.append("output", row.output());
    }
    group.append("status", row.status());
    if (row.error() != null) {
      group.append("error", row.error());
    }
    if (row.width() != null) {
      group.append("width", row.width());
      group.append("height", row.height());
    }
    group.append("millis", row.millis());
    writer.write(group);
  }

  /** Finishes the file and renames it into place (replacing an earlier attempt's). */
  @Override
  public void close() throws IOException {
    boolean published = false;
    try {
      writer.close();
      if (mode != WriteMode.DIRECT) {
        HadoopFiles.publish(fs, temp, target, true);
      }
      published = true;
    } finally {
      if (!published) {
        fs.delete(temp, false);
      }
    }
  }

  /** Drops the rows written so far: nothing is published. */
  void abort() throws IOException {
    try {
      writer.close();
    } finally {
      fs.delete(temp, false);
    }
  }

  /** {@code replace}: whether creating the file may replace one (in place, direct writes). */
  private static OutputFile outputFile(FileSystem fs, Path path, boolean replace) {
    return new OutputFile() {
      @Override
      public PositionOutputStream create(long blockSizeHint) throws IOException {
        return HadoopStreams.wrap(HadoopFiles.create(fs, path, replace));
      }

      @Override
      public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return HadoopStreams.wrap(HadoopFiles.create(fs, path, true));
      }

      @Override
      public boolean supportsBlockSize() {
        return false;
      }

      @Override
      public long defaultBlockSize() {
        return 0;
      }
    };
  }

  /** One photo's line of the report. */
  record ReportRow(String path, String output, String status, String error, Integer width,
      Integer height, long millis) {}
}
