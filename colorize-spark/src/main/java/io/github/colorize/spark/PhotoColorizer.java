package io.github.colorize.spark;

import io.github.colorize.Colorizer;
import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.ImageEncoder;
import io.github.colorize.image.ImageFormat;
import io.github.colorize.image.Photo;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Colorizes one encoded photo into encoded bytes, exactly as {@link
 * Colorizer#colorize(java.nio.file.Path, java.nio.file.Path, java.nio.file.CopyOption...)} does
 * for files: same decoder (EXIF orientation applied), same pixels, same encoder settings, so a
 * photo colorized on Spark is byte for byte the one colorized on one machine.
 */
final class PhotoColorizer {

  private static final ImageDecoder DECODER = ImageDecoder.defaults();
  private static final ImageEncoder ENCODER = ImageEncoder.defaults();

  private PhotoColorizer() {}

  /** An encoded colorized photo and the size of the photo. */
  record Colorized(byte[] bytes, int width, int height) {}

  /**
   * Decodes, colorizes and encodes {@code content}.
   *
   * @param name names the photo in error messages
   * @throws io.github.colorize.image.ImageReadException if {@code content} is not a readable image
   * @throws IOException if encoding fails
   */
  static Colorized colorize(Colorizer colorizer, String name, byte[] content, ImageFormat format)
      throws IOException {
    Photo photo = DECODER.decode(content, name);
    BufferedImage color = colorizer.colorize(photo);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, content.length * 2));
    ENCODER.encode(color, format, out);
    return new Colorized(out.toByteArray(), photo.width(), photo.height());
  }

  /** The message of a photo's failure: the exception's message, else its type and cause. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName()
          + (e.getCause() != null ? ": " + describe(e.getCause()) : "");
    }
    return message;
  }
}
