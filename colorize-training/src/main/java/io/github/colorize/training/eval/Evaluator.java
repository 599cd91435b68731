package io.github.colorize.training.eval;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.color.CieLab;
import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.Photo;
import io.github.colorize.quant.ColorPrior;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a predictor with the paper's metrics at full image resolution: per pixel, the ab
 * distance between prediction and truth; AuC over thresholds 0..150; the rebalanced AuC weighting
 * each pixel by 1 / p(q*), q* the nearest bin of its true color, pooled over the whole set; and
 * the gray baseline (ab = 0) on the same pixels.
 */
public final class Evaluator {

  private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

  private final ColorPrior prior;
  private final float[] inversePrior;
  private final ImageDecoder decoder = ImageDecoder.defaults();

  /**
   * @param prior weights the rebalanced AuC (the model's training prior, or the ImageNet one)
   */
  public Evaluator(ColorPrior prior) {
    this.prior = checkNotNull(prior, "prior");
    double[] p = prior.probabilities();
    inversePrior = new float[p.length];
    for (int q = 0; q < p.length; q++) {
      // A bin the prior never saw would weigh infinitely; such pixels are vanishingly rare in
      // a smoothed prior, so clamp rather than fail.
      inversePrior[q] = (float) (1 / Math.max(p[q], 1e-12));
    }
  }

  /**
   * The histograms of the model and of the gray baseline, plus counts.
   *
   * @param images photos scored
   * @param failed photos that could not be read
   * @param noColor grayscale photos, left out: they have no colors to score against
   */
  public record Scores(AbErrorHistogram model, AbErrorHistogram gray, int images, int failed,
      int noColor) {}

  /**
   * Scores {@code predictor} on {@code files}.
   *
   * <p>Grayscale photos (no pixel with color) are left out and counted, with one warning: their
   * truth is ab = 0, which the gray baseline matches exactly, so they would only push both
   * scores towards meaningless values (a gray PSNR above 150 dB).
   *
   * @param progress called after each image (may be null)
   * @throws IllegalArgumentException if no image could be read, or every one is grayscale
   */
  public Scores score(List<Path> files, AbPredictor predictor, IntConsumer progress) {
    checkNotNull(files, "files");
    checkNotNull(predictor, "predictor");
    AbErrorHistogram model = new AbErrorHistogram();
    AbErrorHistogram gray = new AbErrorHistogram();
    int failed = 0;
    int noColor = 0;
    int done = 0;
    for (Path file : files) {
      Photo photo;
      try {
        photo = decoder.decode(file);
      } catch (IOException e) {
        LOG.warn("skipping unreadable evaluation image {}: {}", file, e.getMessage());
        failed++;
        continue;
      }
      if (photo.isGray()) {
        LOG.debug("leaving out grayscale evaluation photo {}", file);
        noColor++;
        if (progress != null) {
          progress.accept(++done);
        }
        continue;
      }
      int n = photo.pixelCount();
      float[] l = new float[n];
      float[] a = new float[n];
      float[] b = new float[n];
      CieLab.fromArgb(photo.argb(), l, a, b);
      float[] weights = new float[n];
      int[] bins = new int[n];
      prior.gamut().nearest(a, b, bins);
      for (int i = 0; i < n; i++) {
        weights[i] = inversePrior[bins[i]];
      }
      float[][] predicted = predictor.predictAb(photo);
      checkArgument(predicted.length == 2 && predicted[0].length == n && predicted[1].length == n,
          "the predictor returned ab planes of the wrong size for %s (%sx%s)", file,
          photo.width(), photo.height());
      model.add(predicted[0], predicted[1], a, b, weights);
      float[] zero = new float[n];
      gray.add(zero, zero, a, b, weights);
      if (progress != null) {
        progress.accept(++done);
      }
    }
    if (noColor > 0) {
      LOG.warn("{} of {} evaluation photos have no color (grayscale): they are left out of the"
          + " averages", noColor, files.size());
    }
    checkArgument(noColor == 0 || model.pixels() > 0, "all %s readable evaluation photos are"
        + " grayscale: there are no colors to score against (evaluate needs color photos)",
        noColor);
    checkArgument(model.pixels() > 0, "none of the %s evaluation images could be read",
        files.size());
    return new Scores(model, gray, files.size() - failed - noColor, failed, noColor);
  }

  /** Scores and reports. */
  public EvaluationReport evaluate(String modelName, String priorName, double temperature,
      List<Path> files, AbPredictor predictor, IntConsumer progress) {
    Scores s = score(files, predictor, progress);
    return new EvaluationReport(modelName, s.images(), s.failed(), s.noColor(),
        s.model().pixels(), priorName, temperature, Metrics.of(s.model()), Metrics.of(s.gray()));
  }
}
