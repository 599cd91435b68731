package io.github.colorize.spark;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/** Reading and atomically writing whole files through Hadoop's FileSystem API. */
final class HadoopFiles {

  private HadoopFiles() {}

  /**
   * The file system of {@code path}; for {@code file:} the raw one, so that outputs do not get
   * hidden {@code .crc} files beside them.
   */
  static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  static byte[] read(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return in.readAllBytes();
    }
  }

  /**
   * Writes {@code bytes} to {@code target}, replacing it, so that readers (and a rerun after a
   * crash) never see half a file: with {@link WriteMode#RENAME} into a hidden temporary file in
   * the same folder, then renamed; with {@link WriteMode#DIRECT} in place (for object stores,
   * where an object appears only once its upload completes).
   *
   * @param mode {@link WriteMode#RENAME} or {@link WriteMode#DIRECT} (resolved)
   * @throws IOException if writing or renaming fails; the temporary (or, direct, the partial)
   *     file is removed
   */
  static void write(FileSystem fs, Path target, byte[] bytes, WriteMode mode)
      throws IOException {
    mkdirs(fs, target.getParent());
    Path written = mode == WriteMode.DIRECT ? target : tempFor(target);
    boolean done = false;
    try {
      try (FSDataOutputStream out = create(fs, written, mode == WriteMode.DIRECT)) {
        out.write(bytes);
      }
      if (mode != WriteMode.DIRECT) {
        publish(fs, written, target, true);
      }
      done = true;
    } finally {
      if (!done) {
        fs.delete(written, false);
      }
    }
  }

  /**
   * Creates folder {@code dir} and its parents where missing, like {@link FileSystem#mkdirs};
   * on the local file system with {@code java.nio}, for the reason given at {@link #create}.
   *
   * @throws IOException if it cannot be created, e.g. because a file has its name
   */
  static void mkdirs(FileSystem fs, Path dir) throws IOException {
    if (fs instanceof RawLocalFileSystem local) {
      Files.createDirectories(local.pathToFile(dir).toPath());
    } else if (!fs.mkdirs(dir)) {
      throw new IOException("cannot create folder " + dir);
    }
  }

  /**
   * Creates {@code path} for writing (its folder must exist), like {@link FileSystem#create(Path,
   * boolean)}. On the local file system the file is opened with {@code java.nio}: Hadoop's raw
   * local file system sets each new file's mode by starting a {@code chmod} process when its
   * native library is absent (as in the job jar): about 13 ms of CPU per photo, as much as the
   * job's whole colorizing of a small photo. The mode is then the process umask's ({@code 0644} under the usual {@code 022}),
   * which is what Hadoop's chmod sets from its default {@code fs.permissions.umask-mode}.
   *
   * @param overwrite whether an existing file is replaced; if not, an existing file is an error
   */
  static FSDataOutputStream create(FileSystem fs, Path path, boolean overwrite)
      throws IOException {
    if (fs instanceof RawLocalFileSystem local) {
      OpenOption[] options = overwrite
          ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE}
          : new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
      // Buffered as Hadoop's own local streams are: the report's Parquet writes are small.
      return new FSDataOutputStream(new BufferedOutputStream(
          Files.newOutputStream(local.pathToFile(path).toPath(), options), 64 * 1024), null);
    }
    return fs.create(path, overwrite);
  }

  /** A hidden temporary name beside {@code target}: a leading dot hides it from readers. */
  static Path tempFor(Path target) {
    return new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID()
        + ".tmp");
  }

  /**
   * Renames {@code temp} to {@code target}.
   *
   * @return false if {@code target} exists, {@code overwrite} is off and the file system refused
   *     to replace it
   */
  static boolean publish(FileSystem fs, Path temp, Path target, boolean overwrite)
      throws IOException {
    // POSIX and object stores replace the target; HDFS refuses and returns false.
    if (fs.rename(temp, target)) {
      return true;
    }
    if (!overwrite) {
      return false;
    }
    FileContext.getFileContext(fs.getUri(), fs.getConf())
        .rename(temp, target, Options.Rename.OVERWRITE);
    return true;
  }
}
