package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.colorize.Colorizer;
import io.github.colorize.color.CieLab;
import io.github.colorize.image.Photo;
import io.github.colorize.image.Resampler;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.ModelFile;
import io.github.colorize.pipeline.AbPlanes;
import io.github.colorize.tensor.FloatTensor;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The facade on a random-weight eccv16 (width 0.25) against a bare ONNX Runtime session, from
 * many threads at once, and batched against one image at a time.
 */
class ColorizerParityTest {

  private static ModelFile model;
  private static Colorizer colorizer;

  @BeforeAll
  static void open() {
    model = TestModels.random(Eccv16.logits(0.25), 2016);
    // Aspect kept with the short side at 64: a 120 x 80 photo goes in as 96 x 64.
    colorizer = Colorizer.builder().model(model).inputSize(64).keepAspectRatio(true).threads(2)
        .batchSize(2).build();
  }

  @AfterAll
  static void close() {
    colorizer.close();
  }

  private static float[] bareOrt(float[] input, int height, int width) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model.bytes(), options);
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input),
            new long[] {1, 1, height, width});
        OrtSession.Result result = session.run(Map.of(Eccv16.INPUT, in))) {
      FloatBuffer out = ((OnnxTensor) result.get(Eccv16.LOGITS_OUTPUT).orElseThrow())
          .getFloatBuffer();
      float[] data = new float[out.remaining()];
      out.get(data);
      return data;
    }
  }

  @Test
  void logitsEqualABareSessionOnTheSameNormalizedInput() throws OrtException {
    assertThat(colorizer.backendName()).isEqualTo("onnx");
    BufferedImage image = FacadeImages.gray(120, 80, 10, 245, BufferedImage.TYPE_INT_RGB, 1);
    float[] logits = colorizer.predict(image).logits().data();

    // The input as DESIGN.md defines it, step by step: L at full resolution, area-resized to
    // 96 x 64, (L - 50) / 100.
    int[] argb = image.getRGB(0, 0, 120, 80, null, 0, 120);
    float[] l = new float[argb.length];
    CieLab.lightnessFromArgb(argb, l);
    float[] small = Resampler.resize(l, 120, 80, 1, 96, 64, Resampler.Filter.AREA);
    for (int i = 0; i < small.length; i++) {
      small[i] = InputNormalization.PYTORCH.apply(small[i]);
    }
    float[] bare = bareOrt(small, 64, 96);
    assertThat(logits).hasSize(313 * 16 * 24);
    assertThat(FloatTensor.of(logits, logits.length).maxAbs()).isGreaterThan(0.01f);
    FacadeImages.assertSameFloats(logits, bare, "Colorizer vs bare session logits");
  }

  @Test
  void concurrentCallsGiveTheSerialResults() throws Exception {
    int threads = 8;
    List<BufferedImage> images = new ArrayList<>();
    List<int[]> serialPixels = new ArrayList<>();
    List<float[]> serialLogits = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int w = i % 2 == 0 ? 120 : 72;
      BufferedImage image = FacadeImages.gray(w, 80, 20, 230, BufferedImage.TYPE_INT_RGB, 100 + i);
      images.add(image);
      serialPixels.add(pixels(colorizer.colorize(image)));
      serialLogits.add(colorizer.predict(image).logits().data());
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Object[]>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        BufferedImage image = images.get(t);
        futures.add(pool.submit(() -> {
          Object[] out = new Object[4];
          out[0] = pixels(colorizer.colorize(image));
          out[1] = colorizer.predict(image).logits().data();
          out[2] = pixels(colorizer.colorize(image));
          out[3] = colorizer.predict(image).logits().data();
          return out;
        }));
      }
      for (int t = 0; t < threads; t++) {
        Object[] out = futures.get(t).get(2, TimeUnit.MINUTES);
        FacadeImages.assertSamePixels((int[]) out[0], serialPixels.get(t), "colorize " + t);
        FacadeImages.assertSameFloats((float[]) out[1], serialLogits.get(t), "predict " + t);
        FacadeImages.assertSamePixels((int[]) out[2], serialPixels.get(t), "colorize " + t);
        FacadeImages.assertSameFloats((float[]) out[3], serialLogits.get(t), "predict " + t);
      }
    } finally {
      pool.shutdownNow();
    }
    // Different photos really give different colors (the comparison above is not vacuous).
    assertThat(serialPixels.get(0)).isNotEqualTo(serialPixels.get(2));
  }

  @Test
  void batchesGiveWhatSingleImagesGive() {
    List<BufferedImage> images = List.of(
        FacadeImages.gray(120, 80, 20, 230, BufferedImage.TYPE_INT_RGB, 1),   // 96 x 64
        FacadeImages.gray(80, 120, 20, 230, BufferedImage.TYPE_INT_ARGB, 2),  // 64 x 96
        FacadeImages.gray(121, 81, 30, 200, BufferedImage.TYPE_INT_RGB, 3),   // 96 x 64
        FacadeImages.gray(50, 50, 20, 230, BufferedImage.TYPE_INT_RGB, 4),    // 64 x 64
        FacadeImages.gray(150, 100, 40, 220, BufferedImage.TYPE_INT_RGB, 5),  // 96 x 64
        FacadeImages.gray(90, 60, 20, 230, BufferedImage.TYPE_INT_RGB, 6));   // 96 x 64
    assertThat(colorizer.networkSize(121, 81)).isEqualTo(colorizer.networkSize(120, 80));
    List<BufferedImage> batched = colorizer.colorizeAll(images);
    assertThat(batched).hasSize(images.size());
    List<Photo> photos = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      BufferedImage image = images.get(i);
      BufferedImage single = colorizer.colorize(image);
      assertThat(batched.get(i).getWidth()).isEqualTo(image.getWidth());
      assertThat(batched.get(i).getHeight()).isEqualTo(image.getHeight());
      assertThat(batched.get(i).getType()).isEqualTo(single.getType());
      FacadeImages.assertSamePixels(pixels(batched.get(i)), pixels(single), "image " + i);
      photos.add(Photo.fromBufferedImage(image));
    }
    List<AbPlanes> abs = colorizer.predictAbAll(photos, 0.5);
    for (int i = 0; i < photos.size(); i++) {
      assertThat(abs.get(i)).isEqualTo(colorizer.predictAb(photos.get(i), 0.5));
    }
  }

  private static int[] pixels(BufferedImage image) {
    return FacadeImages.pixels(image);
  }
}
