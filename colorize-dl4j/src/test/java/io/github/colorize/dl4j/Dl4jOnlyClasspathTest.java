package io.github.colorize.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.Colorizer;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.spi.BackendException;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * The classpath swap, DL4J side: this module's test class path holds colorize-dl4j but not
 * colorize-onnx, so an unchanged {@code Colorizer.builder().build()} runs on DL4J.
 * (examples/cli's BackendSwapTest covers the class path with both.)
 */
class Dl4jOnlyClasspathTest {

  private static ModelFile model() {
    Eccv16 net = Eccv16.logits(0.125);
    return ModelFile.of(net, net.randomWeights(9), net.defaultMetadata());
  }

  @Test
  void withOnlyDl4jOnTheClassPathTheColorizerUsesIt() {
    try (Colorizer colorizer = Colorizer.builder().model(model()).inputSize(32).build()) {
      assertThat(colorizer.backendName()).isEqualTo("dl4j");
      BufferedImage gray = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
      assertThat(colorizer.colorize(gray).getWidth()).isEqualTo(40);
    }
  }

  @Test
  void askingForOnnxHereNamesTheArtifactToAdd() {
    assertThatThrownBy(() -> Colorizer.builder().model(model()).backend("onnx").build())
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("dl4j")
        .hasMessageContaining("io.github.colorize:colorize-onnx");
  }
}
