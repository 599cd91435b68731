package io.github.colorize.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.colorize.Device;
import io.github.colorize.color.CieLab;
import io.github.colorize.image.ImageSize;
import io.github.colorize.image.Photo;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.ModelFile;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendException;
import io.github.colorize.tensor.FloatTensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The stages that do not need a network, and the checks around the one that does. The backend
 * here is a test double of the SPI (a function); the pipeline on a real network is tested with
 * ONNX Runtime in colorize-onnx.
 */
class ColorizationPipelineTest {

  private static Backend backend(Function<FloatTensor, FloatTensor> network) {
    return new Backend() {
      @Override
      public FloatTensor run(FloatTensor input) {
        return network.apply(input);
      }

      @Override
      public String name() {
        return "function";
      }

      @Override
      public Device device() {
        return Device.cpu();
      }

      @Override
      public void close() {}
    };
  }

  private static ModelFile model(InputNormalization normalization) {
    Eccv16 net = Eccv16.logits(0.125);
    return ModelFile.of(net, net.randomWeights(1),
        net.defaultMetadata().toBuilder().inputNormalization(normalization).build());
  }

  private static ColorizationPipeline pipeline(ModelFile model,
      Function<FloatTensor, FloatTensor> network) {
    return new ColorizationPipeline(backend(network), model,
        new PipelineOptions(32, false, 0.38, 2));
  }

  private static Photo randomPhoto(int w, int h, boolean alpha, long seed) {
    Random random = new Random(seed);
    int[] argb = new int[w * h];
    for (int i = 0; i < argb.length; i++) {
      argb[i] = random.nextInt();
    }
    return Photo.ofArgb(w, h, argb, alpha, "random");
  }

  @Test
  void theInputIsNormalizedAsTheModelFileSays() {
    Photo photo = randomPhoto(32, 32, false, 1);
    ColorizationPipeline pytorch = pipeline(model(InputNormalization.PYTORCH), x -> x);
    ColorizationPipeline caffe = pipeline(model(InputNormalization.CAFFE), x -> x);
    float[] l = pytorch.lightness(photo);
    ImageSize size = new ImageSize(32, 32);
    // Same size: the resize is a copy, so the input is exactly the normalized L.
    float[] p = pytorch.networkInput(l, 32, 32, size);
    float[] c = caffe.networkInput(l, 32, 32, size);
    for (int i = 0; i < l.length; i++) {
      assertThat(p[i]).isEqualTo((l[i] - 50f) / 100f);
      assertThat(c[i]).isEqualTo(l[i] - 50f);
    }
  }

  @Test
  void sixteenBitPhotosKeepTheirPrecisionInL() {
    int n = 64;
    float[] planes = new float[3 * n];
    int[] argb = new int[n];
    for (int i = 0; i < n; i++) {
      // Gray levels between 8-bit codes 100 and 101.
      float v = (100f + i / (float) n) / 255f;
      planes[i] = planes[n + i] = planes[2 * n + i] = v;
      int code = Math.round(v * 255);
      argb[i] = 0xff000000 | code * 0x010101;
    }
    Photo photo = new Photo(8, 8, argb, planes, false, true, 16, "16-bit");
    float[] l = pipeline(model(InputNormalization.PYTORCH), x -> x).lightness(photo);
    for (int i = 0; i < n; i++) {
      double expected = CieLab.fromSrgb(planes[i], planes[i], planes[i]).l();
      assertThat((double) l[i]).isCloseTo(expected, within(1e-3));
    }
    assertThat(l[n - 1] - l[0]).as("distinct 16-bit levels stay distinct").isGreaterThan(0.3f);
  }

  @Test
  void composeJoinsTheOriginalLWithAbAndKeepsAlpha() {
    Photo photo = randomPhoto(37, 23, true, 2);
    int n = photo.pixelCount();
    float[] l = new float[n];
    float[] a = new float[n];
    float[] b = new float[n];
    CieLab.fromArgb(photo.argb(), l, a, b);
    ColorizationPipeline pipeline = pipeline(model(InputNormalization.PYTORCH), x -> x);
    PreparedImage image = pipeline.prepare(photo);
    assertThat(image.lightness()).containsExactly(l);
    // The photo's own ab brings every pixel back exactly, alpha included.
    int[] out = pipeline.compose(image, new AbPlanes(37, 23, a, b));
    assertThat(out).containsExactly(photo.argb());
    assertThatThrownBy(() -> pipeline.compose(image, new AbPlanes(23, 37, a, b)))
        .hasMessageContaining("ab is 23x37 but the photo is 37x23");
  }

  @Test
  void upsamplingAConstantFieldGivesThatConstant() {
    ColorizationPipeline pipeline = pipeline(model(InputNormalization.PYTORCH), x -> x);
    float[] data = new float[2 * 2 * 3 * 5];
    for (int i = 0; i < data.length; i++) {
      data[i] = i < 15 ? 12.5f : i < 30 ? -7.25f : i < 45 ? 3f : 4f;
    }
    FloatTensor ab = FloatTensor.of(data, 2, 2, 3, 5);
    AbPlanes first = pipeline.upsample(ab, 0, new ImageSize(41, 17));
    AbPlanes second = pipeline.upsample(ab, 1, new ImageSize(9, 13));
    assertThat(first.width()).isEqualTo(41);
    assertThat(first.height()).isEqualTo(17);
    for (int i = 0; i < first.pixelCount(); i++) {
      assertThat(first.a()[i]).isCloseTo(12.5f, within(1e-5f));
      assertThat(first.b()[i]).isCloseTo(-7.25f, within(1e-5f));
    }
    for (int i = 0; i < second.pixelCount(); i++) {
      assertThat(second.a()[i]).isCloseTo(3f, within(1e-5f));
      assertThat(second.b()[i]).isCloseTo(4f, within(1e-5f));
    }
  }

  @Test
  void aBackendAnswerOfTheWrongShapeIsCaught() {
    ModelFile model = model(InputNormalization.PYTORCH);
    ColorizationPipeline wrong = pipeline(model, x -> FloatTensor.zeros(1, 2, 8, 8));
    PreparedImage image = wrong.prepare(randomPhoto(20, 10, false, 3));
    assertThatThrownBy(() -> wrong.runNetwork(wrong.stack(List.of(image))))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("returned shape [1, 2, 8, 8] for input [1, 1, 32, 32]")
        .hasMessageContaining("expected [1, 313, h, w]");
  }

  @Test
  void onlyImagesOfOneNetworkSizeStack() {
    ModelFile model = model(InputNormalization.PYTORCH);
    ColorizationPipeline aspect = new ColorizationPipeline(backend(x -> x), model,
        new PipelineOptions(32, true, 0.38, 4));
    PreparedImage wide = aspect.prepare(randomPhoto(64, 32, false, 4));
    PreparedImage tall = aspect.prepare(randomPhoto(32, 64, false, 5));
    assertThat(wide.networkSize()).isEqualTo(new ImageSize(64, 32));
    assertThat(tall.networkSize()).isEqualTo(new ImageSize(32, 64));
    assertThat(aspect.stack(List.of(wide, wide)).shape()).containsExactly(2, 1, 32, 64);
    assertThatThrownBy(() -> aspect.stack(List.of(wide, tall)))
        .hasMessageContaining("image 1 has network size 32x64, expected 64x32");
  }

  @Test
  void oneHotLogitsDecodeToTheirBin() {
    ColorizationPipeline pipeline = pipeline(model(InputNormalization.PYTORCH), x -> x);
    int q = 200;
    float[] logits = new float[313 * 4];
    for (int p = 0; p < 4; p++) {
      logits[q * 4 + p] = 80f;
    }
    FloatTensor ab = pipeline.decode(FloatTensor.of(logits, 1, 313, 2, 2), 1.0);
    for (int p = 0; p < 4; p++) {
      assertThat(ab.data()[p]).isEqualTo(pipeline.gamut().a(q));
      assertThat(ab.data()[4 + p]).isEqualTo(pipeline.gamut().b(q));
    }
  }

  /** Logits that depend on the input around each output pixel, so that every L counts. */
  private static FloatTensor fakeLogits(FloatTensor input) {
    int n = input.dim(0);
    int h = input.dim(2) / 4;
    int w = input.dim(3) / 4;
    float[] in = input.data();
    float[] out = new float[n * 313 * h * w];
    for (int b = 0; b < n; b++) {
      for (int c = 0; c < 313; c++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            float l = in[(b * input.dim(2) + 4 * y) * input.dim(3) + 4 * x];
            out[((b * 313 + c) * h + y) * w + x] = (float) Math.sin(l * 20 * (c + 1) + c) * 4f;
          }
        }
      }
    }
    return FloatTensor.of(out, n, 313, h, w);
  }

  /** The stages one by one on whole-image planes: the reference for the strip path. */
  private static int[] wholeImage(ColorizationPipeline pipeline, Photo photo) {
    PreparedImage image = pipeline.prepare(photo);
    FloatTensor ab = pipeline.decode(pipeline.runNetwork(pipeline.stack(List.of(image))));
    return pipeline.compose(image, pipeline.upsample(ab, image.size()));
  }

  @Test
  void sixteenBitResultsAreTheEightBitOnesAtSixteenBitsWithAlpha() {
    ColorizationPipeline pipeline = pipeline(model(InputNormalization.PYTORCH),
        ColorizationPipelineTest::fakeLogits);
    int w = 37;
    int h = 23;
    int n = w * h;
    float[] planes = new float[3 * n];
    int[] argb = new int[n];
    for (int i = 0; i < n; i++) {
      float v = (20000 + 13 * i) / 65535f;
      planes[i] = v;
      planes[n + i] = v;
      planes[2 * n + i] = v;
      int v8 = Math.round(v * 255);
      argb[i] = (i % 256) << 24 | v8 << 16 | v8 << 8 | v8;
    }
    Photo photo = new Photo(w, h, argb, planes, true, true, 16, "16-bit gray with alpha");

    java.awt.image.BufferedImage deep = pipeline.colorizeSixteenBit(photo);
    int[] eight = pipeline.colorize(photo);

    assertThat(deep.getColorModel().getComponentSize()).containsExactly(16, 16, 16, 16);
    float[] l = new float[1];
    for (int i = 0; i < n; i++) {
      int[] s = deep.getRaster().getPixel(i % w, i / w, (int[]) null);
      assertThat(s[3]).as("alpha of pixel %s", i).isEqualTo((i % 256) * 257);
      for (int c = 0; c < 3; c++) {
        int expected = (eight[i] >>> (16 - 8 * c)) & 0xff;
        assertThat(s[c] / 257.0).as("channel %s of pixel %s", c, i)
            .isCloseTo(expected, within(1.0));
      }
      // The original L, at 16-bit precision (8-bit output would be off by up to 0.2).
      float[][] rgb = {{s[0] / 65535f}, {s[1] / 65535f}, {s[2] / 65535f}};
      CieLab.fromSrgb(rgb[0], rgb[1], rgb[2], l, new float[1], new float[1]);
      float[] in = new float[1];
      CieLab.fromSrgb(new float[] {planes[i]}, new float[] {planes[i]}, new float[] {planes[i]},
          in, new float[1], new float[1]);
      assertThat(l[0]).as("L of pixel %s", i).isCloseTo(in[0], within(0.02f));
    }
  }

  @Test
  void theStripPathGivesTheWholeImagePixels() {
    ColorizationPipeline pipeline = pipeline(model(InputNormalization.PYTORCH),
        ColorizationPipelineTest::fakeLogits);
    // Several strips (the last one short), alpha, and a 16-bit photo with alpha.
    Photo eightBit = randomPhoto(1031, 2117, true, 11);
    int w = 1100;
    int h = 1000;
    int n = w * h;
    Random random = new Random(12);
    float[] planes = new float[3 * n];
    int[] argb = new int[n];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        planes[c * n + i] = random.nextInt(65536) / 65535f;
      }
      argb[i] = random.nextInt(256) << 24 | Math.round(planes[i] * 255) << 16
          | Math.round(planes[n + i] * 255) << 8 | Math.round(planes[2 * n + i] * 255);
    }
    Photo sixteenBit = new Photo(w, h, argb, planes, true, false, 16, "16-bit");
    for (Photo photo : List.of(eightBit, sixteenBit)) {
      assertThat(photo.pixelCount()).isGreaterThan(PhotoStrips.STRIP_PIXELS);
      // Arrays.mismatch: AssertJ's diff of two large arrays takes minutes.
      assertThat(Arrays.mismatch(pipeline.networkInput(photo, new ImageSize(32, 32)),
          pipeline.prepare(photo).networkInput())).as("%s network input", photo).isEqualTo(-1);
      assertThat(Arrays.mismatch(pipeline.networkTensor(photo).data(),
          pipeline.stack(List.of(pipeline.prepare(photo))).data())).as("%s tensor", photo)
          .isEqualTo(-1);
      int[] expected = wholeImage(pipeline, photo);
      assertThat(Arrays.mismatch(pipeline.colorize(photo), expected)).as("%s", photo)
          .isEqualTo(-1);
      // In place: the photo's own pixels become the result.
      pipeline.colorizeInto(photo, photo.argb());
      assertThat(Arrays.mismatch(photo.argb(), expected)).as("%s in place", photo).isEqualTo(-1);
    }
  }
}
