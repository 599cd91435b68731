package io.github.colorize.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * A model file and what it looked like when it was read (size, modification time, file key), so
 * that a {@link ModelFile} that leaves its weights on disk notices when the file is changed or
 * replaced under it instead of running other weights than it checked.
 *
 * @param path the file
 * @param size its size in bytes
 * @param modified its modification time
 * @param fileKey what identifies it on its file system (the inode on Linux), or null
 */
record StampedFile(Path path, long size, FileTime modified, Object fileKey) {

  /** Bytes read at a time: a read of a whole 129 MB array would make the JDK cache a direct
   *  buffer of that size for the rest of the process. */
  private static final int CHUNK = 1 << 20;

  /** The file as it is now. */
  static StampedFile of(Path path) throws IOException {
    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
    if (a.isDirectory()) {
      throw new IOException(path + " is a directory, expected a model file (.onnx)");
    }
    return new StampedFile(path, a.size(), a.lastModifiedTime(), a.fileKey());
  }

  /**
   * @throws ModelFormatException naming {@code source} if the file is gone, changed or replaced
   *     since it was stamped
   */
  void checkUnchanged(String source) {
    StampedFile now;
    try {
      now = of(path);
    } catch (IOException e) {
      throw new ModelFormatException(source, "the file cannot be read again (" + e
          + "); it was there when the model was loaded", e);
    }
    if (now.size != size || !now.modified.equals(modified)
        || !Objects.equals(now.fileKey, fileKey)) {
      throw new ModelFormatException(source, "the file changed since the model was loaded ("
          + size + " bytes modified " + modified + ", now " + now.size + " bytes modified "
          + now.modified + "); load it again");
    }
  }

  /**
   * The file's bytes, checked to be the ones stamped.
   *
   * @throws ModelFormatException if the file changed
   * @throws UncheckedIOException if it cannot be read
   */
  byte[] read(String source) {
    checkUnchanged(source);
    byte[] bytes;
    try {
      bytes = readFully(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model file " + source + ": " + e, e);
    }
    checkUnchanged(source);
    if (bytes.length != size) {
      throw new ModelFormatException(source, "the file changed while it was read");
    }
    return bytes;
  }

  /**
   * A whole file read in 1 MB chunks (so the JDK's temporary direct buffer stays 1 MB).
   *
   * @throws IOException if it cannot be read or is 2 GiB or more
   */
  static byte[] readFully(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 8) {
        throw new IOException("model file " + path + " has " + size
            + " bytes; a single ONNX protobuf is limited to 2 GiB");
      }
      byte[] bytes = new byte[(int) size];
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.position() < bytes.length) {
        buffer.limit(Math.min(buffer.capacity(), buffer.position() + CHUNK));
        if (channel.read(buffer) < 0) {
          throw new IOException("model file " + path + " ended after " + buffer.position()
              + " of " + size + " bytes while it was read");
        }
      }
      return bytes;
    }
  }
}
