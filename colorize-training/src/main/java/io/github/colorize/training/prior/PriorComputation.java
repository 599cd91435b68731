package io.github.colorize.training.prior;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.color.CieLab;
import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.Photo;
import io.github.colorize.io.AtomicFiles;
import io.github.colorize.quant.AbGamut;
import io.github.colorize.quant.BinHistogram;
import io.github.colorize.quant.ColorPrior;
import io.github.colorize.training.data.ImageFolder;
import io.github.colorize.training.data.SourceMix;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code prior} step: the empirical distribution of the training photos' ab values over the
 * gamut's bins (every pixel of every photo, at full resolution), Gaussian-smoothed as in the
 * paper. The result is cached beside the run as {@code prior.txt} with a {@code prior.properties}
 * describing what it was computed from, and reused while the data and sigma are unchanged.
 *
 * <p>With a {@link SourceMix} other than {@link SourceMix#PROPORTIONAL}, the prior is that of the
 * colors training actually sees: each folder's pixel distribution, weighted by how often the mix
 * draws from it (Tiny ImageNet's 64 px photos would otherwise count 20 times less per photo
 * than 256 px ones, whatever their share of the batches).
 */
public final class PriorComputation {

  private static final Logger LOG = LoggerFactory.getLogger(PriorComputation.class);

  /** Cache file name. */
  public static final String PRIOR_FILE = "prior.txt";
  private static final String INFO_FILE = "prior.properties";

  /**
   * What the prior was computed from.
   *
   * @param prior the smoothed prior
   * @param images images counted
   * @param unreadable images skipped because they could not be read
   * @param pixels pixels counted
   * @param manifestSha256 the data manifest hash
   * @param cached whether it came from the cache
   */
  public record Result(ColorPrior prior, int images, int unreadable, long pixels,
      String manifestSha256, boolean cached) {}

  private PriorComputation() {}

  /**
   * The prior of {@code folder}, from the cache in {@code dir} when it matches the data and
   * sigma, else computed and cached.
   *
   * @param folder the training photos
   * @param sigma Gaussian smoothing over the bin centers (0 = none)
   * @param dir cache folder
   * @param progress called with each image done (may be null)
   */
  public static Result cached(ImageFolder folder, double sigma, Path dir, IntConsumer progress)
      throws IOException {
    return cached(folder, sigma, SourceMix.PROPORTIONAL, dir, progress);
  }

  /**
   * The prior of {@code folder} with its folders weighted by {@code mix}, from the cache in
   * {@code dir} when it matches the data, sigma and mix, else computed and cached.
   */
  public static Result cached(ImageFolder folder, double sigma, SourceMix mix, Path dir,
      IntConsumer progress) throws IOException {
    checkNotNull(folder, "folder");
    checkNotNull(mix, "mix");
    checkArgument(sigma >= 0, "sigma is %s, expected >= 0", sigma);
    String manifest = folder.manifestSha256();
    Path priorFile = dir.resolve(PRIOR_FILE);
    Path infoFile = dir.resolve(INFO_FILE);
    if (Files.exists(priorFile) && Files.exists(infoFile)) {
      Properties info = new Properties();
      try (var in = Files.newBufferedReader(infoFile, StandardCharsets.UTF_8)) {
        info.load(in);
      }
      if (manifest.equals(info.getProperty("manifest_sha256"))
          && Double.toString(sigma).equals(info.getProperty("sigma"))
          && mix.name().equals(info.getProperty("mix", SourceMix.PROPORTIONAL.name()))) {
        LOG.info("reusing the prior cached in {}", priorFile);
        return new Result(ColorPrior.read(priorFile), Integer.parseInt(info.getProperty("images")),
            Integer.parseInt(info.getProperty("unreadable")),
            Long.parseLong(info.getProperty("pixels")), manifest, true);
      }
    }
    Result fresh = compute(folder, sigma, mix, progress, manifest);
    Files.createDirectories(dir);
    fresh.prior().write(priorFile);
    Properties info = new Properties();
    info.setProperty("manifest_sha256", manifest);
    info.setProperty("sigma", Double.toString(sigma));
    info.setProperty("mix", mix.name());
    info.setProperty("images", Integer.toString(fresh.images()));
    info.setProperty("unreadable", Integer.toString(fresh.unreadable()));
    info.setProperty("pixels", Long.toString(fresh.pixels()));
    info.setProperty("folders", String.join(";", folder.roots().stream().map(Path::toString)
        .toList()));
    AtomicFiles.write(infoFile, out -> info.store(
        new OutputStreamWriter(out, StandardCharsets.UTF_8),
        "colorize prior cache: what prior.txt was computed from"));
    return fresh;
  }

  /** Computes the prior of {@code folder} without any cache. */
  public static Result compute(ImageFolder folder, double sigma, IntConsumer progress,
      String manifestSha256) {
    return compute(folder, sigma, SourceMix.PROPORTIONAL, progress, manifestSha256);
  }

  /** Computes the prior of {@code folder} with its folders weighted by {@code mix}. */
  public static Result compute(ImageFolder folder, double sigma, SourceMix mix,
      IntConsumer progress, String manifestSha256) {
    AbGamut gamut = AbGamut.zhang2016();
    ImageDecoder decoder = ImageDecoder.defaults();
    int[] sizes = folder.rootSizes();
    int[] sourceOf = new int[folder.size()];
    for (int s = 0, i = 0; s < sizes.length; s++) {
      for (int k = 0; k < sizes[s]; k++) {
        sourceOf[i++] = s;
      }
    }
    BinHistogram[] histograms = new BinHistogram[sizes.length];
    for (int s = 0; s < sizes.length; s++) {
      histograms[s] = new BinHistogram(gamut);
    }
    AtomicInteger unreadable = new AtomicInteger();
    long pixels = IntStream.range(0, folder.size()).parallel().mapToLong(i -> {
      Path file = folder.file(i);
      try {
        Photo photo = decoder.decode(file);
        int n = photo.pixelCount();
        float[] l = new float[n];
        float[] a = new float[n];
        float[] b = new float[n];
        CieLab.fromArgb(photo.argb(), l, a, b);
        histograms[sourceOf[i]].add(a, b);
        return n;
      } catch (IOException | RuntimeException e) {
        LOG.warn("skipping unreadable image {}: {}", file, e.getMessage());
        unreadable.incrementAndGet();
        return 0;
      } finally {
        if (progress != null) {
          progress.accept(i);
        }
      }
    }).sum();
    checkArgument(pixels > 0, "none of the %s images under %s could be read", folder.size(),
        folder.roots());
    ColorPrior prior;
    if (mix == SourceMix.PROPORTIONAL) {
      BinHistogram all = new BinHistogram(gamut);
      for (BinHistogram h : histograms) {
        all.merge(h);
      }
      prior = all.toPrior();
    } else {
      double[] weights = mix.weights(sizes);
      double[] p = new double[gamut.size()];
      for (int s = 0; s < sizes.length; s++) {
        long total = histograms[s].total();
        for (int q = 0; total > 0 && q < p.length; q++) {
          p[q] += weights[s] * histograms[s].count(q) / total;
        }
      }
      prior = ColorPrior.of(gamut, p);
    }
    if (sigma > 0) {
      prior = prior.smoothed(sigma);
    }
    return new Result(prior, folder.size() - unreadable.get(), unreadable.get(), pixels,
        manifestSha256, false);
  }
}
