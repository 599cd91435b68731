package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.colorize.AbDistribution;
import io.github.colorize.Colorizer;
import io.github.colorize.color.CieLab;
import io.github.colorize.color.Lab;
import io.github.colorize.image.Photo;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.pipeline.AbPlanes;
import io.github.colorize.quant.AbGamut;
import io.github.colorize.tensor.FloatTensor;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models whose answer is known, run through the whole facade on ONNX Runtime: every convolution
 * weight is zero, so every activation before the head is 0 and the logits at every pixel are the
 * head's bias.
 *
 * <p>Bias 60 on one bin and 0 elsewhere: softmax(logits / T) puts a weight below e^-60 on every
 * other bin at any T <= 1, which the decoder drops, so every pixel's ab is that bin's center. The
 * bin is 140, ab (10, 10), and the input is gray between 80 and 180 (L ~34 to ~73): every
 * (L, 10, 10) then lies inside the sRGB gamut (checked below), so nothing is clipped and the
 * output's L can be compared with the input's on every pixel.
 */
class ColorizerKnownAnswerTest {

  private static final AbGamut GAMUT = AbGamut.zhang2016();
  private static final int BIN = 140;
  private static final float HIGH = 60f;

  private static ModelFile model(int... hotBins) {
    float[] bias = new float[313];
    for (int q : hotBins) {
      bias[q] = HIGH;
    }
    return TestModels.constantHead(Eccv16.logits(0.25), bias);
  }

  private static Colorizer colorizer(ModelFile model, double temperature) {
    return Colorizer.builder().model(model).backend("onnx").temperature(temperature)
        .inputSize(32).build();
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.38, 1.0, 0.0})
  void everyPixelGetsTheBinsCenterAndKeepsItsLightness(double temperature) {
    assertThat(GAMUT.a(BIN)).isEqualTo(10f);
    assertThat(GAMUT.b(BIN)).isEqualTo(10f);
    BufferedImage input = FacadeImages.gray(37, 23, 80, 180, BufferedImage.TYPE_INT_ARGB, 7);
    try (Colorizer colorizer = colorizer(model(BIN), temperature)) {
      AbPlanes ab = colorizer.predictAb(Photo.fromBufferedImage(input));
      assertThat(ab.width()).isEqualTo(37);
      assertThat(ab.height()).isEqualTo(23);
      for (int i = 0; i < ab.pixelCount(); i++) {
        assertThat(ab.a()[i]).isCloseTo(10f, within(1e-4f));
        assertThat(ab.b()[i]).isCloseTo(10f, within(1e-4f));
      }

      BufferedImage output = colorizer.colorize(input);
      assertThat(output.getWidth()).isEqualTo(37);
      assertThat(output.getHeight()).isEqualTo(23);
      assertThat(output.getType()).isEqualTo(BufferedImage.TYPE_INT_ARGB);
      double maxLError = 0;
      for (int y = 0; y < 23; y++) {
        for (int x = 0; x < 37; x++) {
          int in = input.getRGB(x, y);
          int out = output.getRGB(x, y);
          assertThat(out >>> 24).as("alpha at (%s, %s)", x, y).isEqualTo(in >>> 24);
          Lab labIn = CieLab.fromArgb(in);
          assertThat(FacadeImages.inGamut(labIn.l(), 10, 10))
              .as("precondition: (L %s, 10, 10) is in the sRGB gamut", labIn.l()).isTrue();
          Lab labOut = CieLab.fromArgb(out);
          maxLError = Math.max(maxLError, Math.abs(labOut.l() - labIn.l()));
          assertThat(labOut.a()).as("a at (%s, %s)", x, y).isCloseTo(10, within(2.0));
          assertThat(labOut.b()).as("b at (%s, %s)", x, y).isCloseTo(10, within(2.0));
          // The 8-bit color is the nearest one to (L_in, 10, 10), up to float rounding.
          int expected = CieLab.toArgb(labIn.l(), 10, 10);
          for (int shift = 0; shift <= 16; shift += 8) {
            assertThat((out >>> shift) & 0xff).as("channel %s at (%s, %s)", shift, x, y)
                .isCloseTo((expected >>> shift) & 0xff, within(1));
          }
        }
      }
      assertThat(maxLError).as("max |L_out - L_in| over every pixel").isLessThanOrEqualTo(0.5);
    }
  }

  @Test
  void twoEqualBinsAtTemperatureOneGiveTheirMidpoint() {
    int first = 122;
    int second = 158;
    assertThat(new float[] {GAMUT.a(first), GAMUT.b(first), GAMUT.a(second), GAMUT.b(second)})
        .containsExactly(0f, 20f, 20f, 10f);
    BufferedImage input = FacadeImages.gray(40, 24, 90, 170, BufferedImage.TYPE_INT_RGB, 8);
    try (Colorizer colorizer = colorizer(model(first, second), 1.0)) {
      AbPlanes ab = colorizer.predictAb(Photo.fromBufferedImage(input));
      for (int i = 0; i < ab.pixelCount(); i++) {
        assertThat(ab.a()[i]).isCloseTo(10f, within(1e-4f));
        assertThat(ab.b()[i]).isCloseTo(15f, within(1e-4f));
      }
      AbDistribution dist = colorizer.predict(input);
      double[] p = dist.probabilitiesAt(3, 2, 1.0);
      assertThat(p[first]).isCloseTo(0.5, within(1e-12));
      assertThat(p[second]).isCloseTo(0.5, within(1e-12));
      // At T = 0 the mode is the lower index of the tie.
      FloatTensor mode = dist.decode(0);
      assertThat(mode.data()[0]).isEqualTo(0f);
      assertThat(mode.data()[mode.size() / 2]).isEqualTo(20f);
    }
  }

  @Test
  void theDistributionDecodesAndColorizesWithoutTheNetwork() {
    BufferedImage input = FacadeImages.gray(50, 30, 80, 180, BufferedImage.TYPE_INT_RGB, 9);
    try (Colorizer colorizer = colorizer(model(BIN), 0.38)) {
      AbDistribution dist = colorizer.predict(input);
      // inputSize 32, squashed to a square: the eccv16 output grid is 8 x 8.
      assertThat(dist.width()).isEqualTo(8);
      assertThat(dist.height()).isEqualTo(8);
      assertThat(dist.bins()).isEqualTo(313);
      assertThat(dist.logits().shape()).containsExactly(1, 313, 8, 8);
      assertThat(dist.logits().data()[BIN * 64]).isEqualTo(HIGH);
      FloatTensor probabilities = dist.probabilities(1.0);
      double sum = 0;
      for (int q = 0; q < 313; q++) {
        sum += probabilities.data()[q * 64 + 5];
      }
      assertThat(sum).isCloseTo(1.0, within(1e-5));
      assertThat(probabilities.data()[BIN * 64 + 5]).isCloseTo(1f, within(1e-6f));
      FloatTensor ab = dist.decode(0.38);
      assertThat(ab.shape()).containsExactly(1, 2, 8, 8);
      assertThat(ab.data()).containsOnly(10f);

      BufferedImage direct = colorizer.colorize(input);
      BufferedImage again = dist.colorize(0.38);
      FacadeImages.assertSamePixels(FacadeImages.pixels(again), FacadeImages.pixels(direct),
          "distribution colorized at T = 0.38 vs colorize");
    }
  }
}
