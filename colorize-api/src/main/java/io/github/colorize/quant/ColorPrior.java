package io.github.colorize.quant;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.io.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A probability distribution over the bins of a gamut: how often each color occurs in a training
 * set. It drives class rebalancing ({@link RebalanceWeights}) and the rebalanced AuC metric.
 *
 * <p>{@link #imagenet()} is the released prior of the paper's ImageNet training (already smoothed).
 * A new one comes from counting nearest bins with a {@link BinHistogram}, then {@link
 * #smoothed(double) Gaussian smoothing} over the bin centers (sigma 5 in the paper). Priors are
 * saved as text, one probability per line in bin order, so training can cache them.
 *
 * <p>Probabilities are normalized to sum 1 on creation (a table already summing to 1 within 1e-12
 * is kept bit for bit). Instances are immutable.
 */
public final class ColorPrior {

  /** The paper's smoothing sigma, in ab units. */
  public static final double PAPER_SMOOTHING_SIGMA = 5.0;

  /** Sums within this of 1 count as normalized. */
  private static final double NORMALIZED_TOLERANCE = 1e-12;

  private static final String IMAGENET_RESOURCE = "prior_probs.tsv";
  private static final String IMAGENET_SHA256 =
      "ece0946065883614f01293b16c26aa0ef70e49b2c6d2ee10d86b2da911a84837";

  private final AbGamut gamut;
  private final double[] probabilities;

  private ColorPrior(AbGamut gamut, double[] probabilities) {
    this.gamut = gamut;
    this.probabilities = probabilities;
  }

  private static final class Imagenet {
    static final ColorPrior INSTANCE = load();

    private static ColorPrior load() {
      double[][] table = ReferenceTables.loadChecked(IMAGENET_RESOURCE,
          AbGamut.zhang2016().size(), 1, IMAGENET_SHA256);
      double[] p = new double[table.length];
      for (int q = 0; q < p.length; q++) {
        p[q] = table[q][0];
      }
      return of(AbGamut.zhang2016(), p);
    }
  }

  /** The released prior of the paper's ImageNet training, over {@link AbGamut#zhang2016()}. */
  public static ColorPrior imagenet() {
    return Imagenet.INSTANCE;
  }

  /**
   * A prior from probabilities (or any non-negative weights), normalized to sum 1 unless they
   * already sum to 1 within 1e-12.
   *
   * @param gamut the bins
   * @param probabilities one per bin, finite, >= 0, not all 0
   */
  public static ColorPrior of(AbGamut gamut, double[] probabilities) {
    checkNotNull(gamut, "gamut");
    checkNotNull(probabilities, "probabilities");
    checkArgument(probabilities.length == gamut.size(),
        "prior has %s probabilities, expected one per bin of %s (%s)", probabilities.length,
        gamut.id(), gamut.size());
    double sum = 0;
    for (int q = 0; q < probabilities.length; q++) {
      double p = probabilities[q];
      checkArgument(Double.isFinite(p) && p >= 0, "probability of bin %s is %s, expected a finite"
          + " value >= 0", q, Double.valueOf(p));
      sum += p;
    }
    checkArgument(sum > 0, "probabilities sum to %s, expected > 0", sum);
    double[] normalized = probabilities.clone();
    // Dividing an already normalized table would move its last bits: keep such tables exactly
    // (the released prior, a prior read back from its cache).
    if (Math.abs(sum - 1) > NORMALIZED_TOLERANCE) {
      for (int q = 0; q < normalized.length; q++) {
        normalized[q] /= sum;
      }
    }
    return new ColorPrior(gamut, normalized);
  }

  /**
   * The empirical distribution of bin counts (unsmoothed).
   *
   * @param counts one per bin, >= 0, not all 0
   */
  public static ColorPrior fromCounts(AbGamut gamut, long[] counts) {
    checkNotNull(counts, "counts");
    double[] p = new double[counts.length];
    for (int q = 0; q < counts.length; q++) {
      checkArgument(counts[q] >= 0, "count of bin %s is %s, expected >= 0", q, counts[q]);
      p[q] = counts[q];
    }
    return of(gamut, p);
  }

  /**
   * Reads a prior written by {@link #write(Path)}: one probability per line, in bin order.
   *
   * @throws IllegalArgumentException naming the file and line if it is malformed or has the wrong
   *     number of lines for {@code gamut}
   * @throws IOException if it cannot be read
   */
  public static ColorPrior read(Path file, AbGamut gamut) throws IOException {
    checkNotNull(file, "file");
    checkNotNull(gamut, "gamut");
    double[][] table;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      table = ReferenceTables.parse(reader, "prior file " + file, 1);
    }
    checkArgument(table.length == gamut.size(), "prior file %s has %s probabilities, expected %s"
        + " (one per bin of %s)", file, table.length, gamut.size(), gamut.id());
    double[] p = new double[table.length];
    for (int q = 0; q < p.length; q++) {
      checkArgument(table[q][0] >= 0, "prior file %s: probability of bin %s is %s, expected >= 0",
          file, q, table[q][0]);
      p[q] = table[q][0];
    }
    return of(gamut, p);
  }

  /** Reads a prior over {@link AbGamut#zhang2016()}; see {@link #read(Path, AbGamut)}. */
  public static ColorPrior read(Path file) throws IOException {
    return read(file, AbGamut.zhang2016());
  }

  /**
   * Writes this prior as text, one probability per line in bin order, with every digit needed to
   * read back the same doubles. The file is replaced atomically where the file system allows, so a
   * crash never leaves half a cache.
   */
  public void write(Path file) throws IOException {
    checkNotNull(file, "file");
    AtomicFiles.write(file, out -> {
      Writer writer = new OutputStreamWriter(out, StandardCharsets.US_ASCII);
      for (double p : probabilities) {
        writer.write(Double.toString(p));
        writer.write('\n');
      }
      writer.flush();
    });
  }

  /**
   * This prior convolved with a Gaussian over the bin centers, {@code p'_q} proportional to
   * {@code sum_r p_r exp(-|c_q - c_r|^2 / (2 sigma^2))}, normalized.
   *
   * @param sigma in ab units, > 0 (the paper uses 5)
   */
  public ColorPrior smoothed(double sigma) {
    checkArgument(sigma > 0 && Double.isFinite(sigma), "sigma is %s, expected a finite value > 0",
        sigma);
    int bins = gamut.size();
    double inverse = 1 / (2 * sigma * sigma);
    double[] out = new double[bins];
    for (int q = 0; q < bins; q++) {
      double sum = 0;
      for (int r = 0; r < bins; r++) {
        double da = gamut.a(q) - (double) gamut.a(r);
        double db = gamut.b(q) - (double) gamut.b(r);
        sum += probabilities[r] * Math.exp(-(da * da + db * db) * inverse);
      }
      out[q] = sum;
    }
    return of(gamut, out);
  }

  /** The bins this prior is over. */
  public AbGamut gamut() {
    return gamut;
  }

  /** Number of bins. */
  public int size() {
    return probabilities.length;
  }

  /** Probability of bin {@code q}. */
  public double probability(int q) {
    checkArgument(q >= 0 && q < probabilities.length, "bin %s out of range [0, %s)", q,
        probabilities.length);
    return probabilities[q];
  }

  /** Every probability, by bin (a copy). */
  public double[] probabilities() {
    return probabilities.clone();
  }

  /** The expectation of a per-bin quantity under this prior, {@code sum_q p_q v_q}. */
  public double expectation(double[] perBin) {
    checkNotNull(perBin, "perBin");
    checkArgument(perBin.length == probabilities.length,
        "perBin has %s values, expected one per bin (%s)", perBin.length, probabilities.length);
    double sum = 0;
    for (int q = 0; q < perBin.length; q++) {
      sum += probabilities[q] * perBin[q];
    }
    return sum;
  }

  @Override
  public String toString() {
    return "ColorPrior[" + gamut.id() + "]";
  }
}
