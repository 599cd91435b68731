package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.colorize.ColorizeException;
import io.github.colorize.Colorizer;
import io.github.colorize.ModelSource;
import io.github.colorize.image.ImageSize;
import io.github.colorize.image.Photo;
import io.github.colorize.image.Resampler;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.ModelWriter;
import io.github.colorize.model.OutputKind;
import io.github.colorize.model.onnx.OnnxModel;
import io.github.colorize.pipeline.AbPlanes;
import io.github.colorize.pipeline.PreparedImage;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files without colorize metadata, as other tools export them: the builder's options say
 * what they hold, and ab models skip H.
 */
class ColorizerForeignModelTest {

  @TempDir
  Path dir;

  private static float[] bareOrt(byte[] model, String output, float[] input, int h, int w)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(model);
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input),
            new long[] {1, 1, h, w});
        OrtSession.Result result = session.run(Map.of(Eccv16.INPUT, in))) {
      FloatBuffer out = ((OnnxTensor) result.get(output).orElseThrow()).getFloatBuffer();
      float[] data = new float[out.remaining()];
      out.get(data);
      return data;
    }
  }

  /** Bilinear enlargement of an {@code 2 x h x w} ab output to the photo's size. */
  private static AbPlanes enlarge(float[] ab, int h, int w, int width, int height) {
    int plane = h * w;
    float[] a = Resampler.resize(java.util.Arrays.copyOfRange(ab, 0, plane), w, h, 1, width,
        height, Resampler.Filter.BILINEAR);
    float[] b = Resampler.resize(java.util.Arrays.copyOfRange(ab, plane, 2 * plane), w, h, 1,
        width, height, Resampler.Filter.BILINEAR);
    return new AbPlanes(width, height, a, b);
  }

  @Test
  void aPyTorchPortLikeAbExportRunsWithoutH() throws Exception {
    Eccv16 net = Eccv16.ab(0.25);
    Path file = dir.resolve("eccv16-ab.onnx");
    ModelWriter.write(file, OnnxModel.of(net.graph(net.randomWeights(5)), Map.of()));

    assertThatThrownBy(() -> Colorizer.builder().model(file).build())
        .isInstanceOf(ColorizeException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("expected 313 for logits output")
        .hasMessageContaining(".outputKind(");

    try (Colorizer colorizer = Colorizer.builder().model(file)
        .inputNormalization(InputNormalization.PYTORCH).outputKind(OutputKind.AB).inputSize(48)
        .build()) {
      assertThat(colorizer.metadata().outputKind()).isEqualTo(OutputKind.AB);
      assertThat(colorizer.metadata().outputStride()).isEqualTo(4);
      BufferedImage image = FacadeImages.gray(70, 50, 30, 220, BufferedImage.TYPE_INT_RGB, 4);
      Photo photo = Photo.fromBufferedImage(image);
      assertThatThrownBy(() -> colorizer.predict(image))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("outputs ab directly");

      PreparedImage prepared = colorizer.pipeline().prepare(photo);
      assertThat(prepared.networkSize()).isEqualTo(new ImageSize(48, 48));
      float[] raw = bareOrt(Files.readAllBytes(file), Eccv16.AB_OUTPUT, prepared.networkInput(),
          48, 48);
      AbPlanes expected = enlarge(raw, 12, 12, 70, 50);
      // The ab output as it is, enlarged: no H, and the temperature plays no part.
      assertThat(colorizer.predictAb(photo, 0.38)).isEqualTo(expected);
      assertThat(colorizer.predictAb(photo, 1.0)).isEqualTo(expected);
      BufferedImage color = colorizer.colorize(image);
      assertThat(color.getWidth()).isEqualTo(70);
      assertThat(color.getHeight()).isEqualTo(50);
    }
  }

  @Test
  void anAbExportAtFullResolutionWithAFixedSize() throws Exception {
    // A PyTorch-style export written by the onnx Python package: ab at stride 1, input fixed to
    // 1 x 1 x 16 x 16 (see ForeignModelRunTest). The stride comes from the fixed sizes.
    try (Colorizer colorizer = Colorizer.builder()
        .model(ModelSource.classpath("foreign-ab-stride1.onnx")).outputKind(AB_KIND)
        .batchSize(4).build()) {
      assertThat(colorizer.metadata().outputStride()).isEqualTo(1);
      assertThat(colorizer.networkSize(300, 200)).isEqualTo(new ImageSize(16, 16));
      List<BufferedImage> images = List.of(
          FacadeImages.gray(40, 30, 20, 230, BufferedImage.TYPE_INT_RGB, 1),
          FacadeImages.gray(33, 47, 20, 230, BufferedImage.TYPE_INT_ARGB, 2),
          FacadeImages.gray(16, 16, 20, 230, BufferedImage.TYPE_INT_RGB, 3));
      // The graph fixes the batch to 1, so these run one at a time despite batchSize(4).
      List<BufferedImage> colored = colorizer.colorizeAll(images);
      for (int i = 0; i < images.size(); i++) {
        FacadeImages.assertSamePixels(FacadeImages.pixels(colored.get(i)),
            FacadeImages.pixels(colorizer.colorize(images.get(i))), "image " + i);
      }
      Photo photo = Photo.fromBufferedImage(images.get(0));
      PreparedImage prepared = colorizer.pipeline().prepare(photo);
      byte[] bytes;
      try (var in = getClass().getResourceAsStream("/foreign-ab-stride1.onnx")) {
        bytes = in.readAllBytes();
      }
      float[] raw = bareOrt(bytes, "ab", prepared.networkInput(), 16, 16);
      assertThat(colorizer.predictAb(photo)).isEqualTo(enlarge(raw, 16, 16, 40, 30));
    }
  }

  private static final OutputKind AB_KIND = OutputKind.AB;
}
