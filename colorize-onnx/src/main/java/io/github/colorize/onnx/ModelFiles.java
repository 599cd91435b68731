package io.github.colorize.onnx;

import io.github.colorize.model.ModelFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;

/** Finds the file on disk that still holds a model's exact bytes, for ONNX Runtime to read. */
final class ModelFiles {

  private ModelFiles() {}

  /**
   * The file {@link ModelFile#source()} names if it holds exactly {@link ModelFile#bytes()}
   * (compared in small chunks, without a second copy), else null: a model read from a stream or
   * a resource, given metadata defaults, or a file changed since it was read.
   */
  static Path unchangedFile(ModelFile model) {
    if (!model.weightsLoaded()) {
      // A model on disk: its own file, checked by its stamp (reading it here would load it).
      return model.file().orElse(null);
    }
    Path path;
    try {
      path = Path.of(model.source());
    } catch (InvalidPathException e) {
      return null;
    }
    byte[] bytes = model.bytes();
    try {
      if (!Files.isRegularFile(path) || Files.size(path) != bytes.length) {
        return null;
      }
      byte[] chunk = new byte[1 << 16];
      int at = 0;
      try (InputStream in = Files.newInputStream(path)) {
        int n;
        while ((n = in.readNBytes(chunk, 0, chunk.length)) > 0) {
          if (at + n > bytes.length
              || !Arrays.equals(chunk, 0, n, bytes, at, at + n)) {
            return null;
          }
          at += n;
        }
      }
      return at == bytes.length ? path : null;
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
