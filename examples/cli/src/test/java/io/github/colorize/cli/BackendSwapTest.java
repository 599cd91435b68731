package io.github.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.Colorizer;
import io.github.colorize.image.Photo;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.pipeline.AbPlanes;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The classpath swap with both backends present (this module depends on colorize-onnx and
 * colorize-dl4j): onnx wins by priority unless the builder or the system property
 * {@code colorize.backend} names dl4j; both give the same colors.
 */
class BackendSwapTest {

  private static final ModelFile MODEL = model();

  private static ModelFile model() {
    Eccv16 net = Eccv16.logits(0.125);
    return ModelFile.of(net, net.randomWeights(21), net.defaultMetadata());
  }

  @AfterEach
  void clearProperty() {
    System.clearProperty(Colorizer.BACKEND_PROPERTY);
  }

  private static AbPlanes ab(Colorizer c) {
    BufferedImage image = new BufferedImage(48, 40, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 48; x++) {
        image.getRaster().setSample(x, y, 0, (x * 5 + y * 3) % 256);
      }
    }
    return c.predictAb(Photo.fromBufferedImage(image));
  }

  @Test
  void onnxWinsByDefaultAndDl4jWhenNamedWithTheSameColors() {
    AbPlanes onnx;
    try (Colorizer c = Colorizer.builder().model(MODEL).inputSize(48).build()) {
      assertThat(c.backendName()).isEqualTo("onnx");
      onnx = ab(c);
    }
    AbPlanes dl4j;
    try (Colorizer c = Colorizer.builder().model(MODEL).inputSize(48).backend("dl4j").build()) {
      assertThat(c.backendName()).isEqualTo("dl4j");
      dl4j = ab(c);
    }
    float max = 0;
    for (int i = 0; i < onnx.a().length; i++) {
      max = Math.max(max, Math.max(Math.abs(onnx.a()[i] - dl4j.a()[i]),
          Math.abs(onnx.b()[i] - dl4j.b()[i])));
    }
    assertThat(max).as("max |ab onnx - ab dl4j|").isLessThanOrEqualTo(0.05f);
  }

  @Test
  void theSystemPropertyPicksDl4jWithoutCodeChanges() {
    System.setProperty(Colorizer.BACKEND_PROPERTY, "dl4j");
    try (Colorizer c = Colorizer.builder().model(MODEL).inputSize(32).build()) {
      assertThat(c.backendName()).isEqualTo("dl4j");
    }
  }
}
