package io.github.colorize.cli;

import java.nio.file.Path;

/**
 * One image to colorize and where its result goes; or, when {@code problem} is set, an input
 * that failed before any work (missing, unreadable) and is reported as one failed item.
 *
 * @param input the image file
 * @param output the result file (null for a failed input)
 * @param problem why the input cannot be done, or null
 */
record Job(Path input, Path output, String problem) {

  /** A job to do. */
  static Job of(Path input, Path output) {
    return new Job(input, output, null);
  }

  /** An input that fails as it is. */
  static Job failed(Path input, String problem) {
    return new Job(input, null, problem);
  }
}
