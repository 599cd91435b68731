package io.github.colorize.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class Yuv420ConverterTest {

  private static int[] fill(int w, int h, int argb) {
    int[] out = new int[w * h];
    java.util.Arrays.fill(out, argb);
    return out;
  }

  private static byte[] planes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  @Test
  void convertsToBt601LimitedRange() {
    Yuv420Converter c = new Yuv420Converter(4, 2, 0);
    byte[] white = planes(c.convert(fill(4, 2, 0xffffffff), 4, 2));
    assertThat(white).hasSize(4 * 2 + 2 * 2);
    assertThat(white[0] & 0xff).isEqualTo(235);
    assertThat(white[8] & 0xff).isEqualTo(128);
    byte[] red = planes(new Yuv420Converter(4, 2, 0).convert(fill(4, 2, 0xffff0000), 4, 2));
    // BT.601: Y = 16 + 65.481, Cb = 128 - 37.797, Cr = 128 + 112 for pure red.
    assertThat(red[0] & 0xff).isEqualTo(81);
    assertThat(red[8] & 0xff).isEqualTo(90);
    assertThat(red[10] & 0xff).isEqualTo(240);
  }

  @Test
  void holdsChromaWithinTheDeadBandAndFollowsLargerChanges() {
    Yuv420Converter c = new Yuv420Converter(2, 2, 1.0);
    // Gray 100: Cb = Cr = 128 exactly. Blue + 2 levels: Cb rises by 112 * 2 / 255 = 0.88 level.
    int[] gray = fill(2, 2, 0xff646464);
    int[] bluer = fill(2, 2, 0xff646466);
    int[] muchBluer = fill(2, 2, 0xff64646a);
    assertThat(planes(c.convert(gray, 2, 2))[4] & 0xff).isEqualTo(128);
    byte[] held = planes(c.convert(bluer, 2, 2));
    assertThat(held[4] & 0xff).as("0.88 level of drift is held").isEqualTo(128);
    // Luma is rounded afresh in every frame: 16 + ((65.481 + 128.553) * 100 + 24.966 * 102)
    // / 255 = 102.08.
    assertThat(held[0] & 0xff).isEqualTo(102);
    byte[] moved = planes(c.convert(muchBluer, 2, 2));
    assertThat(moved[4] & 0xff).as("2.6 levels pass").isEqualTo(131);
    // Without a dead band the 0.88 level is rounded at once.
    Yuv420Converter plain = new Yuv420Converter(2, 2, 0);
    plain.convert(gray, 2, 2);
    assertThat(planes(plain.convert(bluer, 2, 2))[4] & 0xff).isEqualTo(129);
  }

  @Test
  void averagesChromaOverTwoByTwoAndRepeatsTheLastColumnOfAnOddFrame() {
    Yuv420Converter c = new Yuv420Converter(4, 2, 0);
    // 3 x 2 source: black, black, white per row; padded to 4 x 2 by repeating white.
    int[] src = {0xff000000, 0xff000000, 0xffffffff, 0xff000000, 0xff000000, 0xffffffff};
    byte[] p = planes(c.convert(src, 3, 2));
    assertThat(new int[] {p[0] & 0xff, p[1] & 0xff, p[2] & 0xff, p[3] & 0xff})
        .containsExactly(16, 16, 235, 235);
    assertThat(p[8] & 0xff).isEqualTo(128);
    assertThat(p[9] & 0xff).isEqualTo(128);
  }

  @Test
  void rejectsOddSidesAndFramesOfTheWrongSize() {
    assertThatThrownBy(() -> new Yuv420Converter(3, 2, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3x2");
    assertThatThrownBy(() -> new Yuv420Converter(4, 2, 1).convert(new int[4], 2, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4x2");
  }
}
