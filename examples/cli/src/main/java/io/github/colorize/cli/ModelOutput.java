package io.github.colorize.cli;

import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The model file a command writes ({@code -o FILE}, {@code --force}), shared by import-torch,
 * import-caffe, export and quantize: checked before any work, so a mistake costs nothing, and
 * written atomically (a temporary file beside it, renamed into place), so a failed or interrupted
 * run leaves nothing under the name and an existing file as it was. Also the closing "colorize
 * with it" line of every command that makes a model (these and {@code models pull|import}).
 */
final class ModelOutput {

  private final Path path;

  private ModelOutput(Path path) {
    this.path = path;
  }

  /**
   * The output of {@code -o path [--force]}, checked: the {@link ErrorHandler} turns the exceptions
   * into one line naming the file.
   *
   * @throws FileAlreadyExistsException if it exists and {@code force} is not set ("PATH exists
   *     (pass --force to replace it)")
   * @throws IOException if it cannot be written: it is a folder, a file stands where a folder
   *     must be, or its folder is not writable (as {@link OutputPath#problem}; missing folders
   *     are created)
   */
  static ModelOutput checked(Path path, boolean force) throws IOException {
    if (Files.exists(path) && !force) {
      throw new FileAlreadyExistsException(path.toString());
    }
    String problem = OutputPath.problem(path, true);
    if (problem != null) {
      throw new IOException(problem);
    }
    return new ModelOutput(path);
  }

  /** Writes the model (creating missing folders) and returns its size in bytes. */
  long write(ModelFile model) throws IOException {
    ModelWriter.write(path, model);
    return Files.size(path);
  }

  /** The line that ends a command which made a model: how to colorize with it. */
  static void printHowToUse(PrintWriter out, String model) {
    out.printf(Locale.ROOT, "colorize with it: colorize PHOTO --model %s%n", model);
  }
}
