package io.github.colorize.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LabCurveTest {

  @Test
  void fastCubeRootIsWithinAFloatUlpOnEveryFloatOfTheRange() {
    // Every float from 2^-8 (below the cube root's range) to 1.02, in blocks as the kernels call
    // it; the straight part below is covered by its own samples.
    float[] block = new float[4096];
    float t = 0x1p-8f;
    double worstRelative = 0;
    double worstBelow = 0;
    while (t <= 1.02f) {
      int len = 0;
      float first = t;
      while (len < block.length && t <= 1.02f) {
        block[len++] = t;
        t = Math.nextUp(t);
      }
      LabCurve.fastF(block, len);
      float v = first;
      for (int i = 0; i < len; i++, v = Math.nextUp(v)) {
        double exact = LabCurve.f(v);
        if (v > LabCurve.EPSILON) {
          worstRelative = Math.max(worstRelative, Math.abs(block[i] / exact - 1));
        } else {
          worstBelow = Math.max(worstBelow, Math.abs(block[i] - exact));
        }
      }
    }
    float[] low = {0f, Float.MIN_VALUE, 1e-30f, 1e-6f, 0.001f, 0.004f};
    float[] values = low.clone();
    LabCurve.fastF(values, values.length);
    for (int i = 0; i < low.length; i++) {
      worstBelow = Math.max(worstBelow, Math.abs(values[i] - LabCurve.f(low[i])));
    }
    assertThat(worstRelative).isLessThan(1.2e-7);
    assertThat(worstBelow).isLessThan(1e-7);
  }

  @Test
  void fastInverseMatchesTheExactInverse() {
    for (double f = -0.5; f <= 1.5; f += 1e-5) {
      double exact = LabCurve.inverse(f);
      assertThat((double) LabCurve.fastInverse((float) f))
          .isCloseTo(exact, within(1e-6 * Math.max(1, Math.abs(exact))));
    }
    assertThat(LabCurve.inverse(LabCurve.f(0.5))).isCloseTo(0.5, within(1e-15));
    assertThat(LabCurve.f(LabCurve.EPSILON)).isCloseTo(LabCurve.DELTA, within(1e-15));
  }
}
