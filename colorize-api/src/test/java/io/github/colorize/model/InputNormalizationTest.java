package io.github.colorize.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.colorize.color.CieLab;
import org.junit.jupiter.api.Test;

class InputNormalizationTest {

  @Test
  void srgbGrayGivesTheEncodersScalingOfTheGrayOfThatLightness() {
    InputNormalization n = InputNormalization.SRGB_GRAY_M1_1;
    assertThat(n.apply(100f)).isCloseTo((255f - 128f) / 128f, within(1e-4f));
    assertThat(n.apply(0f)).isCloseTo(-1f, within(1e-6f));
    // Every 8-bit gray: its L, normalized, gives back (v - 128) / 128.
    for (int v = 0; v <= 255; v += 15) {
      int argb = 0xFF000000 | v << 16 | v << 8 | v;
      float[] l = new float[1];
      CieLab.fromArgb(new int[] {argb}, l, new float[1], new float[1]);
      assertThat(n.apply(l[0])).as("gray %s", v).isCloseTo((v - 128f) / 128f, within(2e-3f));
    }
  }

  @Test
  void textFormsRoundTrip() {
    assertThat(InputNormalization.SRGB_GRAY_M1_1.toString()).isEqualTo("(sRGB(L)-128)/128");
    assertThat(InputNormalization.parse("(sRGB(L)-128)/128"))
        .isEqualTo(InputNormalization.SRGB_GRAY_M1_1);
    assertThat(InputNormalization.parse("(L-50)/100")).isEqualTo(InputNormalization.PYTORCH);
    assertThat(InputNormalization.parse("L-50")).isEqualTo(InputNormalization.CAFFE);
    assertThatThrownBy(() -> InputNormalization.parse("(RGB(L)-128)/128"))
        .hasMessageContaining("(RGB(L)-128)/128").hasMessageContaining("sRGB(L)");
  }
}
