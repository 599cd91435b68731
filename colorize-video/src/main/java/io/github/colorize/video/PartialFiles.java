package io.github.colorize.video;

import io.github.colorize.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hidden files a video job writes beside its output ({@code .NAME.RANDOM.colorize-part}, as
 * {@link AtomicFiles} names them, so its stale-file sweep knows them too). A JVM shutdown hook
 * deletes those still open, so that Ctrl-C leaves nothing behind.
 */
final class PartialFiles {

  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Path p : OPEN) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException | RuntimeException e) {
          // Exiting: nothing left to tell.
        }
      }
    }, "colorize-video-cleanup"));
  }

  private PartialFiles() {}

  /** A new hidden name beside {@code target}, registered for deletion at exit. */
  static Path beside(Path target, String tag) {
    Path absolute = target.toAbsolutePath();
    Path p = absolute.resolveSibling("." + absolute.getFileName() + "." + tag
        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
        + AtomicFiles.TEMP_SUFFIX);
    OPEN.add(p);
    return p;
  }

  /** Deletes {@code p} if it exists and forgets it. */
  static void delete(Path p) {
    if (p == null) {
      return;
    }
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // A leftover hidden file is swept later (AtomicFiles.removeStale).
    }
    OPEN.remove(p);
  }

  /** Forgets {@code p} (it was renamed to its final name). */
  static void release(Path p) {
    OPEN.remove(p);
  }
}
