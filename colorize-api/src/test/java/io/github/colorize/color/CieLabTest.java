package io.github.colorize.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CieLabTest {

  @ParameterizedTest(name = "sRGB ({0}, {1}, {2}) -> Lab ({3}, {4}, {5})")
  @CsvSource({
      "255, 0, 0, 53.24, 80.09, 67.20",
      "0, 255, 0, 87.73, -86.18, 83.18",
      "0, 0, 255, 32.30, 79.19, -107.86",
      "255, 255, 255, 100, 0, 0",
      "0, 0, 0, 0, 0, 0",
      "128, 128, 128, 53.59, 0, 0"})
  void matchesPublishedReferenceValues(int r, int g, int b, double l, double a, double bb) {
    Lab lab = CieLab.fromSrgb8(r, g, b);
    assertThat(lab.l()).isCloseTo(l, within(0.01));
    assertThat(lab.a()).isCloseTo(a, within(0.01));
    assertThat(lab.b()).isCloseTo(bb, within(0.01));

    // The image path agrees with the double-precision path.
    float[] lp = new float[1];
    float[] ap = new float[1];
    float[] bp = new float[1];
    CieLab.fromArgb(new int[] {(r << 16) | (g << 8) | b}, lp, ap, bp);
    assertThat((double) lp[0]).isCloseTo(l, within(0.01));
    assertThat((double) ap[0]).isCloseTo(a, within(0.01));
    assertThat((double) bp[0]).isCloseTo(bb, within(0.01));
  }

  @Test
  void graysHaveNoChroma() {
    for (int v = 0; v < 256; v++) {
      Lab lab = CieLab.fromSrgb8(v, v, v);
      assertThat(lab.a()).as("a of gray %s", v).isCloseTo(0, within(1e-9));
      assertThat(lab.b()).as("b of gray %s", v).isCloseTo(0, within(1e-9));
    }
  }

  @Test
  void everyEightBitColorRoundTripsThroughFloatLab() {
    int n = 1 << 24;
    int[] argb = new int[n];
    for (int i = 0; i < n; i++) {
      argb[i] = 0xFF000000 | i;
    }
    float[] l = new float[n];
    float[] a = new float[n];
    float[] b = new float[n];
    CieLab.fromArgb(argb, l, a, b);
    int[] back = new int[n];
    CieLab.toArgb(l, a, b, back);
    int mismatches = 0;
    int first = -1;
    for (int i = 0; i < n; i++) {
      if (back[i] != argb[i]) {
        mismatches++;
        if (first < 0) {
          first = i;
        }
      }
    }
    assertThat(mismatches)
        .as("colors that do not round-trip, first %s", first < 0 ? "none"
            : String.format("#%06X -> #%06X", first, back[first] & 0xFFFFFF))
        .isZero();
  }

  @Test
  void imagePathAgreesWithDoublePrecision() {
    SplittableRandom random = new SplittableRandom(7);
    int n = 200_000;
    int[] argb = new int[n];
    for (int i = 0; i < n; i++) {
      argb[i] = random.nextInt();
    }
    float[] l = new float[n];
    float[] a = new float[n];
    float[] b = new float[n];
    CieLab.fromArgb(argb, l, a, b);
    float[] lOnly = new float[n];
    CieLab.lightnessFromArgb(argb, lOnly);
    double worst = 0;
    for (int i = 0; i < n; i++) {
      Lab exact = CieLab.fromArgb(argb[i]);
      worst = Math.max(worst, Math.abs(l[i] - exact.l()));
      worst = Math.max(worst, Math.abs(a[i] - exact.a()));
      worst = Math.max(worst, Math.abs(b[i] - exact.b()));
      assertThat(lOnly[i]).isEqualTo(l[i]);
    }
    assertThat(worst).isLessThan(2e-4);
  }

  @Test
  void labToEightBitIsTheNearestValueOfTheDoublePrecisionColor() {
    SplittableRandom random = new SplittableRandom(11);
    int n = 200_000;
    float[] l = new float[n];
    float[] a = new float[n];
    float[] b = new float[n];
    for (int i = 0; i < n; i++) {
      l[i] = (float) random.nextDouble(0, 100);
      a[i] = (float) random.nextDouble(-128, 128);
      b[i] = (float) random.nextDouble(-128, 128);
    }
    int[] argb = new int[n];
    CieLab.toArgb(l, a, b, argb);
    int differing = 0;
    for (int i = 0; i < n; i++) {
      int exact = CieLab.toArgb(l[i], a[i], b[i]);
      for (int shift = 0; shift <= 16; shift += 8) {
        int fast = (argb[i] >>> shift) & 0xFF;
        int slow = (exact >>> shift) & 0xFF;
        assertThat(Math.abs(fast - slow)).as("pixel %s channel shift %s", i, shift)
            .isLessThanOrEqualTo(1);
        if (fast != slow) {
          differing++;
        }
      }
      assertThat(argb[i] >>> 24).isEqualTo(0xFF);
    }
    // Float against double rounding may differ only for values within ~1e-6 of a midpoint.
    assertThat(differing).isLessThan(n * 3 / 1000);
  }

  @Test
  void outOfGamutLabClipsPerChannel() {
    assertThat(CieLab.toArgb(100, 0, 0)).isEqualTo(0xFFFFFFFF);
    assertThat(CieLab.toArgb(0, 0, 0)).isEqualTo(0xFF000000);
    assertThat(CieLab.toArgb(150, 0, 0)).isEqualTo(0xFFFFFFFF);
    int saturated = CieLab.toArgb(50, 128, 0);
    assertThat((saturated >>> 16) & 0xFF).isEqualTo(255);
    float[][] rgb = {new float[1], new float[1], new float[1]};
    CieLab.toSrgb(new float[] {60}, new float[] {-120}, new float[] {120}, rgb[0], rgb[1], rgb[2]);
    for (float[] channel : rgb) {
      assertThat(channel[0]).isBetween(0f, 1f);
    }
  }

  @Test
  void floatPathRoundTripsSixteenBitColorsWithinOneStep() {
    SplittableRandom random = new SplittableRandom(3);
    int n = 300_000;
    float[] r = new float[n];
    float[] g = new float[n];
    float[] bl = new float[n];
    int[][] source = new int[3][n];
    for (int i = 0; i < n; i++) {
      source[0][i] = random.nextInt(65536);
      source[1][i] = random.nextInt(65536);
      source[2][i] = random.nextInt(65536);
      r[i] = source[0][i] / 65535f;
      g[i] = source[1][i] / 65535f;
      bl[i] = source[2][i] / 65535f;
    }
    float[] l = new float[n];
    float[] a = new float[n];
    float[] b = new float[n];
    CieLab.fromSrgb(r, g, bl, l, a, b);
    double worst = 0;
    for (int i = 0; i < 2000; i++) {
      Lab exact = CieLab.fromSrgb(r[i], g[i], bl[i]);
      worst = Math.max(worst, Math.abs(l[i] - exact.l()) + Math.abs(a[i] - exact.a())
          + Math.abs(b[i] - exact.b()));
    }
    assertThat(worst).isLessThan(3e-4);
    float[][] back = {new float[n], new float[n], new float[n]};
    CieLab.toSrgb(l, a, b, back[0], back[1], back[2]);
    // Float Lab cannot hold every 16-bit color exactly (a dark channel of a bright color comes
    // from a difference of large XYZ terms), so allow one step, and demand exactness nearly always.
    int inexact = 0;
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < n; i++) {
        double steps = Math.abs(back[c][i] * 65535.0 - source[c][i]);
        assertThat(steps).as("channel %s of color %s", c, i).isLessThan(1);
        if (steps > 0.5) {
          inexact++;
        }
      }
    }
    assertThat(inexact).isLessThan(3 * n / 10_000);
  }

  @Test
  void singleColorsRoundTrip() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 10_000; i++) {
      int argb = 0xFF000000 | random.nextInt(1 << 24);
      assertThat(CieLab.toArgb(CieLab.fromArgb(argb))).isEqualTo(argb);
      Rgb rgb = new Rgb(random.nextDouble(), random.nextDouble(), random.nextDouble());
      Rgb back = CieLab.toSrgb(CieLab.fromSrgb(rgb));
      assertThat(back.red()).isCloseTo(rgb.red(), within(1e-9));
      assertThat(back.green()).isCloseTo(rgb.green(), within(1e-9));
      assertThat(back.blue()).isCloseTo(rgb.blue(), within(1e-9));
    }
  }

  @Test
  void rejectsBadInputWithClearMessages() {
    assertThatThrownBy(() -> CieLab.fromSrgb8(256, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("red is 256, expected in [0, 255]");
    assertThatThrownBy(() -> CieLab.fromSrgb(0.5, -0.1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-0.1").hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> CieLab.fromArgb(new int[4], new float[4], new float[3], new float[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a has 3 elements, expected 4 (the length of argb)");
    assertThatThrownBy(() -> CieLab.toArgb(new float[] {50}, new float[] {Float.NaN},
        new float[] {0}, new int[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pixel 0").hasMessageContaining("NaN");
    assertThatThrownBy(() -> CieLab.fromSrgb(new float[] {0.5f, Float.NaN}, new float[2],
        new float[2], new float[2], new float[2], new float[2]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pixel 1");
    assertThatThrownBy(() -> new Lab(Double.NaN, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
