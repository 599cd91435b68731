package io.github.colorize.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SrgbTransferTest {

  /** The reference: round(255 * encode(x)) in double precision, clipped. */
  private static int reference8(float linear) {
    double clipped = Math.max(0, Math.min(linear, 1));
    return (int) Math.floor(255 * SrgbTransfer.toEncoded(clipped) + 0.5);
  }

  @Test
  void curveFollowsIec61966() {
    assertThat(SrgbTransfer.toLinear(0.04045)).isCloseTo(0.04045 / 12.92, within(1e-15));
    assertThat(SrgbTransfer.toLinear(0.5)).isCloseTo(Math.pow(0.555 / 1.055, 2.4), within(1e-15));
    assertThat(SrgbTransfer.toLinear(1)).isCloseTo(1, within(1e-15));
    assertThat(SrgbTransfer.toEncoded(0.0031308)).isCloseTo(0.0031308 * 12.92, within(1e-15));
    for (double v = 0; v <= 1; v += 1 / 1024.0) {
      assertThat(SrgbTransfer.toEncoded(SrgbTransfer.toLinear(v))).isCloseTo(v, within(1e-12));
    }
  }

  @Test
  void eightBitEncodingIsExactAroundEveryMidpoint() {
    for (int k = 0; k < 255; k++) {
      float midpoint = (float) SrgbTransfer.toLinear((k + 0.5) / 255);
      float x = midpoint;
      for (int step = 0; step < 8; step++) {
        x = Math.nextDown(x);
      }
      for (int step = 0; step < 16; step++) {
        assertThat(SrgbTransfer.toSrgb8(x)).as("linear %s near midpoint %s", x, k)
            .isEqualTo(reference8(x));
        x = Math.nextUp(x);
      }
    }
  }

  @Test
  void eightBitEncodingIsExactOnRandomValues() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 2_000_000; i++) {
      // Uniform in linear space and uniform in log space, to cover the dark end too.
      float x = i % 2 == 0 ? (float) random.nextDouble(-0.1, 1.1)
          : (float) Math.pow(2, -random.nextDouble(0, 20));
      assertThat(SrgbTransfer.toSrgb8(x)).as("linear %s", x).isEqualTo(reference8(x));
    }
    assertThat(SrgbTransfer.toSrgb8(Float.MAX_VALUE)).isEqualTo(255);
    assertThat(SrgbTransfer.toSrgb8(-Float.MAX_VALUE)).isZero();
    assertThat(SrgbTransfer.toSrgb8(Float.MIN_VALUE)).isZero();
  }

  @Test
  void eightBitDecodingMatchesTheCurve() {
    for (int v = 0; v < 256; v++) {
      assertThat((double) SrgbTransfer.toLinear8(v)).isCloseTo(SrgbTransfer.toLinear(v / 255.0),
          within(1e-7));
      assertThat(SrgbTransfer.toSrgb8(SrgbTransfer.toLinear8(v))).isEqualTo(v);
    }
  }

  @Test
  void floatKernelsStayWithinAFewTenMillionths() {
    double worstDecode = 0;
    double worstEncode = 0;
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < 1_000_000; i++) {
      float c = (float) random.nextDouble();
      worstDecode = Math.max(worstDecode,
          Math.abs(SrgbTransfer.decodeFast(c) - SrgbTransfer.toLinear(c)));
      float x = i % 2 == 0 ? (float) random.nextDouble() : (float) Math.pow(2, -random.nextDouble(
          0, 24));
      worstEncode = Math.max(worstEncode,
          Math.abs(SrgbTransfer.encodeFast(x) - SrgbTransfer.toEncoded(x)));
    }
    assertThat(worstDecode).isLessThan(2e-7);
    assertThat(worstEncode).isLessThan(1e-6);
    assertThat(SrgbTransfer.encodeFast(-1f)).isZero();
    assertThat(SrgbTransfer.encodeFast(3f)).isEqualTo(1f);
  }

  @Test
  void rejectsValuesOutsideTheirRange() {
    assertThatThrownBy(() -> SrgbTransfer.toLinear(1.5))
        .hasMessage("encoded sRGB value is 1.5, expected in [0, 1]");
    assertThatThrownBy(() -> SrgbTransfer.toEncoded(-0.5))
        .hasMessage("linear value is -0.5, expected in [0, 1]");
    assertThatThrownBy(() -> SrgbTransfer.toLinear8(300))
        .hasMessage("8-bit sRGB value is 300, expected in [0, 255]");
    assertThatThrownBy(() -> SrgbTransfer.toSrgb8(Float.NaN))
        .hasMessage("linear value is NaN, expected a finite value");
  }
}
