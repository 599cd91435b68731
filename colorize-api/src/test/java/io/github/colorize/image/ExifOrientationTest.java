package io.github.colorize.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExifOrientationTest {

  /**
   * Stored 3 x 2 image:   1 2 3
   *                       4 5 6
   */
  private static final int[] STORED = {1, 2, 3, 4, 5, 6};

  @Test
  void eachValueTurnsTheStoredPixelsAsTiffSpecifies() {
    // Upright arrays written out by hand from the TIFF 6.0 description of each value.
    assertThat(ExifOrientation.TOP_LEFT.apply(STORED, 3, 2)).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(ExifOrientation.TOP_RIGHT.apply(STORED, 3, 2)).containsExactly(3, 2, 1, 6, 5, 4);
    assertThat(ExifOrientation.BOTTOM_RIGHT.apply(STORED, 3, 2))
        .containsExactly(6, 5, 4, 3, 2, 1);
    assertThat(ExifOrientation.BOTTOM_LEFT.apply(STORED, 3, 2))
        .containsExactly(4, 5, 6, 1, 2, 3);
    // 2 x 3 from here on. Transpose: row 0 becomes the left column.
    assertThat(ExifOrientation.LEFT_TOP.apply(STORED, 3, 2)).containsExactly(1, 4, 2, 5, 3, 6);
    // Turned 90 degrees clockwise: row 0 becomes the right column, read downwards.
    assertThat(ExifOrientation.RIGHT_TOP.apply(STORED, 3, 2)).containsExactly(4, 1, 5, 2, 6, 3);
    // Transverse: row 0 becomes the right column, read upwards.
    assertThat(ExifOrientation.RIGHT_BOTTOM.apply(STORED, 3, 2))
        .containsExactly(6, 3, 5, 2, 4, 1);
    // Turned 90 degrees counter-clockwise: row 0 becomes the left column, read upwards.
    assertThat(ExifOrientation.LEFT_BOTTOM.apply(STORED, 3, 2))
        .containsExactly(3, 6, 2, 5, 1, 4);
  }

  @Test
  void allEightResultsDiffer() {
    Set<List<Integer>> seen = new HashSet<>();
    for (ExifOrientation o : ExifOrientation.values()) {
      int[] out = o.apply(STORED, 3, 2);
      seen.add(java.util.Arrays.stream(out).boxed().toList());
    }
    assertThat(seen).hasSize(8);
  }

  @ParameterizedTest
  @EnumSource(ExifOrientation.class)
  void floatPlanesMoveLikeIntPixels(ExifOrientation o) {
    int w = 5;
    int h = 3;
    int[] ints = new int[w * h];
    float[] planes = new float[2 * w * h];
    for (int i = 0; i < w * h; i++) {
      ints[i] = i;
      planes[i] = i;
      planes[w * h + i] = 100 + i;
    }

    int[] turned = o.apply(ints, w, h);
    float[] turnedPlanes = o.apply(planes, w, h, 2);

    for (int i = 0; i < w * h; i++) {
      assertThat(turnedPlanes[i]).isEqualTo(turned[i]);
      assertThat(turnedPlanes[w * h + i]).isEqualTo(100 + turned[i]);
    }
    assertThat(o.uprightSize(w, h)).isEqualTo(o.swapsAxes() ? new ImageSize(3, 5)
        : new ImageSize(5, 3));
  }

  @Test
  void inverseTransformsRestoreTheImage() {
    // 6 and 8 undo each other, the flips undo themselves.
    int[] r6 = ExifOrientation.RIGHT_TOP.apply(STORED, 3, 2);
    assertThat(ExifOrientation.LEFT_BOTTOM.apply(r6, 2, 3)).containsExactly(STORED);
    for (ExifOrientation self : EnumSet.of(ExifOrientation.TOP_RIGHT,
        ExifOrientation.BOTTOM_RIGHT, ExifOrientation.BOTTOM_LEFT)) {
      assertThat(self.apply(self.apply(STORED, 3, 2), 3, 2)).containsExactly(STORED);
    }
    int[] t = ExifOrientation.LEFT_TOP.apply(STORED, 3, 2);
    assertThat(ExifOrientation.LEFT_TOP.apply(t, 2, 3)).containsExactly(STORED);
  }

  @Test
  void tagsMapBothWays() {
    for (ExifOrientation o : ExifOrientation.values()) {
      assertThat(ExifOrientation.fromTag(o.tag())).isSameAs(o);
    }
    assertThatThrownBy(() -> ExifOrientation.fromTag(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    assertThatThrownBy(() -> ExifOrientation.fromTag(9))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9");
    assertThatThrownBy(() -> ExifOrientation.TOP_RIGHT.apply(STORED, 4, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
