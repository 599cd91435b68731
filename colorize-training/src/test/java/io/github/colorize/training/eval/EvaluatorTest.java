package io.github.colorize.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.quant.ColorPrior;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 25, defect 5: grayscale photos are left out of the scores, and counted. */
class EvaluatorTest {

  private static final AbPredictor GRAY = photo -> new float[][] {
      new float[photo.pixelCount()], new float[photo.pixelCount()]};

  private static Path write(Path file, boolean color) throws Exception {
    BufferedImage image = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 12; y++) {
      for (int x = 0; x < 16; x++) {
        int v = 40 + 10 * x;
        image.setRGB(x, y, color ? (v << 16) | (80 << 8) | (200 - 5 * y) : v * 0x010101);
      }
    }
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  @Test
  void grayscalePhotosAreLeftOutOfTheAveragesAndCounted(@TempDir Path dir) throws Exception {
    Path color = write(dir.resolve("color.png"), true);
    List<Path> withGray = List.of(color, write(dir.resolve("gray1.png"), false),
        write(dir.resolve("gray2.png"), false));
    Evaluator evaluator = new Evaluator(ColorPrior.imagenet());

    EvaluationReport mixed = evaluator.evaluate("m", "imagenet", 0.38, withGray, GRAY, null);
    EvaluationReport colorOnly = evaluator.evaluate("m", "imagenet", 0.38, List.of(color), GRAY,
        null);

    assertThat(mixed.images()).isEqualTo(1);
    assertThat(mixed.noColor()).isEqualTo(2);
    assertThat(mixed.pixels()).isEqualTo(16 * 12);
    // The same numbers as without the gray photos: they weigh nothing.
    assertThat(mixed.gray()).isEqualTo(colorOnly.gray());
    assertThat(mixed.gray().psnrAb()).isLessThan(60);
    assertThat(mixed.toTable()).contains("on 1 images (0 unreadable, 2 grayscale left out)");
    assertThat(mixed.toJson()).contains("\"noColor\": 2");
  }

  @Test
  void onlyGrayscalePhotosIsAnError(@TempDir Path dir) throws Exception {
    List<Path> gray = List.of(write(dir.resolve("a.png"), false));
    assertThatThrownBy(() -> new Evaluator(ColorPrior.imagenet()).score(gray, GRAY, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("all 1 readable evaluation photos are grayscale");
  }
}
