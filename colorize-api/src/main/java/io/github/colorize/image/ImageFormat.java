package io.github.colorize.image;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The formats {@link ImageEncoder} writes, each chosen by a file name's extension. */
public enum ImageFormat {
  /** JPEG ({@code .jpg}, {@code .jpeg}): lossy, no alpha. */
  JPEG("jpeg", false, "jpg", "jpeg"),
  /** PNG ({@code .png}): lossless, alpha kept. */
  PNG("png", true, "png"),
  /** BMP ({@code .bmp}): uncompressed, no alpha. */
  BMP("bmp", false, "bmp"),
  /** TIFF ({@code .tif}, {@code .tiff}): lossless (Deflate or LZW), alpha kept. */
  TIFF("tiff", true, "tif", "tiff");

  private final String imageIoName;
  private final boolean alpha;
  private final List<String> extensions;

  ImageFormat(String imageIoName, boolean alpha, String... extensions) {
    this.imageIoName = imageIoName;
    this.alpha = alpha;
    this.extensions = List.of(extensions);
  }

  /** The ImageIO format name. */
  public String imageIoName() {
    return imageIoName;
  }

  /** Whether the format keeps an alpha channel. */
  public boolean supportsAlpha() {
    return alpha;
  }

  /** Whether the format stores 16 bits per sample (PNG and TIFF; JPEG and BMP have 8). */
  public boolean supportsSixteenBits() {
    return this == PNG || this == TIFF;
  }

  /** The file extensions, lower case, without the dot; the first is the usual one. */
  public List<String> extensions() {
    return extensions;
  }

  /**
   * The format named by {@code file}'s extension, case-insensitive.
   *
   * @throws IllegalArgumentException if the extension is missing or none of
   *     jpg, jpeg, png, bmp, tif, tiff
   */
  public static ImageFormat fromPath(Path file) {
    checkNotNull(file, "file");
    Path name = file.getFileName();
    checkArgument(name != null, "%s has no file name to take an image format from", file);
    String text = name.toString();
    int dot = text.lastIndexOf('.');
    checkArgument(dot > 0 && dot < text.length() - 1,
        "%s has no extension; expected one of %s", file, allExtensions());
    String ext = text.substring(dot + 1).toLowerCase(Locale.ROOT);
    for (ImageFormat format : values()) {
      if (format.extensions.contains(ext)) {
        return format;
      }
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT,
        "%s: cannot write images with extension '.%s'; expected one of %s", file, ext,
        allExtensions()));
  }

  private static String allExtensions() {
    StringBuilder text = new StringBuilder();
    for (ImageFormat format : values()) {
      for (String ext : format.extensions) {
        text.append(text.length() == 0 ? "" : ", ").append('.').append(ext);
      }
    }
    return text.toString();
  }
}
