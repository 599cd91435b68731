package io.github.colorize.image;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A width and height in pixels, both positive.
 *
 * @param width columns
 * @param height rows
 */
public record ImageSize(int width, int height) {

  public ImageSize {
    checkArgument(width > 0 && height > 0, "image size %sx%s, expected both > 0", width, height);
  }

  /** {@code width * height}, as a long so that it cannot overflow. */
  public long pixels() {
    return (long) width * height;
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }
}
