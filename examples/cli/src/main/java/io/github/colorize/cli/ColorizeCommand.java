package io.github.colorize.cli;

import io.github.colorize.Colorizer;
import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.ImageEncoder;
import io.github.colorize.image.Photo;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code colorize IN... [-o OUT | --out-dir DIR]}: the main job, and the home of the subcommands. */
@Command(name = "colorize", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Colorizes grayscale photos (Zhang, Isola & Efros, \"Colorful Image Colorization\", "
            + "ECCV 2016).",
        "",
        "Each IN is an image file or a folder (searched recursively). Without -o or --out-dir, "
            + "the result is written beside its input as NAME-color.EXT. Inputs and existing "
            + "outputs are never overwritten unless --force is given.",
        ""},
    subcommands = {InfoCommand.class, PriorCommand.class, TrainCommand.class,
        EvaluateCommand.class, ExportCommand.class, ImportCaffeCommand.class,
        QuantizeCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Examples:",
        "  colorize old-photo.jpg                      writes old-photo-color.jpg",
        "  colorize scans/ --out-dir colored/ --side-by-side",
        "  colorize in.png -o out.png --temperature 0.2 --size 320",
        "  colorize info                               model card, backends, devices",
        "  colorize train --help                       train your own model"})
public final class ColorizeCommand implements Callable<Integer> {

  @Parameters(paramLabel = "IN", arity = "0..*",
      description = "Image files or folders to colorize.")
  List<Path> inputs = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "OUT",
      description = "Output file (a single input only); the format follows the extension "
          + "(jpg, png, bmp, tif).")
  Path output;

  @Option(names = "--out-dir", paramLabel = "DIR",
      description = "Write results into DIR, keeping the names (and sub-folders of folder "
          + "inputs).")
  Path outDir;

  @Option(names = "--side-by-side",
      description = "Write the input's lightness | the result, and | the original when the "
          + "input had color.")
  boolean sideBySide;

  @Option(names = "--force", description = "Replace existing outputs.")
  boolean force;

  @Mixin
  ColorizerOptions colorizer;

  @Mixin
  Verbosity verbosity;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Runs the tool; the JVM exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (also used by tests). */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new ColorizeCommand());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  @Override
  public Integer call() throws Exception {
    if (inputs.isEmpty()) {
      spec.commandLine().usage(spec.commandLine().getOut());
      return 2;
    }
    if (output != null && outDir != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give either -o or --out-dir, not both");
    }
    List<Job> jobs = Job.plan(inputs, output, outDir, sideBySide);
    if (jobs.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "no images found in " + inputs);
    }
    int failed = 0;
    long start = System.nanoTime();
    ImageDecoder decoder = ImageDecoder.defaults();
    ImageEncoder encoder = ImageEncoder.builder().overwrite(force).build();
    try (Colorizer c = colorizer.build();
        ProgressBar bar = jobs.size() > 1 ? Progress.bar("colorize", jobs.size()) : null) {
      for (Job job : jobs) {
        try {
          run(c, job, decoder, encoder);
        } catch (FileAlreadyExistsException e) {
          failed++;
          error(job.output() + " exists; pass --force to replace it");
        } catch (IOException | RuntimeException e) {
          failed++;
          error(job.input() + ": " + ErrorHandler.describe(e));
          if (verbosity.verbose) {
            e.printStackTrace(spec.commandLine().getErr());
          }
        }
        if (bar != null) {
          bar.step();
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      spec.commandLine().getOut().printf(Locale.ROOT,
          "colorized %d of %d images (%d failed) in %.1f s with %s on %s%n",
          jobs.size() - failed, jobs.size(), failed, seconds, c.backendName(), c.device());
    }
    return failed == 0 ? 0 : 1;
  }

  private void run(Colorizer c, Job job, ImageDecoder decoder, ImageEncoder encoder)
      throws IOException {
    if (Files.exists(job.output()) && Files.isSameFile(job.output(), job.input())) {
      throw new IOException("refusing to overwrite the input " + job.input());
    }
    if (!force && Files.exists(job.output())) {
      throw new FileAlreadyExistsException(job.output().toString());
    }
    Files.createDirectories(job.output().toAbsolutePath().getParent());
    Photo photo = decoder.decode(job.input());
    BufferedImage result = c.colorize(photo);
    BufferedImage written = sideBySide ? SideBySide.compose(photo, result) : result;
    encoder.write(written, job.output());
  }

  private void error(String message) {
    spec.commandLine().getErr().println("colorize: " + message);
  }
}
