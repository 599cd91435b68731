package io.github.colorize.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The committed image fixtures (see src/test/resources/images/README.md) and their colors. */
final class Fixtures {

  /** Upright quadrant colors of every quadrants-* and orientation-* file, 0xRRGGBB. */
  static final int TOP_LEFT = 0xc83c32; // (200, 60, 50)
  static final int TOP_RIGHT = 0x3caa50; // (60, 170, 80)
  static final int BOTTOM_LEFT = 0x3250b4; // (50, 80, 180)
  static final int BOTTOM_RIGHT = 0xebe1be; // (235, 225, 190)

  /** Quadrant centers of the 32 x 24 fixtures: {x, y} for TL, TR, BL, BR. */
  static final int[][] CENTERS = {{8, 6}, {24, 6}, {8, 18}, {24, 18}};

  private Fixtures() {}

  static Path path(String name) {
    URL url = Fixtures.class.getResource("/images/" + name);
    assertThat(url).as("test resource images/%s", name).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The pixel (x, y) of a photo, 0xRRGGBB. */
  static int rgb(Photo photo, int x, int y) {
    return photo.argb()[y * photo.width() + x] & 0xffffff;
  }

  /** The largest per-channel difference between two 0xRRGGBB colors. */
  static int channelDistance(int a, int b) {
    int d = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
      d = Math.max(d, Math.abs(((a >>> shift) & 0xff) - ((b >>> shift) & 0xff)));
    }
    return d;
  }

  /** Asserts that the four quadrant centers hold the given colors within {@code tolerance}. */
  static void assertQuadrants(Photo photo, int[] expected, int tolerance) {
    assertThat(photo.width()).as("width of %s", photo).isEqualTo(32);
    assertThat(photo.height()).as("height of %s", photo).isEqualTo(24);
    String[] names = {"top left", "top right", "bottom left", "bottom right"};
    for (int q = 0; q < 4; q++) {
      int actual = rgb(photo, CENTERS[q][0], CENTERS[q][1]);
      assertThat(channelDistance(actual, expected[q]))
          .as("%s quadrant of %s: got %06x, expected %06x", names[q], photo.source(), actual,
              expected[q])
          .isLessThanOrEqualTo(tolerance);
    }
  }

  static int[] quadrantColors() {
    return new int[] {TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT};
  }

  static int rgb(int r, int g, int b) {
    return r << 16 | g << 8 | b;
  }
}
