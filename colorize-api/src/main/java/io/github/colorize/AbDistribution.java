package io.github.colorize;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.decode.AnnealedMeanDecoder;
import io.github.colorize.image.ImageSize;
import io.github.colorize.pipeline.AbPlanes;
import io.github.colorize.pipeline.ColorizationPipeline;
import io.github.colorize.pipeline.PreparedImage;
import io.github.colorize.quant.AbGamut;
import io.github.colorize.tensor.FloatTensor;
import java.awt.image.BufferedImage;

/**
 * The network's answer for one image: at every pixel of its output grid (a quarter of the
 * network input on each side for eccv16), a distribution over the ab bins, held as logits.
 *
 * <p>Decode it at any temperature without running the network again: {@link #decode(double)}
 * gives ab on the output grid, {@link #ab(double)} ab at the photo's full resolution, and
 * {@link #colorize(double)} the colorized image. T = 1 decodes the mean of the distribution, T
 * toward 0 its mode (T = 0 is the mode exactly), 0.38 is the paper's choice.
 *
 * <p>Holds the photo's full-resolution lightness to colorize it later. Immutable and
 * thread-safe; it does not need its {@link Colorizer} to stay open.
 */
public final class AbDistribution {

  private final FloatTensor logits;
  private final AbGamut gamut;
  private final ColorizationPipeline pipeline;
  private final PreparedImage image;

  AbDistribution(FloatTensor logits, ColorizationPipeline pipeline, PreparedImage image) {
    this.logits = checkNotNull(logits, "logits");
    this.pipeline = checkNotNull(pipeline, "pipeline");
    this.gamut = checkNotNull(pipeline.gamut(), "gamut");
    this.image = checkNotNull(image, "image");
    checkArgument(logits.rank() == 4 && logits.dim(0) == 1 && logits.dim(1) == gamut.size(),
        "logits %s, expected 1 x %s x h x w", logits, gamut.size());
  }

  /** Columns of the output grid. */
  public int width() {
    return logits.dim(3);
  }

  /** Rows of the output grid. */
  public int height() {
    return logits.dim(2);
  }

  /** Number of bins, Q (313 for the paper's gamut). */
  public int bins() {
    return logits.dim(1);
  }

  /** The bins: {@code gamut().a(q)}, {@code gamut().b(q)} is the ab center of bin q. */
  public AbGamut gamut() {
    return gamut;
  }

  /** The size of the photo this distribution was predicted for. */
  public ImageSize imageSize() {
    return image.size();
  }

  /** The size of the network input the photo's L was resized to. */
  public ImageSize networkSize() {
    return image.networkSize();
  }

  /** The temperature of the {@link Colorizer} that predicted this. */
  public double temperature() {
    return pipeline.temperature();
  }

  /** The logits, {@code 1 x Q x h x w} (a copy). */
  public FloatTensor logits() {
    return FloatTensor.of(logits.data().clone(), logits.shape());
  }

  /**
   * The class probabilities {@code softmax(logits / T)}, {@code 1 x Q x h x w}: each pixel's Q
   * values sum to 1. At T = 0, one-hot on the most likely bin (the lowest index among ties).
   *
   * @throws IllegalArgumentException if T is outside [0, {@value
   *     AnnealedMeanDecoder#MAX_TEMPERATURE}]
   */
  public FloatTensor probabilities(double temperature) {
    checkTemperature(temperature);
    int q = bins();
    int pixels = width() * height();
    float[] out = new float[q * pixels];
    double[] scratch = new double[q];
    for (int p = 0; p < pixels; p++) {
      softmax(p, temperature, scratch);
      for (int k = 0; k < q; k++) {
        out[k * pixels + p] = (float) scratch[k];
      }
    }
    return FloatTensor.of(out, logits.shape());
  }

  /**
   * The probabilities of the bins at one pixel of the output grid, {@code softmax(logits / T)}.
   *
   * @param x column, in [0, {@link #width()})
   * @param y row, in [0, {@link #height()})
   */
  public double[] probabilitiesAt(int x, int y, double temperature) {
    checkArgument(x >= 0 && x < width() && y >= 0 && y < height(),
        "pixel (%s, %s) is outside the %sx%s output grid", x, y, width(), height());
    checkTemperature(temperature);
    double[] out = new double[bins()];
    softmax(y * width() + x, temperature, out);
    return out;
  }

  /** softmax(logits / T) of one pixel into {@code out}, in double precision. */
  private void softmax(int pixel, double temperature, double[] out) {
    float[] z = logits.data();
    int pixels = width() * height();
    int q = bins();
    float max = Float.NEGATIVE_INFINITY;
    int argmax = 0;
    for (int k = 0; k < q; k++) {
      float v = z[k * pixels + pixel];
      if (v > max) {
        max = v;
        argmax = k;
      }
    }
    if (temperature == 0) {
      java.util.Arrays.fill(out, 0);
      out[argmax] = 1;
      return;
    }
    double sum = 0;
    for (int k = 0; k < q; k++) {
      double e = Math.exp((z[k * pixels + pixel] - max) / temperature);
      out[k] = e;
      sum += e;
    }
    for (int k = 0; k < q; k++) {
      out[k] /= sum;
    }
  }

  /**
   * H at temperature T: ab on the output grid, {@code 1 x 2 x h x w} (the a plane, then b).
   */
  public FloatTensor decode(double temperature) {
    checkTemperature(temperature);
    return pipeline.decode(logits, temperature);
  }

  /** ab at full resolution at temperature T (bilinear), as the colorizer would join with L. */
  public AbPlanes ab(double temperature) {
    return pipeline.upsample(decode(temperature), image.size());
  }

  /**
   * The photo colorized at temperature T, without running the network again: its original L
   * with {@link #ab(double)}, alpha kept.
   */
  public BufferedImage colorize(double temperature) {
    int[] argb = pipeline.compose(image, ab(temperature));
    return pipeline.toImage(image.photo(), argb);
  }

  private static void checkTemperature(double t) {
    checkArgument(t >= 0 && t <= AnnealedMeanDecoder.MAX_TEMPERATURE,
        "temperature is %s, expected in [0, %s] (0 = mode, 1 = mean)", t,
        AnnealedMeanDecoder.MAX_TEMPERATURE);
  }

  @Override
  public String toString() {
    return "AbDistribution[" + bins() + " bins at " + width() + "x" + height() + " for "
        + imageSize() + "]";
  }
}
