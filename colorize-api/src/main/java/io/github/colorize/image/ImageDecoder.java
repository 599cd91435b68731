package io.github.colorize.image;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.image.ImageReadException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads photos into {@link Photo}s with ImageIO and the TwelveMonkeys plugins: JPEG (baseline,
 * progressive, gray, CMYK and YCCK with or without an ICC profile), PNG (gray, RGB, 8 and 16
 * bits, palette, alpha), GIF (first frame), BMP and TIFF (first page, 8 or 16 bits). The EXIF
 * orientation of JPEG, PNG and TIFF files is applied by default, so the photo comes out upright.
 *
 * <p>Every failure is an {@link ImageReadException} whose message names the file and what went
 * wrong (no such file, not an image, an unsupported format such as WebP, truncated data, too many
 * pixels); a decode never returns null. Truncated files fail even where a reader would only warn
 * and return a partly gray image.
 *
 * <p>Immutable and thread-safe.
 */
public final class ImageDecoder {

  private static final Logger log = LoggerFactory.getLogger(ImageDecoder.class);

  /** Default pixel limit (100 MP, 400 MB as ARGB): a guard against decompression bombs. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  /**
   * File extensions that folder scans take as photos (lower case, without the dot, sorted): those
   * {@link ImageFormat} writes, and gif, which is read only.
   */
  public static final SortedSet<String> PHOTO_EXTENSIONS = photoExtensions();

  /** Formats whose files may carry an EXIF orientation (ImageIO format names, lower case). */
  private static final Set<String> EXIF_FORMATS = Set.of("jpeg", "jpg", "png", "tif", "tiff");

  /** Reader warnings that mean the data ended early: the image is then partly blank. */
  private static final List<String> TRUNCATION_WORDS =
      List.of("premature end", "unexpected end", "truncat", "end of file", "end of stream");

  private static final ImageDecoder DEFAULTS = builder().build();

  private final boolean applyExifOrientation;
  private final long maxPixels;

  private ImageDecoder(Builder b) {
    this.applyExifOrientation = b.applyExifOrientation;
    this.maxPixels = b.maxPixels;
  }

  private static SortedSet<String> photoExtensions() {
    SortedSet<String> all = new TreeSet<>(List.of("gif"));
    for (ImageFormat format : ImageFormat.values()) {
      all.addAll(format.extensions());
    }
    return Collections.unmodifiableSortedSet(all);
  }

  /**
   * Whether a file name ends in one of {@link #PHOTO_EXTENSIONS} (case-insensitive) after a
   * non-empty stem.
   */
  public static boolean isPhotoName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0
        && PHOTO_EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** EXIF orientation applied, at most {@link #DEFAULT_MAX_PIXELS} pixels. */
  public static ImageDecoder defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the image file {@code file}.
   *
   * @throws ImageReadException if the file is missing or unreadable, is no image, is in a format
   *     no installed plugin reads, is truncated or corrupt, or has too many pixels
   */
  public Photo decode(Path file) throws ImageReadException {
    checkNotNull(file, "file");
    String source = file.toString();
    if (Files.isDirectory(file)) {
      throw new ImageReadException(source, Reason.NOT_FOUND, "is a directory, not an image file",
          null);
    }
    if (!Files.exists(file)) {
      throw new ImageReadException(source, Reason.NOT_FOUND, "no such file", null);
    }
    if (!Files.isReadable(file)) {
      throw new ImageReadException(source, Reason.IO_ERROR, "the file is not readable", null);
    }
    long start = System.nanoTime();
    Decoded decoded;
    try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
      decoded = read(in, source);
    } catch (ImageReadException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageReadException(source, Reason.IO_ERROR, e.toString(), e);
    }
    ExifOrientation orientation = applyExifOrientation && decoded.carriesExif()
        ? OrientationReader.read(file)
        : ExifOrientation.TOP_LEFT;
    return finish(decoded, orientation, source, start);
  }

  /**
   * Reads an image from {@code in} (read to its end, not closed).
   *
   * @param name names the image in messages and in {@link Photo#source()}
   * @throws ImageReadException as {@link #decode(Path)}, and if reading the stream fails
   */
  public Photo decode(InputStream in, String name) throws ImageReadException {
    checkNotNull(in, "in");
    checkNotNull(name, "name");
    byte[] bytes;
    try {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ImageReadException(name, Reason.IO_ERROR, e.toString(), e);
    }
    return decode(bytes, name);
  }

  /**
   * Reads an image held in {@code bytes}.
   *
   * @param name names the image in messages and in {@link Photo#source()}
   * @throws ImageReadException as {@link #decode(Path)}
   */
  public Photo decode(byte[] bytes, String name) throws ImageReadException {
    checkNotNull(bytes, "bytes");
    checkNotNull(name, "name");
    long start = System.nanoTime();
    Decoded decoded;
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      decoded = read(in, name);
    } catch (ImageReadException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageReadException(name, Reason.IO_ERROR, e.toString(), e);
    }
    ExifOrientation orientation = applyExifOrientation && decoded.carriesExif()
        ? OrientationReader.read(bytes, name)
        : ExifOrientation.TOP_LEFT;
    return finish(decoded, orientation, name, start);
  }

  private Photo finish(Decoded decoded, ExifOrientation orientation, String source, long start)
      throws ImageReadException {
    Photo photo;
    try {
      photo = RasterConverter.convert(decoded.image(), source).oriented(orientation);
    } catch (IllegalArgumentException e) {
      throw new ImageReadException(source, Reason.TOO_LARGE, e.getMessage(), e);
    }
    if (log.isDebugEnabled()) {
      log.debug("decoded {} ({}, orientation {}) in {} ms", photo, decoded.format(),
          orientation.tag(), (System.nanoTime() - start) / 1_000_000);
    }
    return photo;
  }

  /** The first image in {@code in}, decoded by the preferred reader for its format. */
  private Decoded read(ImageInputStream in, String source) throws IOException {
    byte[] head = new byte[FormatSniffer.PREFIX];
    in.mark();
    int headLength = Math.max(0, in.read(head));
    in.reset();
    if (headLength == 0) {
      throw new ImageReadException(source, Reason.CORRUPT, "it is empty (0 bytes)", null);
    }
    ImageReader reader = preferredReader(in);
    if (reader == null) {
      throw unsupported(source, head, headLength);
    }
    String format = reader.getFormatName().toLowerCase(Locale.ROOT);
    // Readers repeat some warnings (once per pass over the header): keep each once.
    Set<String> warnings = new LinkedHashSet<>();
    try {
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener(collector(warnings));
      long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
      if (pixels > maxPixels) {
        throw new ImageReadException(source, Reason.TOO_LARGE, String.format(Locale.ROOT,
            "%dx%d is %d pixels, more than the limit of %d", reader.getWidth(0),
            reader.getHeight(0), pixels, maxPixels), null);
      }
      BufferedImage image = reader.read(0);
      if (image == null) {
        throw new ImageReadException(source, Reason.CORRUPT,
            "the " + format + " reader returned no image", null);
      }
      for (String warning : warnings) {
        String lower = warning.toLowerCase(Locale.ROOT);
        if (TRUNCATION_WORDS.stream().anyMatch(lower::contains)) {
          throw new ImageReadException(source, Reason.CORRUPT,
              "truncated " + format + " data (" + warning + ")", null);
        }
        // Mostly benign notes (a profile class fixed up, extra bytes between markers).
        log.info("{}: {} reader: {}", source, format, warning);
      }
      return new Decoded(image, format);
    } catch (ImageReadException e) {
      throw e;
    } catch (IIOException e) {
      String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      Reason reason = message.contains("unsupported") ? Reason.UNSUPPORTED_FORMAT : Reason.CORRUPT;
      throw new ImageReadException(source, reason,
          "invalid " + format + " data: " + causeChain(e), e);
    } catch (IOException | RuntimeException e) {
      // EOFException for truncated data; readers also throw unchecked exceptions on bad input.
      throw new ImageReadException(source, Reason.CORRUPT,
          "invalid " + format + " data: " + causeChain(e), e);
    } finally {
      reader.dispose();
    }
  }

  /** TwelveMonkeys' reader when there is one: the JDK's decodes CMYK JPEGs to wrong colors. */
  private static ImageReader preferredReader(ImageInputStream in) {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    ImageReader first = null;
    while (readers.hasNext()) {
      ImageReader reader = readers.next();
      if (reader.getClass().getName().startsWith("com.twelvemonkeys.")) {
        if (first != null) {
          first.dispose();
        }
        return reader;
      }
      if (first == null) {
        first = reader;
      } else {
        reader.dispose();
      }
    }
    return first;
  }

  private static ImageReadException unsupported(String source, byte[] head, int length) {
    String known = FormatSniffer.name(head, length);
    StringBuilder firstBytes = new StringBuilder();
    for (int i = 0; i < Math.min(length, 8); i++) {
      firstBytes.append(String.format(Locale.ROOT, "%02x", head[i] & 0xff));
    }
    String what = known != null
        ? "its format, " + known + ", is not supported"
        : "not an image in a readable format (first bytes " + firstBytes + ")";
    return new ImageReadException(source, Reason.UNSUPPORTED_FORMAT,
        what + "; readable formats: " + readableFormats(), null);
  }

  private static String readableFormats() {
    Set<String> names = new TreeSet<>();
    for (String name : ImageIO.getReaderFormatNames()) {
      names.add(name.toLowerCase(Locale.ROOT));
    }
    return String.join(", ", names);
  }

  private static String causeChain(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e));
    for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
      text.append(" <- ").append(c);
    }
    return text.toString();
  }

  private static IIOReadWarningListener collector(Set<String> warnings) {
    return (reader, warning) -> warnings.add(warning);
  }

  private record Decoded(BufferedImage image, String format) {
    boolean carriesExif() {
      return EXIF_FORMATS.contains(format);
    }
  }

  /** Options of an {@link ImageDecoder}. */
  public static final class Builder {
    private boolean applyExifOrientation = true;
    private long maxPixels = DEFAULT_MAX_PIXELS;

    private Builder() {}

    /** Whether to turn photos upright by their EXIF orientation (default true). */
    public Builder applyExifOrientation(boolean apply) {
      this.applyExifOrientation = apply;
      return this;
    }

    /**
     * Images with more pixels fail with {@link Reason#TOO_LARGE} before their pixels are decoded
     * (default {@link ImageDecoder#DEFAULT_MAX_PIXELS}).
     *
     * @throws IllegalArgumentException unless {@code 1 <= maxPixels <= } the array limit (about
     *     715 million)
     */
    public Builder maxPixels(long maxPixels) {
      checkArgument(maxPixels >= 1 && maxPixels <= RasterConverter.MAX_PIXELS,
          "maxPixels %s, expected 1..%s", maxPixels, RasterConverter.MAX_PIXELS);
      this.maxPixels = maxPixels;
      return this;
    }

    /** The decoder. */
    public ImageDecoder build() {
      return new ImageDecoder(this);
    }
  }

  @Override
  public String toString() {
    return "ImageDecoder[applyExifOrientation=" + applyExifOrientation + ", maxPixels="
        + maxPixels + "]";
  }
}
