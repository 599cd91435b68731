package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.colorize.AbDistribution;
import io.github.colorize.Colorizer;
import io.github.colorize.image.ImageSize;
import io.github.colorize.image.Photo;
import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.caffe.CaffeImporter;
import io.github.colorize.model.caffe.testing.SyntheticRelease;
import io.github.colorize.model.caffe.testing.SyntheticRelease.SourceFiles;
import io.github.colorize.pipeline.PreparedImage;
import io.github.colorize.quant.AbGamut;
import io.github.colorize.tensor.FloatTensor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.StringVector;
import org.bytedeco.opencv.opencv_dnn.Net;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of the Caffe import: a synthetic stand-in for the authors' release (random
 * weights at full width for the exact deploy definition, BatchNorm factor 999.98, legacy blob
 * shapes) goes (a) through {@link CaffeImporter} and the {@link Colorizer} on ONNX Runtime, and
 * (b) through OpenCV's own Caffe importer ({@code readNetFromCaffe}) set up as OpenCV's
 * colorization sample does (class8_ab = the 313 bin centers as a 1x1 convolution, conv8_313_rh
 * = 2.606). Both must give the same logits and the same ab.
 *
 * <p>Random weights make the annealed mean sensitive: where a pixel's softmax is peaked, float32
 * rounding (different summation orders) in the logits is amplified by up to 1/T times the spread
 * of the bin centers. With the synthetic model's He-normal weights and BatchNorm statistics that
 * keep activations of order 1, the logits stay within a few units (as a trained model's do) and
 * the decode is well conditioned: measured here, logits agree to ~3e-6 relative and ab to ~3e-4.
 * (Doubling the logit layer's weights, i.e. logits up to ~8, brought the ab difference to 1e-3.)
 * An importer bug (deconvolution layout, ignored BatchNorm factor, wrong temperature or input
 * normalization) moves ab by units to tens of units: the wrong normalization is checked below.
 */
class CaffeImportOpenCvParityTest {

  /** Gain of the synthetic logit layer (see the class comment). */
  private static final double HEAD_GAIN = 2.0;
  private static final int WIDTH = 96;
  private static final int HEIGHT = 64;

  @TempDir
  Path dir;

  @Test
  void theImportedReleaseMatchesOpenCvsCaffeImporter() throws Exception {
    SyntheticRelease release = SyntheticRelease.builder().width(1.0).seed(2016).build();
    SourceFiles files = release.writeTo(dir, "colorization_release_synthetic");
    ModelFile model = CaffeImporter.importModel(files.prototxt(), files.caffemodel());
    assertThat(model.metadata().inputNormalization()).isEqualTo(InputNormalization.CAFFE);

    Photo photo = Photo.fromBufferedImage(scene(WIDTH, HEIGHT));
    try (Colorizer colorizer = Colorizer.builder().model(model).backend("onnx").threads(2)
        .inputSize(HEIGHT).keepAspectRatio(true).build()) {
      double t = colorizer.temperature();
      assertThat(t).isEqualTo(1.0 / 2.606f);
      PreparedImage prepared = colorizer.pipeline().prepare(photo);
      assertThat(prepared.networkSize()).isEqualTo(new ImageSize(WIDTH, HEIGHT));
      float[] input = prepared.networkInput();
      // The Colorizer honors the file's L-50: the input is L - 50, not (L - 50) / 100.
      float[] lightness = prepared.lightness();
      for (int i = 0; i < input.length; i += 97) {
        assertThat(input[i]).isCloseTo(lightness[i] - 50f, within(1e-3f));
      }

      AbDistribution distribution = colorizer.predict(photo);
      FloatTensor logits = distribution.logits();
      FloatTensor ab = distribution.decode(t);
      OpenCvOutputs cv = openCv(files, input);
      float[] divided = input.clone();
      for (int i = 0; i < divided.length; i++) {
        divided[i] /= 100f;
      }
      double wrongNormalization = maxAbsDiff(ab.data(), openCv(files, divided).ab());

      assertThat(logits.shape()).containsExactly(1, 313, HEIGHT / 4, WIDTH / 4);
      double logitScale = logits.maxAbs();
      double logitDiff = maxAbsDiff(logits.data(), cv.logits());
      double abDiff = maxAbsDiff(ab.data(), cv.ab());
      System.out.printf(Locale.ROOT, "Caffe import vs OpenCV %s: max|logit| %.3f, max|logit"
          + " diff| %.3g (relative %.3g), max|ab| %.2f, ab std %.2f, max|ab diff| %.3g; with"
          + " OpenCV fed (L-50)/100 instead: max|ab diff| %.2f%n",
          opencv_core.getVersionString().getString(), logitScale, logitDiff,
          logitDiff / logitScale, ab.maxAbs(), std(ab.data()), abDiff, wrongNormalization);

      // The comparison means something only if the colors vary and are not all gray.
      assertThat(logitScale).isBetween(1.0, 20.0);
      assertThat(ab.maxAbs()).isGreaterThan(20f);
      assertThat(std(ab.data())).isGreaterThan(5.0);
      // ...and only if a mistake shows: the normalization of the PyTorch port is far off.
      assertThat(wrongNormalization).isGreaterThan(1.0);
      assertThat(logitDiff / logitScale).as("max |logit diff| / max |logit|")
          .isLessThanOrEqualTo(1e-4);
      assertThat(abDiff).as("max |ab diff|").isLessThanOrEqualTo(1e-3);
    }
  }

  private record OpenCvOutputs(float[] logits, float[] ab) {}

  /** OpenCV's colorization sample, in Java: readNetFromCaffe, then the two blobs it sets. */
  private static OpenCvOutputs openCv(SourceFiles files, float[] input) {
    opencv_core.setNumThreads(2);
    AbGamut gamut = AbGamut.zhang2016();
    float[] centers = new float[2 * 313];
    System.arraycopy(gamut.aCenters(), 0, centers, 0, 313);
    System.arraycopy(gamut.bCenters(), 0, centers, 313, 313);
    float[] scale = new float[313];
    Arrays.fill(scale, 2.606f);
    try (Net net = opencv_dnn.readNetFromCaffe(files.prototxt().toString(),
            files.caffemodel().toString());
        Mat centerBlob = mat(centers, 2, 313, 1, 1);
        Mat scaleBlob = mat(scale, 1, 313);
        MatVector centerBlobs = new MatVector(centerBlob);
        MatVector scaleBlobs = new MatVector(scaleBlob);
        Mat blob = mat(input, 1, 1, HEIGHT, WIDTH);
        MatVector outputs = new MatVector();
        StringVector names = new StringVector("conv8_313", "class8_ab")) {
      net.getLayer(net.getLayerId("class8_ab")).blobs(centerBlobs);
      net.getLayer(net.getLayerId("conv8_313_rh")).blobs(scaleBlobs);
      net.setInput(blob);
      net.forward(outputs, names);
      return new OpenCvOutputs(floats(outputs.get(0), 313), floats(outputs.get(1), 2));
    }
  }

  private static Mat mat(float[] data, int... shape) {
    Mat m = new Mat(shape, opencv_core.CV_32F);
    try (FloatPointer p = new FloatPointer(m.data())) {
      p.put(data);
    }
    return m;
  }

  private static float[] floats(Mat m, int channels) {
    assertThat(m.dims()).isEqualTo(4);
    assertThat(m.size(1)).isEqualTo(channels);
    assertThat(m.size(2)).isEqualTo(HEIGHT / 4);
    assertThat(m.size(3)).isEqualTo(WIDTH / 4);
    float[] out = new float[(int) m.total()];
    try (FloatPointer p = new FloatPointer(m.data())) {
      p.get(out);
    }
    return out;
  }

  /** A gray scene with structure: a ramp, a bright disc, a dark bar and fine stripes. */
  private static BufferedImage scene(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double v = 40 + 120.0 * x / width + 30 * Math.sin(y / 3.0);
        double dx = x - width * 0.3;
        double dy = y - height * 0.5;
        if (dx * dx + dy * dy < 180) {
          v = 235;
        }
        if (x > width * 0.7 && x < width * 0.8) {
          v = 15;
        }
        int g = (int) Math.max(0, Math.min(255, Math.round(v)));
        image.getRaster().setSample(x, y, 0, g);
      }
    }
    return image;
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    assertThat(a.length).isEqualTo(b.length);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }

  private static double std(float[] v) {
    double sum = 0;
    double sq = 0;
    for (float x : v) {
      sum += x;
      sq += (double) x * x;
    }
    double mean = sum / v.length;
    return Math.sqrt(Math.max(0, sq / v.length - mean * mean));
  }
}
