package io.github.colorize.image;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The eight values of the EXIF/TIFF {@code Orientation} tag (0x0112): how the stored pixels must
 * be flipped or turned to show the photo upright. The names say where the stored row 0 and
 * column 0 go on display, as the TIFF 6.0 specification names them.
 */
public enum ExifOrientation {
  /** 1: stored upright. */
  TOP_LEFT(1),
  /** 2: mirrored left-right. */
  TOP_RIGHT(2),
  /** 3: turned 180 degrees. */
  BOTTOM_RIGHT(3),
  /** 4: mirrored top-bottom. */
  BOTTOM_LEFT(4),
  /** 5: transposed (mirrored about the main diagonal). */
  LEFT_TOP(5),
  /** 6: must be turned 90 degrees clockwise (a camera held with its grip up). */
  RIGHT_TOP(6),
  /** 7: transversed (mirrored about the anti-diagonal). */
  RIGHT_BOTTOM(7),
  /** 8: must be turned 90 degrees counter-clockwise. */
  LEFT_BOTTOM(8);

  private static final ExifOrientation[] BY_TAG = values();

  private final int tag;

  ExifOrientation(int tag) {
    this.tag = tag;
  }

  /** The tag value, 1 to 8. */
  public int tag() {
    return tag;
  }

  /**
   * The orientation of tag value {@code tag}.
   *
   * @throws IllegalArgumentException unless {@code 1 <= tag <= 8}
   */
  public static ExifOrientation fromTag(int tag) {
    checkArgument(tag >= 1 && tag <= 8, "EXIF orientation %s, expected 1..8", tag);
    return BY_TAG[tag - 1];
  }

  /** Whether showing upright swaps width and height (values 5 to 8). */
  public boolean swapsAxes() {
    return tag >= 5;
  }

  /** The upright size of a stored {@code width x height} image. */
  public ImageSize uprightSize(int width, int height) {
    return swapsAxes() ? new ImageSize(height, width) : new ImageSize(width, height);
  }

  /**
   * The stored row-major {@code width x height} pixels, upright: a new array (or {@code pixels}
   * itself for {@link #TOP_LEFT}).
   */
  public int[] apply(int[] pixels, int width, int height) {
    checkNotNull(pixels, "pixels");
    checkLength(pixels.length, width, height, 1);
    if (this == TOP_LEFT) {
      return pixels;
    }
    int[] out = new int[pixels.length];
    Mapping m = mapping(width, height);
    for (int y = 0; y < height; y++) {
      int from = y * width;
      int to = m.origin + y * m.stepY;
      for (int x = 0; x < width; x++) {
        out[to] = pixels[from + x];
        to += m.stepX;
      }
    }
    return out;
  }

  /**
   * Each of the {@code planes} stored {@code width x height} planes of {@code planar}, upright: a
   * new array (or {@code planar} itself for {@link #TOP_LEFT}).
   */
  public float[] apply(float[] planar, int width, int height, int planes) {
    checkNotNull(planar, "planar");
    checkLength(planar.length, width, height, planes);
    if (this == TOP_LEFT) {
      return planar;
    }
    float[] out = new float[planar.length];
    Mapping m = mapping(width, height);
    int plane = width * height;
    for (int p = 0; p < planes; p++) {
      int base = p * plane;
      for (int y = 0; y < height; y++) {
        int from = base + y * width;
        int to = base + m.origin + y * m.stepY;
        for (int x = 0; x < width; x++) {
          out[to] = planar[from + x];
          to += m.stepX;
        }
      }
    }
    return out;
  }

  /**
   * Where stored pixel (x, y) lands in the upright row-major array: {@code origin + x * stepX + y
   * * stepY}. Upright coordinates (u, v) in an image {@code W'} wide, per TIFF 6.0:
   * 2: (w-1-x, y); 3: (w-1-x, h-1-y); 4: (x, h-1-y); 5: (y, x); 6: (h-1-y, x); 7: (h-1-y, w-1-x);
   * 8: (y, w-1-x).
   */
  private Mapping mapping(int w, int h) {
    return switch (this) {
      case TOP_LEFT -> new Mapping(0, 1, w);
      case TOP_RIGHT -> new Mapping(w - 1, -1, w);
      case BOTTOM_RIGHT -> new Mapping((h - 1) * w + w - 1, -1, -w);
      case BOTTOM_LEFT -> new Mapping((h - 1) * w, 1, -w);
      // Upright width is h from here on: index = v * h + u.
      case LEFT_TOP -> new Mapping(0, h, 1);
      case RIGHT_TOP -> new Mapping(h - 1, h, -1);
      case RIGHT_BOTTOM -> new Mapping((w - 1) * h + h - 1, -h, -1);
      case LEFT_BOTTOM -> new Mapping((w - 1) * h, -h, 1);
    };
  }

  private record Mapping(int origin, int stepX, int stepY) {}

  private static void checkLength(int length, int width, int height, int planes) {
    checkArgument(width > 0 && height > 0 && planes > 0,
        "size %sx%s with %s planes, expected all > 0", width, height, planes);
    checkArgument((long) width * height * planes == length,
        "array of %s values does not hold %s planes of %sx%s", length, planes, width, height);
  }
}
