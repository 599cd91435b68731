package io.github.colorize.color;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One sRGB color with gamma-encoded components in [0, 1] (the float form used for 16-bit images).
 *
 * @param red red, 0 to 1
 * @param green green, 0 to 1
 * @param blue blue, 0 to 1
 */
public record Rgb(double red, double green, double blue) {

  public Rgb {
    checkArgument(red >= 0 && red <= 1, "red is %s, expected in [0, 1]", red);
    checkArgument(green >= 0 && green <= 1, "green is %s, expected in [0, 1]", green);
    checkArgument(blue >= 0 && blue <= 1, "blue is %s, expected in [0, 1]", blue);
  }

  /** The nearest 8-bit color, packed as opaque {@code 0xFFRRGGBB}. */
  public int toArgb() {
    return 0xFF000000 | (to8(red) << 16) | (to8(green) << 8) | to8(blue);
  }

  private static int to8(double v) {
    return (int) Math.floor(v * 255 + 0.5);
  }
}
