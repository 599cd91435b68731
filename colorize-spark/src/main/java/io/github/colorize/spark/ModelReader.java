package io.github.colorize.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads a model file through Hadoop's FileSystem API ({@code file:}, {@code hdfs:}, {@code s3a:}). */
final class ModelReader {

  /** Reads in this JVM, for the tests that check the model is read once per executor. */
  private static final AtomicInteger READS = new AtomicInteger();

  private ModelReader() {}

  /**
   * The model's bytes.
   *
   * @throws IOException naming the URI if it does not exist, is a folder, or cannot be read
   */
  static byte[] read(String uri, Configuration conf) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(conf);
    FileStatus status;
    try {
      status = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("model " + uri + " does not exist");
    }
    if (status.isDirectory()) {
      throw new IOException("model " + uri + " is a folder, expected an .onnx file");
    }
    READS.incrementAndGet();
    try (InputStream in = fs.open(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IOException("cannot read model " + uri + ": " + e.getMessage(), e);
    }
  }

  static int reads() {
    return READS.get();
  }
}
