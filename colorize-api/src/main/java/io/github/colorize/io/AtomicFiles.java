package io.github.colorize.io;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files so that a reader, or a crash, never sees half of one: the content goes to a
 * hidden temporary file in the target's folder ({@code .NAME.RANDOM}{@value #TEMP_SUFFIX}), is
 * forced to disk, and is then renamed to the target in one step. The temporary file is removed if anything fails, leaving an existing
 * target untouched. Every file colorize writes (images, model files, priors, checkpoints, plots)
 * goes through here.
 * A process killed mid-write leaves its temporary file; the next write into that folder removes
 * such files once they are {@linkplain #STALE_AFTER a minute} old ({@link #removeStale}).
 */
public final class AtomicFiles {

  private static final Logger log = LoggerFactory.getLogger(AtomicFiles.class);

  /**
   * The end of every temporary file's name ({@code .NAME.RANDOM.colorize-part}): a run killed
   * during a write leaves one behind, and the name says whose it is.
   */
  public static final String TEMP_SUFFIX = ".colorize-part";

  /** Temporary files at least this old belong to no live writer: a write takes seconds. */
  public static final Duration STALE_AFTER = Duration.ofMinutes(1);

  /** Folders swept of stale temporary files by this JVM (once each). */
  private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

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
    Path folder = absolute.getParent();
    if (folder != null && SWEPT.add(folder)) {
      removeStale(folder, STALE_AFTER);
    }
    if (!replace && Files.exists(absolute)) {
      throw new FileAlreadyExistsException(absolute.toString(), null, "the file exists");
    }
    // Not Files.createTempFile: it makes the file owner-only (0600), and the rename would hand
    // those permissions to the user's photo. A plain new file gets the umask's, as with cp.
    Path temp;
    FileChannel opened;
    do {
      temp = absolute.resolveSibling("." + absolute.getFileName() + "."
          + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + TEMP_SUFFIX);
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

  /**
   * Deletes the temporary files that killed writers left in {@code folder}: only files named as
   * this class names them ({@code .NAME.RANDOM}{@value #TEMP_SUFFIX}), and only those last
   * modified at least {@code olderThan} ago, so a live writer's file is never touched. The first
   * write into a folder in a JVM does this by itself; failures are logged, never thrown.
   *
   * @return how many files were deleted
   */
  public static int removeStale(Path folder, Duration olderThan) {
    checkNotNull(folder, "folder");
    checkNotNull(olderThan, "olderThan");
    Instant cutoff = Instant.now().minus(olderThan);
    int removed = 0;
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, ".*" + TEMP_SUFFIX)) {
      for (Path temp : temps) {
        if (isOwnTempName(temp.getFileName().toString()) && Files.isRegularFile(temp)
            && Files.getLastModifiedTime(temp).toInstant().isBefore(cutoff)
            && Files.deleteIfExists(temp)) {
          removed++;
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("cannot sweep {} of stale temporary files: {}", folder, e.toString());
    }
    if (removed > 0) {
      log.info("removed {} stale temporary file(s) of an interrupted run from {}", removed,
          folder);
    }
    return removed;
  }

  /** {@code .NAME.RANDOM.colorize-part}, RANDOM in base 36. */
  static boolean isOwnTempName(String name) {
    if (!name.startsWith(".") || !name.endsWith(TEMP_SUFFIX)) {
      return false;
    }
    String rest = name.substring(1, name.length() - TEMP_SUFFIX.length());
    int dot = rest.lastIndexOf('.');
    return dot > 0 && dot < rest.length() - 1 && dot >= rest.length() - 14
        && rest.substring(dot + 1).chars().allMatch(c -> c >= '0' && c <= '9'
            || c >= 'a' && c <= 'z');
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
