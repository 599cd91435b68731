package io.github.colorize.spark;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One walk of the output folder on the driver: the outputs that exist (so that the job tells the
 * outputs of earlier runs, {@code skipped}, from those its own retried tasks wrote, {@code
 * done}), and the removal of temporary files that a killed task or driver left behind.
 */
final class OutputScan {

  private static final Logger LOG = LoggerFactory.getLogger(OutputScan.class);

  /** {@link HadoopFiles#tempFor}'s names: {@code .NAME.UUID.tmp}. */
  private static final Pattern TEMP = Pattern.compile(
      "\\..+\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.tmp");

  private OutputScan() {}

  /** What one walk found. */
  record Result(Set<String> outputs, int tempsRemoved) {}

  /**
   * Walks {@code folder}: the relative paths of its visible files (hidden {@code .} and
   * {@code _} names excluded), after removing every temporary file of this job's naming (in
   * hidden folders such as the reports too).
   */
  static Result scan(FileSystem fs, Path folder) throws IOException {
    Set<String> outputs = new HashSet<>();
    int removed = 0;
    String root = folder.toUri().getPath();
    Deque<Path> folders = new ArrayDeque<>(List.of(folder));
    while (!folders.isEmpty()) {
      for (FileStatus status : fs.listStatus(folders.pop())) {
        Path path = status.getPath();
        String name = path.getName();
        if (status.isDirectory()) {
          folders.push(path);
        } else if (TEMP.matcher(name).matches()) {
          if (fs.delete(path, false)) {
            removed++;
          }
        } else if (!name.startsWith(".") && !name.startsWith("_")) {
          String relative = path.toUri().getPath().substring(root.length() + 1);
          if (!relative.startsWith("_") && !relative.contains("/_") && !relative.startsWith(".")
              && !relative.contains("/.")) {
            outputs.add(relative);
          }
        }
      }
    }
    if (removed > 0) {
      LOG.info("removed {} temporary file(s) left under {}", removed, folder);
    }
    return new Result(outputs, removed);
  }
}
