package io.github.colorize.image;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes images in the {@link ImageFormat} named by the target's extension.
 *
 * <ul>
 *   <li>Atomic: the image goes to a hidden temporary file in the target's directory, is synced,
 *       and then takes the target's name in one step, so no reader ever sees half a file and a
 *       crash leaves the old file (if any) intact.
 *   <li>No overwrite unless {@link Builder#overwrite(boolean)} says so: an existing target fails
 *       with {@link FileAlreadyExistsException}, checked atomically (a hard link, which fails if
 *       the name is taken, where the file system has them).
 *   <li>Alpha: PNG and TIFF keep it. JPEG and BMP have none: a translucent image is composited
 *       over the {@link Builder#background(int) background} (white by default), so transparent
 *       parts turn white instead of showing whatever color they hid.
 *   <li>Depth: PNG and TIFF get the image as it is when a writer takes it (16-bit images
 *       stay 16-bit: for TIFF the JDK's writer, as TwelveMonkeys' fails on 16-bit samples);
 *       otherwise 8-bit sRGB.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class ImageEncoder {

  private static final Logger log = LoggerFactory.getLogger(ImageEncoder.class);

  /** Default JPEG quality, in ImageIO's 0..1 scale. */
  public static final float DEFAULT_JPEG_QUALITY = 0.95f;

  /** Default background for flattening alpha: white. */
  public static final int DEFAULT_BACKGROUND = 0xffffff;

  /** TIFF compressions in order of preference; all lossless. */
  private static final List<String> TIFF_COMPRESSIONS = List.of("Deflate", "ZLib", "LZW");

  private static final ImageEncoder DEFAULTS = builder().build();

  private final float jpegQuality;
  private final boolean overwrite;
  private final int background;

  private ImageEncoder(Builder b) {
    this.jpegQuality = b.jpegQuality;
    this.overwrite = b.overwrite;
    this.background = b.background;
  }

  /** JPEG quality 0.95, no overwrite, white background. */
  public static ImageEncoder defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Writes {@code image} to {@code target} in the format of its extension.
   *
   * @throws IllegalArgumentException if the extension names no supported format
   * @throws FileAlreadyExistsException if {@code target} exists and overwriting is off
   * @throws NoSuchFileException if the target's directory does not exist
   * @throws IOException if encoding or writing fails; the message names the target
   */
  public void write(BufferedImage image, Path target) throws IOException {
    checkNotNull(image, "image");
    checkNotNull(target, "target");
    ImageFormat format = ImageFormat.fromPath(target);
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new NoSuchFileException(String.valueOf(dir), null,
          "the directory to write " + target + " into does not exist");
    }
    if (Files.isDirectory(target)) {
      throw new IOException("cannot write image " + target + ": it is a directory");
    }
    if (!overwrite && Files.exists(target)) {
      throw alreadyExists(target);
    }
    long start = System.nanoTime();
    BufferedImage prepared = prepare(image, format);
    AtomicFiles.Content content = out -> {
      ImageOutputStream stream = new MemoryCacheImageOutputStream(out);
      encodePrepared(prepared, format, stream, target.toString());
      stream.close();
    };
    try {
      if (overwrite) {
        AtomicFiles.write(target, content);
      } else {
        AtomicFiles.writeNew(target, content);
      }
    } catch (FileAlreadyExistsException e) {
      throw alreadyExists(target);
    }
    if (log.isDebugEnabled()) {
      log.debug("wrote {} ({}x{}, {}) in {} ms", target, image.getWidth(), image.getHeight(),
          format, (System.nanoTime() - start) / 1_000_000);
    }
  }

  /**
   * Writes the photo's 8-bit pixels ({@link Photo#argb()}; its alpha where
   * {@link Photo#hasAlpha()}) to {@code target}. Throws as {@link #write(BufferedImage, Path)}.
   */
  public void write(Photo photo, Path target) throws IOException {
    checkNotNull(photo, "photo");
    write(photo.toBufferedImage(), target);
  }

  /**
   * Writes packed {@code 0xAARRGGBB} pixels, row-major (alpha ignored unless {@code hasAlpha}).
   * Throws as {@link #write(BufferedImage, Path)}.
   */
  public void write(int[] argb, int width, int height, boolean hasAlpha, Path target)
      throws IOException {
    write(Photo.ofArgb(width, height, argb, hasAlpha, "pixels"), target);
  }

  /**
   * Encodes {@code image} as {@code format} into {@code out} (flushed, not closed). Not atomic:
   * for files use {@link #write(BufferedImage, Path)}.
   *
   * @throws IOException if encoding or writing fails
   */
  public void encode(BufferedImage image, ImageFormat format, OutputStream out)
      throws IOException {
    checkNotNull(image, "image");
    checkNotNull(format, "format");
    checkNotNull(out, "out");
    ImageOutputStream stream = new MemoryCacheImageOutputStream(out);
    encodePrepared(prepare(image, format), format, stream, "a " + format + " stream");
    // Closing a MemoryCacheImageOutputStream flushes it but leaves `out` open.
    stream.close();
    out.flush();
  }

  /** The image in a form the format's writer takes, alpha flattened where the format has none. */
  private BufferedImage prepare(BufferedImage image, ImageFormat format) {
    boolean alpha = image.getColorModel().hasAlpha();
    if (format.supportsAlpha()) {
      if (!image.isAlphaPremultiplied() && writerFor(format, image) != null) {
        return image;
      }
      return Photo.fromBufferedImage(image).toBufferedImage();
    }
    int type = image.getType();
    if (!alpha && (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_3BYTE_BGR
        || type == BufferedImage.TYPE_BYTE_GRAY) && writerFor(format, image) != null) {
      return image;
    }
    Photo photo = Photo.fromBufferedImage(image);
    int[] rgb = photo.hasAlpha() ? flatten(photo.argb(), background) : photo.argb();
    return new Photo(photo.width(), photo.height(), rgb, null, false, photo.isGray(), 8,
        photo.source()).toBufferedImage();
  }

  /** Composites each pixel over {@code background} (0xRRGGBB) into a new opaque array. */
  static int[] flatten(int[] argb, int background) {
    int br = (background >>> 16) & 0xff;
    int bg = (background >>> 8) & 0xff;
    int bb = background & 0xff;
    int[] out = new int[argb.length];
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i];
      int a = p >>> 24;
      int r = blend((p >>> 16) & 0xff, br, a);
      int g = blend((p >>> 8) & 0xff, bg, a);
      int b = blend(p & 0xff, bb, a);
      out[i] = 0xff000000 | r << 16 | g << 8 | b;
    }
    return out;
  }

  private static int blend(int color, int background, int alpha) {
    return (color * alpha + background * (255 - alpha) + 127) / 255;
  }

  private void encodePrepared(BufferedImage image, ImageFormat format, ImageOutputStream out,
      String target) throws IOException {
    ImageWriter writer = writerFor(format, image);
    if (writer == null) {
      throw new IOException(String.format(Locale.ROOT,
          "cannot write image %s: no ImageIO writer for %s takes a %s image", target, format,
          image.getColorModel()));
    }
    try {
      ImageWriteParam param = writer.getDefaultWriteParam();
      configure(param, format);
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot write image " + target + " as " + format + ": " + e, e);
    } finally {
      writer.dispose();
    }
  }

  private void configure(ImageWriteParam param, ImageFormat format) {
    if (format == ImageFormat.JPEG) {
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(jpegQuality);
    } else if (format == ImageFormat.TIFF && param.canWriteCompressed()) {
      List<String> offered = Arrays.asList(param.getCompressionTypes());
      for (String type : TIFF_COMPRESSIONS) {
        if (offered.contains(type)) {
          param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
          param.setCompressionType(type);
          return;
        }
      }
    }
  }

  /** The first writer for {@code format} that takes {@code image}, or null. */
  private static ImageWriter writerFor(ImageFormat format, BufferedImage image) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format.imageIoName());
    // 16-bit samples: some writers claim them and then fail (TwelveMonkeys' TIFF writer throws
    // "Not implemented for data type: 1"), so such a writer must first write one pixel.
    boolean probe = image.getRaster().getTransferType() == java.awt.image.DataBuffer.TYPE_USHORT;
    while (writers.hasNext()) {
      ImageWriter writer = writers.next();
      if ((writer.getOriginatingProvider() == null
          || writer.getOriginatingProvider().canEncodeImage(image))
          && (!probe || writesOnePixel(writer, image))) {
        return writer;
      }
      writer.dispose();
    }
    return null;
  }

  /** Whether {@code writer} writes a one-pixel image of {@code image}'s color model. */
  private static boolean writesOnePixel(ImageWriter writer, BufferedImage image) {
    java.awt.image.ColorModel model = image.getColorModel();
    BufferedImage pixel = new BufferedImage(model, model.createCompatibleWritableRaster(1, 1),
        model.isAlphaPremultiplied(), null);
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(
        java.io.OutputStream.nullOutputStream())) {
      writer.setOutput(out);
      writer.write(pixel);
      writer.reset();
      return true;
    } catch (IOException | RuntimeException e) {
      log.debug("{} cannot write {}: {}", writer.getClass().getName(), model, e.toString());
      writer.reset();
      return false;
    }
  }

  private static FileAlreadyExistsException alreadyExists(Path target) {
    return new FileAlreadyExistsException(target.toString(), null,
        "the file exists and overwriting is off (ImageEncoder.builder().overwrite(true))");
  }

  /** Options of an {@link ImageEncoder}. */
  public static final class Builder {
    private float jpegQuality = DEFAULT_JPEG_QUALITY;
    private boolean overwrite;
    private int background = DEFAULT_BACKGROUND;

    private Builder() {}

    /**
     * JPEG quality in [0, 1] (default {@value ImageEncoder#DEFAULT_JPEG_QUALITY}).
     *
     * @throws IllegalArgumentException outside [0, 1]
     */
    public Builder jpegQuality(float quality) {
      checkArgument(quality >= 0f && quality <= 1f, "JPEG quality %s, expected 0..1", quality);
      this.jpegQuality = quality;
      return this;
    }

    /** Whether an existing target may be replaced (default false). */
    public Builder overwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /** The color (0xRRGGBB) that alpha is flattened over for JPEG and BMP (default white). */
    public Builder background(int rgb) {
      this.background = rgb & 0xffffff;
      return this;
    }

    /** The encoder. */
    public ImageEncoder build() {
      return new ImageEncoder(this);
    }
  }
}
