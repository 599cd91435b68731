package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.Colorizer;
import io.github.colorize.ModelSource;
import io.github.colorize.color.CieLab;
import io.github.colorize.color.Lab;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * The main job: {@code Colorizer.builder().build()} with no configuration runs the embedded default
 * model on ONNX Runtime and returns a colored image with the input's lightness.
 */
class DefaultModelTest {

  @Test
  void theDefaultModelColorizesAGrayImageOutOfTheBox() {
    int w = 160;
    int h = 120;
    BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // A bright top half over a darker textured bottom half: something like sky over ground.
        int v = y < h / 2 ? 200 - y : 90 + ((x / 6 + y / 6) % 2) * 40;
        gray.getRaster().setSample(x, y, 0, v);
      }
    }
    try (Colorizer colorizer = Colorizer.builder().build()) {
      assertThat(colorizer.modelSource()).contains(ModelSource.DEFAULT_MODEL_RESOURCE);
      assertThat(colorizer.backendName()).isEqualTo("onnx");
      BufferedImage color = colorizer.colorize(gray);

      assertThat(color.getWidth()).isEqualTo(w);
      assertThat(color.getHeight()).isEqualTo(h);
      double maxChroma = 0;
      double maxLightnessError = 0;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int rgb = color.getRGB(x, y);
          Lab out = CieLab.fromArgb(rgb);
          maxChroma = Math.max(maxChroma, Math.hypot(out.a(), out.b()));
          // A gray sample v is the sRGB color (v, v, v) (getRGB would apply Java's linear gray).
          int v = gray.getRaster().getSample(x, y, 0);
          Lab in = CieLab.fromSrgb8(v, v, v);
          maxLightnessError = Math.max(maxLightnessError, Math.abs(out.l() - in.l()));
        }
      }
      assertThat(maxChroma).as("the default model adds color").isGreaterThan(3);
      // Out-of-gamut predictions lose chroma, not lightness.
      assertThat(maxLightnessError).as("lightness kept on every pixel").isLessThan(1.0);
    }
  }
}
