package io.github.colorize.cli;

import io.github.colorize.ModelSource;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelWriter;
import io.github.colorize.model.catalog.Download;
import io.github.colorize.model.catalog.KnownModel;
import io.github.colorize.model.catalog.ModelCache;
import io.github.colorize.model.catalog.ModelCatalog;
import io.github.colorize.model.catalog.ModelPuller;
import io.github.colorize.model.quantize.ModelQuantizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code colorize models list|pull|import|remove}: the named models and their cache. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = {
        "Named models: the authors' paper model one command away.",
        "",
        "  colorize models pull eccv16      downloads the authors' release (129 MB, "
            + "BSD-2-Clause), checks its SHA-256 and converts it",
        "  colorize photo.jpg --model eccv16",
        "",
        "A known name works wherever --model is accepted (colorize, serve, quantize, evaluate, "
            + "info, the Spark job) and in Java (Colorizer.builder().model(\"eccv16\")). Nothing "
            + "is downloaded unless you run 'models pull'. Offline: get the file elsewhere and "
            + "run 'colorize models import FILE'.",
        "",
        "Cache: -Dcolorize.models, else $COLORIZE_MODELS, else $XDG_CACHE_HOME/colorize/models, "
            + "else ~/.cache/colorize/models."},
    subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Pull.class,
        ModelsCommand.Import.class, ModelsCommand.Remove.class})
final class ModelsCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** The name a quantized copy is cached under. */
  static String int8Name(String name) {
    return name + "-int8";
  }

  /** {@code models list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Every known model: whether it is here, its size, source, licence and "
          + "where it is cached; the embedded default and imported models too.")
  static final class ListModels implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      ModelCatalog catalog = ModelCatalog.current();
      ModelCache cache = ModelCache.resolve();
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "cache: %s%n", cache.directory());
      out.printf(Locale.ROOT, "%-14s %-14s %-8s %-13s %s%n", "NAME", "STATE", "SIZE", "LICENCE",
          "SOURCE");
      out.printf(Locale.ROOT, "%-14s %-14s %-8s %-13s %s%n", ModelSource.DEFAULT_NAME,
          "embedded", "", "Apache-2.0", "classpath:" + ModelSource.DEFAULT_MODEL_RESOURCE);
      List<String> here = new ArrayList<>(cache.names());
      for (KnownModel m : catalog.models()) {
        boolean present = cache.contains(m.name());
        here.remove(m.name());
        out.printf(Locale.ROOT, "%-14s %-14s %-8s %-13s %s%n", m.name(),
            present ? "downloaded" : "not here", m.sizeText(), m.licence(),
            m.sources().get(0).uri());
        for (Download d : m.sources().subList(1, m.sources().size())) {
          out.printf(Locale.ROOT, "%-14s %-14s %-8s %-13s %s%n", "", "", "", "", d.uri());
        }
        if (present) {
          out.printf(Locale.ROOT, "%-14s %s%n", "", cache.path(m.name()));
        }
      }
      for (String name : here) {
        Path file = cache.path(name);
        out.printf(Locale.ROOT, "%-14s %-14s %-8s %-13s %s%n", name, "imported",
            String.format(Locale.ROOT, "%d MB", Math.round(Files.size(file) / 1e6)), "", file);
      }
      return 0;
    }
  }

  /** {@code models pull NAME [--int8] [--calibration DIR]}. */
  @Command(name = "pull", mixinStandardHelpOptions = true,
      description = {"Downloads a known model (with a progress bar; an interrupted download "
          + "resumes), checks its size and SHA-256, converts it to a colorize model file that "
          + "records the source URL and hash, and moves it into the cache. A second pull does "
          + "nothing and says so.",
          "With --int8 it also writes NAME-int8, quantized (calibrated on photos made on the fly, "
              + "or on --calibration DIR): about 4x smaller and 2x faster on ONNX Runtime."},
      footer = {"", "Example:", "  colorize models pull eccv16",
          "  colorize old-photo.jpg --model eccv16"})
  static final class Pull implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The model, e.g. eccv16.")
    String name;

    @Option(names = "--int8", description = "Also write an int8 copy, NAME-int8.")
    boolean int8;

    @Option(names = "--calibration", paramLabel = "DIR",
        description = "Photos to calibrate --int8 on (default: photos made on the fly).")
    Path calibration;

    @Mixin
    Verbosity verbosity;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (calibration != null && !int8) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--calibration only applies with --int8");
      }
      PrintWriter out = spec.commandLine().getOut();
      DownloadProgress progress = new DownloadProgress(out);
      ModelPuller.Result r;
      try {
        r = ModelPuller.builder().listener(progress).build().pull(name);
      } finally {
        progress.close();
      }
      if (r.alreadyPresent()) {
        out.printf(Locale.ROOT, "model '%s' is already here: %s%n", name, r.path());
      } else {
        out.printf(Locale.ROOT, "pulled '%s' from %s%n  %s (%,d bytes)%n", name, r.source(),
            r.path(), Files.size(r.path()));
      }
      if (int8) {
        quantize(r, out);
      }
      ModelOutput.printHowToUse(out, int8 ? int8Name(name) : name);
      return 0;
    }

    private void quantize(ModelPuller.Result r, PrintWriter out) throws IOException {
      ModelCache cache = ModelCache.resolve();
      String target = int8Name(name);
      if (cache.contains(target)) {
        out.printf(Locale.ROOT, "model '%s' is already here: %s%n", target, cache.path(target));
        return;
      }
      Path photos = calibration;
      Path made = null;
      if (photos == null) {
        made = Files.createTempDirectory("colorize-calibration");
        photos = made;
        CalibrationPhotos.write(made, 16, 2016);
      }
      try {
        ModelFile quantized = ModelQuantizer.builder().calibration(photos).build()
            .quantize(ModelFile.read(r.path()));
        // Atomic (a temporary file beside it, renamed into place): a reader never sees half.
        ModelWriter.write(cache.path(target), quantized);
        out.printf(Locale.ROOT, "quantized '%s' (calibrated on %s)%n  %s (%,d bytes)%n", target,
            made != null ? "16 photos made on the fly" : photos, cache.path(target),
            Files.size(cache.path(target)));
      } finally {
        if (made != null) {
          try (Stream<Path> files = Files.walk(made)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
              Files.deleteIfExists(p);
            }
          }
        }
      }
    }
  }

  /** {@code models import FILE [--name NAME]}. */
  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Converts a model file you brought (offline machines: the authors' .pth or "
          + ".caffemodel, or a colorize .onnx) and adds it to the cache. A file whose SHA-256 is "
          + "a known source gets that model's name.",
      footer = {"", "Example:", "  colorize models import colorization_release_v2-9b330a0b.pth",
          "  colorize models import my-finetune.onnx --name portraits"})
  static final class Import implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to convert.")
    Path file;

    @Option(names = "--name", paramLabel = "NAME",
        description = "The name to store it under (default: the known model it is a copy of).")
    String name;

    @Mixin
    Verbosity verbosity;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ModelPuller.Result r = ModelPuller.builder().build().importFile(file, name);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "imported %s as '%s'%n  %s (%,d bytes)%n", file, r.name(),
          r.path(), Files.size(r.path()));
      ModelOutput.printHowToUse(out, r.name());
      return 0;
    }
  }

  /** {@code models remove NAME}. */
  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Deletes a model from the cache (pull or import it again to get it back).")
  static final class Remove implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The model, e.g. eccv16.")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if (!ModelCatalog.isName(name)) {
        throw new IllegalArgumentException("'" + name + "' is not a model name");
      }
      ModelCache cache = ModelCache.resolve();
      if (!cache.remove(name)) {
        throw new IllegalArgumentException("model '" + name + "' is not in " + cache);
      }
      spec.commandLine().getOut().printf(Locale.ROOT, "removed '%s' (%s)%n", name,
          cache.path(name));
      return 0;
    }
  }

  /** The progress bar of a download on stderr: bytes, rate, time left. */
  private static final class DownloadProgress implements ModelPuller.Listener, AutoCloseable {
    private final PrintWriter out;
    private ProgressBar bar;

    DownloadProgress(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void waiting(String name, Path lockFile) {
      out.printf(Locale.ROOT, "another pull of '%s' is running; waiting for it (%s)%n", name,
          lockFile);
      out.flush();
    }

    @Override
    public void downloading(Download source, long from, long total) {
      close();
      out.printf(Locale.ROOT, "%s %s%n", from > 0 ? "resuming at " + from + " bytes:"
          : "downloading", source.uri());
      out.flush();
      bar = Progress.bytes(source.fileName(), total, from);
    }

    @Override
    public void progress(long bytes, long total) {
      if (bar != null) {
        bar.stepTo(bytes);
      }
    }

    @Override
    public void converting(Download source) {
      close();
      out.printf(Locale.ROOT, "checked size and SHA-256 of %s; converting%n", source.fileName());
      out.flush();
    }

    @Override
    public void sourceFailed(Download source, String problem) {
      close();
      out.printf(Locale.ROOT, "%s: %s%n", source.uri(), problem);
      out.flush();
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }

  /** Photos made on the fly for --int8 without --calibration: smooth random scenes. */
  static final class CalibrationPhotos {
    private CalibrationPhotos() {}

    static void write(Path dir, int count, long seed) throws IOException {
      Random random = new Random(seed);
      for (int i = 0; i < count; i++) {
        BufferedImage image = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
        double[][] waves = new double[6][4];
        for (double[] w : waves) {
          w[0] = random.nextDouble() * 0.08;
          w[1] = random.nextDouble() * 0.08;
          w[2] = random.nextDouble() * Math.PI * 2;
          w[3] = random.nextInt(3);
        }
        for (int y = 0; y < 224; y++) {
          for (int x = 0; x < 224; x++) {
            double[] c = {0.5, 0.5, 0.5};
            for (double[] w : waves) {
              c[(int) w[3]] += 0.25 * Math.sin(w[0] * x + w[1] * y + w[2]);
            }
            int rgb = 0;
            for (double v : c) {
              rgb = (rgb << 8) | (int) Math.max(0, Math.min(255, v * 255 + random.nextGaussian()
                  * 4));
            }
            image.setRGB(x, y, rgb);
          }
        }
        ImageIO.write(image, "png", dir.resolve("calibration-" + i + ".png").toFile());
      }
    }
  }
}
