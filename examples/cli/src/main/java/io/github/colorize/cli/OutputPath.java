package io.github.colorize.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What stops a result from being written to a path, as one line naming the path: a folder on
 * the way that is a file, a missing folder (where it may not be created), a folder without write
 * permission, an output that is a folder.
 */
final class OutputPath {

  private OutputPath() {}

  /**
   * The problem with writing {@code output}, or null if there is none (an existing file is not a
   * problem here: --force decides).
   *
   * @param createFolders whether missing folders will be created (--out-dir), or must exist (-o)
   */
  static String problem(Path output, boolean createFolders) {
    Path absolute = output.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      return "cannot write " + output + ": it is a folder";
    }
    Path parent = absolute.getParent();
    Path existing = parent;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return "cannot write " + output + ": none of its folders exists";
    }
    if (!Files.isDirectory(existing)) {
      return "cannot write " + output + ": " + existing + " is a file, not a folder";
    }
    if (!existing.equals(parent) && !createFolders) {
      return "cannot write " + output + ": the folder " + parent + " does not exist";
    }
    if (!Files.isWritable(existing)) {
      return "cannot write " + output + ": no permission to write in the folder " + existing;
    }
    return null;
  }
}
