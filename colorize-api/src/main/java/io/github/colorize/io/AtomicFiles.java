package io.github.colorize.io;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader, or a crash, never sees half of one: the content goes to a
 * hidden temporary file in the target's folder, is forced to disk, and is then renamed to the
 * target in one step. The temporary file is removed if anything fails, leaving an existing
 * target untouched. Every file colorize writes (images, model files, priors, checkpoints, plots)
 * goes through here.
 */
public final class AtomicFiles {

  /** Writes a file's content. */
  @FunctionalInterface
  public interface Content {
    /** Writes everything to {@code out} (buffered; closing it is not needed). */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes {@code target}, replacing it if it exists. The folder must exist.
   *
   * @throws java.nio.file.NoSuchFileException if the folder does not exist
   * @throws IOException if writing fails (the target is then unchanged)
   */
  public static void write(Path target, Content content) throws IOException {
    write(target, content, true);
  }

  /**
   * Writes {@code target}, which must not exist. Where the file system has hard links, taking the
   * name is itself atomic, so two writers racing for one name cannot both succeed.
   *
   * @throws FileAlreadyExistsException if {@code target} exists
   * @throws IOException if writing fails
   */
  public static void writeNew(Path target, Content content) throws IOException {
    write(target, content, false);
  }

  private static void write(Path target, Content content, boolean replace) throws IOException {
    checkNotNull(target, "target");
    checkNotNull(content, "content");
    Path absolute = target.toAbsolutePath();
    if (!replace && Files.exists(absolute)) {
      throw new FileAlreadyExistsException(absolute.toString(), null, "the file exists");
    }
    // Not Files.createTempFile: it makes the file owner-only (0600), and the rename would hand
    // those permissions to the user's photo. A plain new file gets the umask's, as with cp.
    Path temp;
    FileChannel opened;
    do {
      temp = absolute.resolveSibling("." + absolute.getFileName() + "."
          + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
      opened = createOrNull(temp);
    } while (opened == null);
    try {
      try (FileChannel channel = opened) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        content.writeTo(out);
        out.flush();
        // Forced before the rename, else a crash can leave an empty file under the final name.
        channel.force(false);
      }
      if (replace) {
        moveReplacing(temp, absolute);
      } else {
        moveToFreeName(temp, absolute);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** A new file opened for writing, or null if the name is taken (another writer's temporary). */
  private static FileChannel createOrNull(Path file) throws IOException {
    try {
      return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException taken) {
      return null;
    }
  }

  private static void moveReplacing(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void moveToFreeName(Path temp, Path target) throws IOException {
    try {
      // A hard link takes the name only if it is free, atomically; the temp name is then removed.
      Files.createLink(target, temp);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | IOException e) {
      Files.move(temp, target);
    }
  }
}
