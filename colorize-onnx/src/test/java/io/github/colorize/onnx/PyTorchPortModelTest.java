package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.colorize.Colorizer;
import io.github.colorize.color.CieLab;
import io.github.colorize.color.Lab;
import io.github.colorize.image.ImageSize;
import io.github.colorize.image.Photo;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.ModelWriter;
import io.github.colorize.model.OutputKind;
import io.github.colorize.model.onnx.OnnxModel;
import io.github.colorize.pipeline.AbPlanes;
import io.github.colorize.pipeline.PreparedImage;
import io.github.colorize.tensor.FloatTensor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file shaped like {@code torch.onnx.export} of the PyTorch port's eccv16: no colorize
 * metadata, input (L - 50) / 100 at 256 x 256, output ab already in Lab units (2 channels, the
 * port's x110 inside the graph). The builder states what the file lacks and the Colorizer runs it
 * without H. A known answer: with every weight zero, each activation is 0 up to the head, so the
 * output is the head's bias times 110 at every pixel.
 */
class PyTorchPortModelTest {

  private static final float BIAS_A = 0.11f;
  private static final float BIAS_B = -0.19f;

  @TempDir
  Path dir;

  @Test
  void aMetadataFreeAbExportColorizesWithTheKnownAb() throws Exception {
    Eccv16 net = Eccv16.ab(0.25);
    Map<String, FloatTensor> weights = new LinkedHashMap<>(net.randomWeights(0));
    for (Eccv16.Layer layer : net.layers()) {
      weights.put(layer.name() + ".weight", FloatTensor.zeros(layer.weightShape()));
      weights.put(layer.name() + ".bias", FloatTensor.zeros(layer.out()));
    }
    weights.put("conv8_ab.bias", FloatTensor.of(new float[] {BIAS_A, BIAS_B}, 2));
    Path file = dir.resolve("eccv16_port.onnx");
    // No metadata at all, as torch.onnx.export writes it.
    ModelWriter.write(file, OnnxModel.of(net.graph(weights), Map.of()));
    float expectedA = BIAS_A * Eccv16.AB_SCALE;
    float expectedB = BIAS_B * Eccv16.AB_SCALE;

    BufferedImage gray = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 200; y++) {
      for (int x = 0; x < 300; x++) {
        gray.setRGB(x, y, (90 + (x + y) % 80) * 0x010101);
      }
    }
    Photo photo = Photo.fromBufferedImage(gray);
    try (Colorizer colorizer = Colorizer.builder().model(file)
        .inputNormalization(InputNormalization.PYTORCH).outputKind(OutputKind.AB)
        .inputSize(256).backend("onnx").build()) {
      assertThat(colorizer.metadata().outputKind()).isEqualTo(OutputKind.AB);
      assertThat(colorizer.metadata().inputNormalization())
          .isEqualTo(InputNormalization.PYTORCH);
      PreparedImage prepared = colorizer.pipeline().prepare(photo);
      assertThat(prepared.networkSize()).isEqualTo(new ImageSize(256, 256));
      // The stated normalization is the one fed: every input within [-0.5, 0.5], as (L-50)/100.
      for (float v : prepared.networkInput()) {
        assertThat(v).isBetween(-0.5f, 0.5f);
      }

      AbPlanes ab = colorizer.predictAb(photo);
      assertThat(ab.width()).isEqualTo(300);
      assertThat(ab.height()).isEqualTo(200);
      for (int i = 0; i < ab.pixelCount(); i++) {
        assertThat(ab.a()[i]).isCloseTo(expectedA, within(1e-4f));
        assertThat(ab.b()[i]).isCloseTo(expectedB, within(1e-4f));
      }
      // The temperature plays no part for an ab model.
      assertThat(colorizer.predictAb(photo, 1.0)).isEqualTo(ab);

      BufferedImage color = colorizer.colorize(gray);
      assertThat(color.getWidth()).isEqualTo(300);
      assertThat(color.getHeight()).isEqualTo(200);
      for (int[] p : new int[][] {{0, 0}, {150, 100}, {299, 199}, {37, 151}}) {
        Lab in = CieLab.fromArgb(gray.getRGB(p[0], p[1]));
        Lab out = CieLab.fromArgb(color.getRGB(p[0], p[1]));
        // 8-bit sRGB output: Lab within about a unit of the exact values.
        assertThat(out.l()).as("L at %s,%s", p[0], p[1]).isCloseTo(in.l(), within(1.0));
        assertThat(out.a()).as("a at %s,%s", p[0], p[1]).isCloseTo(expectedA, within(1.5));
        assertThat(out.b()).as("b at %s,%s", p[0], p[1]).isCloseTo(expectedB, within(1.5));
      }
    }
  }
}
