package io.github.colorize.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColorPriorTest {

  private final AbGamut gamut = AbGamut.zhang2016();

  @Test
  void imagenetPriorIsTheReleasedOne() {
    ColorPrior prior = ColorPrior.imagenet();
    assertThat(prior.size()).isEqualTo(313);
    assertThat(prior.gamut()).isSameAs(gamut);
    double sum = 0;
    for (double p : prior.probabilities()) {
      assertThat(p).isPositive();
      sum += p;
    }
    assertThat(sum).isCloseTo(1, within(1e-12));
    // First line of the released file, and gray as the most frequent bin.
    assertThat(prior.probability(0)).isCloseTo(4.886370774683732e-08, within(1e-20));
    int mostFrequent = 0;
    for (int q = 1; q < 313; q++) {
      if (prior.probability(q) > prior.probability(mostFrequent)) {
        mostFrequent = q;
      }
    }
    assertThat(mostFrequent).isEqualTo(gamut.grayBin());
  }

  @Test
  void histogramCountsNearestBins() {
    BinHistogram histogram = new BinHistogram(gamut);
    // 3 x gray (one a hair off), 1 x (0, 10), 2 x (-90, 50) = bin 0.
    histogram.add(new float[] {0, 1, -2, 0.5f, -90, -91}, new float[] {0, 2, -1, 9.5f, 50, 52});
    assertThat(histogram.total()).isEqualTo(6);
    assertThat(histogram.count(120)).isEqualTo(3);
    assertThat(histogram.count(121)).isEqualTo(1);
    assertThat(histogram.count(0)).isEqualTo(2);
    ColorPrior prior = histogram.toPrior();
    assertThat(prior.probability(120)).isCloseTo(0.5, within(1e-15));
    assertThat(prior.probability(0)).isCloseTo(1 / 3.0, within(1e-15));
    assertThat(prior.probability(5)).isZero();
  }

  @Test
  void histogramIsThreadSafeAndMerges() throws Exception {
    int n = 200_000;
    float[] a = new float[n];
    float[] b = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (i % 200) - 100;
      b[i] = ((i / 200) % 200) - 100;
    }
    BinHistogram single = new BinHistogram(gamut);
    single.add(a, b);
    BinHistogram shared = new BinHistogram(gamut);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> shared.add(a, b)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(shared.total()).isEqualTo(8L * n);
    for (int q = 0; q < 313; q++) {
      assertThat(shared.count(q)).isEqualTo(8 * single.count(q));
    }
    BinHistogram merged = new BinHistogram(gamut);
    merged.merge(single);
    merged.merge(single);
    assertThat(merged.counts()).isEqualTo(new BinHistogram(gamut).counts().length == 313
        ? times(single.counts(), 2) : null);
  }

  private static long[] times(long[] counts, int factor) {
    long[] out = counts.clone();
    for (int q = 0; q < out.length; q++) {
      out[q] *= factor;
    }
    return out;
  }

  @Test
  void smoothingIsAGaussianOverTheCenters() {
    double[] delta = new double[313];
    delta[gamut.grayBin()] = 1;
    ColorPrior smoothed = ColorPrior.of(gamut, delta).smoothed(5);
    double center = smoothed.probability(gamut.grayBin());
    int right = gamut.nearest(10, 0);
    int diagonal = gamut.nearest(10, 10);
    int twoAway = gamut.nearest(0, -20);
    assertThat(smoothed.probability(right) / center).isCloseTo(Math.exp(-2), within(1e-12));
    assertThat(smoothed.probability(diagonal) / center).isCloseTo(Math.exp(-4), within(1e-12));
    assertThat(smoothed.probability(twoAway) / center).isCloseTo(Math.exp(-8), within(1e-12));
    double sum = 0;
    for (double p : smoothed.probabilities()) {
      sum += p;
    }
    assertThat(sum).isCloseTo(1, within(1e-12));

    BinHistogram histogram = new BinHistogram(gamut);
    histogram.add(new float[] {0, 0}, new float[] {0, 0});
    assertThat(histogram.toSmoothedPrior(5).probabilities()).isEqualTo(smoothed.probabilities());
  }

  @Test
  void writesAndReadsBackTheSameDoubles(@TempDir Path dir) throws IOException {
    ColorPrior prior = ColorPrior.imagenet().smoothed(3);
    Path file = dir.resolve("prior.txt");
    prior.write(file);
    assertThat(Files.readAllLines(file)).hasSize(313);
    ColorPrior back = ColorPrior.read(file);
    assertThat(back.probabilities()).isEqualTo(prior.probabilities());
    // Overwriting an existing cache works and leaves no temporary file behind.
    ColorPrior.imagenet().write(file);
    assertThat(ColorPrior.read(file).probabilities())
        .isEqualTo(ColorPrior.imagenet().probabilities());
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void readRejectsMalformedFiles(@TempDir Path dir) throws IOException {
    Path shortFile = dir.resolve("short.txt");
    Files.writeString(shortFile, "0.5\n0.5\n");
    assertThatThrownBy(() -> ColorPrior.read(shortFile))
        .hasMessage("prior file " + shortFile + " has 2 probabilities, expected 313 (one per bin"
            + " of zhang2016-313)");
    Path bad = dir.resolve("bad.txt");
    Files.writeString(bad, "0.5\nzero\n");
    assertThatThrownBy(() -> ColorPrior.read(bad))
        .hasMessage("prior file " + bad + " line 2: 'zero' is not a number");
    Path negative = dir.resolve("negative.txt");
    Files.writeString(negative, "-1\n" + "1\n".repeat(312));
    assertThatThrownBy(() -> ColorPrior.read(negative))
        .hasMessage("prior file " + negative + ": probability of bin 0 is -1.0, expected >= 0");
  }

  @Test
  void rejectsBadPriors() {
    assertThatThrownBy(() -> ColorPrior.of(gamut, new double[3]))
        .hasMessage("prior has 3 probabilities, expected one per bin of zhang2016-313 (313)");
    assertThatThrownBy(() -> ColorPrior.of(gamut, new double[313]))
        .hasMessage("probabilities sum to 0.0, expected > 0");
    double[] nan = new double[313];
    nan[7] = Double.NaN;
    assertThatThrownBy(() -> ColorPrior.of(gamut, nan))
        .hasMessage("probability of bin 7 is NaN, expected a finite value >= 0");
    assertThatThrownBy(() -> new BinHistogram(gamut).toPrior())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no ab values were counted: the histogram is empty");
    assertThatThrownBy(() -> ColorPrior.imagenet().smoothed(0))
        .hasMessage("sigma is 0.0, expected a finite value > 0");
  }
}
