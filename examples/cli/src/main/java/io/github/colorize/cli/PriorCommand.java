package io.github.colorize.cli;

import io.github.colorize.quant.ColorPrior;
import io.github.colorize.training.data.ImageFolder;
import io.github.colorize.training.prior.PriorComputation;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code colorize prior}: the empirical ab distribution of a photo collection. */
@Command(name = "prior", mixinStandardHelpOptions = true,
    description = {
        "Computes the color prior of training photos: the distribution of their ab values over "
            + "the 313 bins, Gaussian-smoothed (sigma 5) as in the paper. 'train' computes it "
            + "too (and caches it); run this to inspect it first.",
        "Writes DIR/prior.txt (one probability per bin) and DIR/prior.properties."})
final class PriorCommand implements Callable<Integer> {

  @Option(names = "--data", paramLabel = "DIR", required = true, arity = "1..*",
      description = "Image folders (searched recursively).")
  List<Path> data;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "Folder for prior.txt (use the training run's --out to reuse it there).")
  Path out;

  @Option(names = "--sigma", defaultValue = "5", paramLabel = "S",
      description = "Gaussian smoothing in ab units (0 = none; default: ${DEFAULT-VALUE}).")
  double sigma;

  @Mixin
  Verbosity verbosity;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ImageFolder folder = ImageFolder.scan(data);
    AtomicLong done = new AtomicLong();
    PriorComputation.Result r;
    try (ProgressBar bar = Progress.bar("prior", folder.size())) {
      r = PriorComputation.cached(folder, sigma, out, i -> bar.stepTo(done.incrementAndGet()));
    }
    ColorPrior p = r.prior();
    double[] probabilities = p.probabilities();
    int top = 0;
    for (int q = 1; q < probabilities.length; q++) {
      if (probabilities[q] > probabilities[top]) {
        top = q;
      }
    }
    double entropy = 0;
    for (double v : probabilities) {
      entropy -= v > 0 ? v * Math.log(v) / Math.log(2) : 0;
    }
    spec.commandLine().getOut().printf(Locale.ROOT,
        "prior of %d images (%d unreadable), %d pixels%s -> %s%n"
            + "most frequent bin %d at (a, b) = (%.0f, %.0f), p = %.4f; gray bin p = %.4f;"
            + " entropy %.2f bits; data manifest sha256 %s%n",
        r.images(), r.unreadable(), r.pixels(), r.cached() ? " (cached)" : "",
        out.resolve(PriorComputation.PRIOR_FILE), top, p.gamut().a(top), p.gamut().b(top),
        probabilities[top], probabilities[p.gamut().grayBin()], entropy, r.manifestSha256());
    return 0;
  }
}
