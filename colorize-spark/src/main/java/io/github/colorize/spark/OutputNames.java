package io.github.colorize.spark;

import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.ImageFormat;
import java.util.Locale;

/** Which files are photos, and the name and format each one's output gets. */
final class OutputNames {

  private OutputNames() {}

  /** Whether the file name (or the last part of a path) is a photo's, by its extension. */
  static boolean isImage(String name) {
    return ImageDecoder.isPhotoName(name.substring(name.lastIndexOf('/') + 1));
  }

  /**
   * The output format: {@code chosen} if not null, else the input's own where it can be written,
   * else PNG (gif).
   */
  static ImageFormat format(String inputName, ImageFormat chosen) {
    if (chosen != null) {
      return chosen;
    }
    String ext = extension(inputName);
    for (ImageFormat format : ImageFormat.values()) {
      if (format.extensions().contains(ext)) {
        return format;
      }
    }
    return ImageFormat.PNG;
  }

  /**
   * The output's name (or relative path) for an input's: the same, with the extension of the
   * chosen format when it differs from the input's.
   */
  static String outputName(String inputName, ImageFormat chosen) {
    ImageFormat format = format(inputName, chosen);
    String ext = extension(inputName);
    if (format.extensions().contains(ext)) {
      return inputName;
    }
    int slash = inputName.lastIndexOf('/');
    int dot = inputName.lastIndexOf('.');
    String stem = dot > slash + 1 ? inputName.substring(0, dot) : inputName;
    return stem + "." + format.extensions().get(0);
  }

  static String extension(String name) {
    int slash = name.lastIndexOf('/');
    int dot = name.lastIndexOf('.');
    return dot <= slash + 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
