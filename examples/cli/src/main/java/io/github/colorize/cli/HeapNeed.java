package io.github.colorize.cli;

import java.awt.image.SampleModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * How much heap colorizing one photo takes, from its header alone: what to tell a user whose
 * photo did not fit, instead of an {@link OutOfMemoryError}'s stack trace.
 *
 * <p>The decoded photo is 4 bytes a pixel; while decoding, the reader's own raster (its bytes per
 * pixel) exists beside it; 16-bit photos add 12 bytes a pixel of float planes; a side-by-side
 * picture adds its panels and the separate result (4 bytes a pixel each). On top: the model, the
 * network's work and the strips, a fixed {@value #FIXED_MB} MB.
 */
final class HeapNeed {

  /** Heap that does not grow with the photo: model, network, strips, the JVM's own. */
  static final long FIXED_MB = 96;

  private HeapNeed() {}

  /** The photo's size and an estimate of the heap it needs. */
  record Estimate(int width, int height, long bytes) {
    /** The estimate rounded up to whole megabytes. */
    long megabytes() {
      return (bytes + (1 << 20) - 1) >> 20;
    }
  }

  /** The estimate for {@code file}, or null when its header cannot be read. */
  static Estimate of(Path file, boolean sideBySide) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        long pixels = (long) w * h;
        int sourceBytes = 3;
        boolean deep = false;
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        if (raw != null) {
          SampleModel model = raw.getSampleModel();
          int bits = 0;
          for (int size : model.getSampleSize()) {
            bits += size;
            deep |= size > 8;
          }
          sourceBytes = Math.max(1, bits / 8);
        }
        long perPixel = 4 + sourceBytes + (deep ? 12 : 0) + (sideBySide ? 4 * 4 : 0);
        return new Estimate(w, h, pixels * perPixel + (FIXED_MB << 20));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The one line for a photo that ran out of heap. */
  static String message(Path file, boolean sideBySide) {
    long maxMb = Runtime.getRuntime().maxMemory() >> 20;
    Estimate estimate = of(file, sideBySide);
    if (estimate == null) {
      return String.format(Locale.ROOT, "not enough memory: the JVM's heap of %d MB is too"
          + " small for this photo; run java with a larger -Xmx", maxMb);
    }
    long needMb = estimate.megabytes();
    long suggestMb = Math.max(needMb, maxMb + 1);
    return String.format(Locale.ROOT, "not enough memory: a %dx%d photo (%.0f MP) needs about"
        + " %d MB of heap%s, the JVM has %d MB; run java with -Xmx%s or more",
        estimate.width(), estimate.height(), estimate.width() * (double) estimate.height() / 1e6,
        needMb, sideBySide ? " with --side-by-side" : "", maxMb, flag(suggestMb));
  }

  /** A -Xmx value at least {@code mb}: whole gigabytes above 1 GB, else megabytes. */
  private static String flag(long mb) {
    return mb > 1024 ? ((mb + 1023) / 1024) + "g" : ((mb + 63) / 64 * 64) + "m";
  }
}
