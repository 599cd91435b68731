package io.github.colorize.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetworkSizeTest {

  @Test
  void squareIsThePapersChoice() {
    assertThat(NetworkSize.square(NetworkSize.DEFAULT_SIDE)).isEqualTo(new ImageSize(224, 224));
  }

  @Test
  void shortSideFitKeepsAspectAndRoundsTheLongSideToEight() {
    // 4000 * 224 / 3000 = 298.7 -> nearest multiple of 8 is 296.
    assertThat(NetworkSize.fitShortSide(4000, 3000, 224)).isEqualTo(new ImageSize(296, 224));
    assertThat(NetworkSize.fitShortSide(3000, 4000, 224)).isEqualTo(new ImageSize(224, 296));
    assertThat(NetworkSize.fitShortSide(640, 640, 256)).isEqualTo(new ImageSize(256, 256));
    // 1920 * 224 / 1080 = 398.2 -> 400.
    assertThat(NetworkSize.fitShortSide(1920, 1080, 224)).isEqualTo(new ImageSize(400, 224));
  }

  @Test
  void longSideFitBoundsTheCost() {
    assertThat(NetworkSize.fitLongSide(4000, 3000, 224)).isEqualTo(new ImageSize(224, 168));
    assertThat(NetworkSize.fitLongSide(3000, 4000, 224)).isEqualTo(new ImageSize(168, 224));
    // 1080 * 224 / 1920 = 126 -> 128.
    assertThat(NetworkSize.fitLongSide(1920, 1080, 224)).isEqualTo(new ImageSize(224, 128));
    // A sliver never goes below 8.
    assertThat(NetworkSize.fitLongSide(10000, 10, 224)).isEqualTo(new ImageSize(224, 8));
    // Small photos are enlarged to the side too.
    assertThat(NetworkSize.fitLongSide(32, 24, 224)).isEqualTo(new ImageSize(224, 168));
  }

  @Test
  void everySideIsAMultipleOfEight() {
    for (int w = 1; w < 400; w += 7) {
      for (int h = 1; h < 400; h += 11) {
        ImageSize a = NetworkSize.fitShortSide(w, h, 224);
        ImageSize b = NetworkSize.fitLongSide(w, h, 224);
        assertThat(a.width() % 8 + a.height() % 8 + b.width() % 8 + b.height() % 8).isZero();
        assertThat(Math.min(a.width(), a.height())).isEqualTo(224);
        assertThat(Math.max(b.width(), b.height())).isEqualTo(224);
      }
    }
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(() -> NetworkSize.square(100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100");
    assertThatThrownBy(() -> NetworkSize.fitShortSide(0, 10, 224))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NetworkSize.fitLongSide(10, 10, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ImageSize(-1, 3)).isInstanceOf(IllegalArgumentException.class);
  }
}
