package io.github.colorize.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SrgbGamutTest {

  private static double hue(Lab lab) {
    return Math.toDegrees(Math.atan2(lab.b(), lab.a()));
  }

  @Test
  void outOfGamutColorsKeepLightnessAndHueAndLoseChroma() {
    // Bright saturated blue, dark saturated yellow, a light orange: none is an sRGB color.
    float[] l = {90, 20, 85};
    float[] a = {10, 0, 40};
    float[] b = {-80, 60, 70};
    int[] argb = new int[3];
    SrgbGamut.toArgb(l, a, b, argb);
    int[] clipped = new int[3];
    CieLab.toArgb(l, a, b, clipped);
    double clippingError = 0;
    for (int i = 0; i < 3; i++) {
      assertThat(SrgbGamut.inside(l[i], a[i], b[i])).isFalse();
      Lab out = CieLab.fromArgb(argb[i]);
      assertThat(out.l()).as("L of pixel %s", i).isCloseTo(l[i], within(0.6));
      assertThat(hue(out)).as("hue of pixel %s", i)
          .isCloseTo(hue(new Lab(l[i], a[i], b[i])), within(2.0));
      assertThat(Math.hypot(out.a(), out.b())).as("chroma of pixel %s", i)
          .isGreaterThan(2).isLessThan(Math.hypot(a[i], b[i]));
      clippingError = Math.max(clippingError, Math.abs(CieLab.fromArgb(clipped[i]).l() - l[i]));
    }
    // Plain clipping changes L by more: what this class is for.
    assertThat(clippingError).isGreaterThan(2);
  }

  @Test
  void inGamutColorsAreConvertedExactlyAsByCieLab() {
    float[] l = new float[4096];
    float[] a = new float[4096];
    float[] b = new float[4096];
    Random random = new Random(5);
    for (int i = 0; i < l.length; i++) {
      Lab lab = CieLab.fromArgb(random.nextInt());
      l[i] = (float) lab.l();
      a[i] = (float) lab.a();
      b[i] = (float) lab.b();
    }
    int[] fitted = new int[l.length];
    int[] plain = new int[l.length];
    SrgbGamut.toArgb(l, a, b, fitted);
    CieLab.toArgb(l, a, b, plain);
    assertThat(fitted).containsExactly(plain);
  }

  @Test
  void chromaScaleIsOneInsideAndBisectsToTheBoundaryOutside() {
    assertThat(SrgbGamut.chromaScale(50, 10, 10)).isEqualTo(1);
    double s = SrgbGamut.chromaScale(90, 10, -80);
    assertThat(SrgbGamut.inside(90, 10 * s, -80 * s)).isTrue();
    assertThat(SrgbGamut.inside(90, 10 * (s + 0.01), -80 * (s + 0.01))).isFalse();
  }
}
