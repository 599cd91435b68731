package io.github.colorize.cli;

import io.github.colorize.Colorizer;
import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.ImageEncoder;
import io.github.colorize.image.ImageFormat;
import io.github.colorize.image.Photo;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
            + "outputs are never overwritten unless --force is given. Writing beside the inputs, "
            + "earlier results (NAME-color.EXT or NAME-side-by-side.EXT next to NAME.EXT, "
            + "whatever the flags of the run that wrote them) are skipped, not colorized "
            + "again. A missing or unreadable input fails alone; the others are still done.",
        ""},
    footer = {"", "Examples:",
        "  colorize old-photo.jpg                      writes old-photo-color.jpg",
        "  colorize scans/ --out-dir colored/ --side-by-side",
        "  colorize in.png -o out.png --temperature 0.2 --size 320",
        "  colorize info                               model card, backends, devices",
        "  colorize models pull eccv16                 the paper's model (129 MB), then",
        "  colorize old-photo.jpg --model eccv16",
        "  colorize video film.avi -o film-color.mp4   a film, without flicker",
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
          + "inputs, mirrored). Inputs that would land on one name are reported before any "
          + "work.")
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

  /** The subcommands, in the order the help lists them. */
  private static final List<Class<?>> SUBCOMMANDS = List.of(InfoCommand.class,
      PriorCommand.class, TrainCommand.class, EvaluateCommand.class, ExportCommand.class,
      ImportCaffeCommand.class, ImportTorchCommand.class, ModelsCommand.class,
      QuantizeCommand.class, ServeCommand.class, VideoCommand.class,
      CommandLine.HelpCommand.class);

  /** Runs the tool; the JVM exits with its status. */
  public static void main(String[] args) {
    StartupTimes.mainEntered();
    System.exit(commandLine(args).execute(args));
  }

  /** The configured command line with every subcommand (help, tests). */
  public static CommandLine commandLine() {
    CommandLine cli = root();
    SUBCOMMANDS.forEach(cli::addSubcommand);
    return cli;
  }

  /**
   * The command line for {@code args}: without subcommands when they name none and ask for no
   * help or version. Picocli builds the model of every command it is given, 0.1-0.3 s of a
   * one-photo run's start-up for the 11 subcommands. A usage error there is parsed again by
   * {@link #commandLine()}, so its message and help are the same as ever.
   */
  static CommandLine commandLine(String[] args) {
    Set<String> full = new HashSet<>(List.of("-h", "--help", "-V",
        "--version"));
    for (Class<?> command : SUBCOMMANDS) {
      Command c = command.getAnnotation(Command.class);
      full.add(c.name());
      full.addAll(List.of(c.aliases()));
    }
    if (args.length == 0 || Arrays.stream(args).anyMatch(full::contains)) {
      return commandLine();
    }
    CommandLine cli = root();
    cli.setParameterExceptionHandler((e, a) -> {
      CommandLine whole = commandLine();
      whole.setOut(cli.getOut());
      whole.setErr(cli.getErr());
      return whole.execute(a);
    });
    return cli;
  }

  private static CommandLine root() {
    CommandLine cli = new CommandLine(new ColorizeCommand());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  @Override
  public Integer call() throws Exception {
    StartupTimes.mark("arguments parsed");
    if (inputs.isEmpty()) {
      spec.commandLine().usage(spec.commandLine().getOut());
      return 2;
    }
    if (output != null && outDir != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give either -o or --out-dir, not both");
    }
    if (outDir != null && Files.exists(outDir) && !Files.isDirectory(outDir)) {
      error("--out-dir " + outDir + " is a file, not a folder");
      return 2;
    }
    Plan plan = Plan.of(inputs, output, outDir, sideBySide);
    if (!plan.collisions().isEmpty()) {
      // Before any work: one of the results would silently replace another.
      plan.collisions().forEach(this::error);
      error(plan.collisions().size() + " output name(s) would be written more than once, so"
          + " nothing was done; give the inputs distinct names or colorize them into separate"
          + " --out-dir folders");
      return 2;
    }
    List<Job> planned = plan.jobs();
    if (planned.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), plan.skipped().isEmpty()
          ? "no images found in " + inputs
          : "nothing to do: the " + plan.skipped().size() + " image(s) found in " + inputs
              + " are this tool's own results (NAME-color.EXT, NAME-side-by-side.EXT)");
    }
    // A rerun of a batch (beside the inputs or into --out-dir) resumes: results that exist are
    // kept and counted. An explicit -o that exists is still an error, below.
    List<Job> kept = force || output != null ? List.of()
        : planned.stream().filter(ColorizeCommand::hasResult).toList();
    List<Job> jobs = planned.stream().filter(job -> !kept.contains(job)).toList();
    long start = System.nanoTime();
    // Every argument and input is checked before the model is loaded (seconds): a mistake is
    // reported at once, and a run with nothing left to do loads nothing.
    Colorizer.Builder builder = colorizer.builder();
    List<Job> ready = new ArrayList<>();
    int failed = 0;
    for (Job job : jobs) {
      String problem = precheck(job);
      if (problem != null) {
        failed++;
        error(problem);
      } else {
        ready.add(job);
      }
    }
    if (ready.isEmpty()) {
      spec.commandLine().getOut().printf(Locale.ROOT, "colorized 0 of %d images (%d failed%s)"
          + " in %.1f s; the model was not loaded%n", jobs.size(), failed,
          notes(kept, plan), (System.nanoTime() - start) / 1e9);
      return jobs.isEmpty() ? 0 : 1;
    }
    StartupTimes.mark("inputs checked");
    ImageDecoder decoder = ImageDecoder.defaults();
    ImageEncoder encoder = ImageEncoder.builder().overwrite(force).build();
    try (Colorizer c = StartupTimes.marked("colorizer built (model read, engine opened)",
        builder::build);
        ProgressBar bar = ready.size() > 1 ? Progress.bar("colorize", ready.size()) : null) {
      for (Job job : ready) {
        String problem = attempt(c, job, decoder, encoder);
        if (problem != null) {
          failed++;
          error(problem);
        }
        if (bar != null) {
          bar.step();
        }
        StartupTimes.mark("photo done: " + job.input());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      spec.commandLine().getOut().printf(Locale.ROOT,
          "colorized %d of %d images (%d failed%s) in %.1f s with %s on %s%n",
          jobs.size() - failed, jobs.size(), failed, notes(kept, plan), seconds,
          c.backendName(), c.device());
    }
    StartupTimes.log();
    return failed == 0 ? 0 : 1;
  }

  /** The summary's notes on results kept and earlier results skipped. */
  private static String notes(List<Job> kept, Plan plan) {
    return (kept.isEmpty() ? "" : ", " + kept.size() + " kept: their results exist (--force"
        + " redoes them)")
        + (plan.skipped().isEmpty() ? "" : ", " + plan.skipped().size()
            + " skipped: earlier results of colorize");
  }

  /**
   * What stops a job before any work, as one line: a missing input, an output extension no
   * encoder writes, an output path that cannot be written, an existing output without --force,
   * the input as its own output. Null if it can be tried.
   */
  private String precheck(Job job) {
    if (job.problem() != null) {
      return job.input() + ": " + job.problem();
    }
    Path out = job.output();
    String problem = OutputPath.problem(out, output == null);
    if (problem != null) {
      return problem;
    }
    try {
      ImageFormat.fromPath(out);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    try {
      if (Files.exists(out) && Files.isSameFile(out, job.input())) {
        return "refusing to overwrite the input " + job.input();
      }
    } catch (IOException e) {
      return job.input() + ": " + ErrorHandler.describe(e);
    }
    if (!force && Files.exists(out)) {
      return out + " exists; pass --force to replace it";
    }
    return null;
  }

  /** Whether the job's output exists already (and is not its input). */
  private static boolean hasResult(Job job) {
    try {
      return job.problem() == null && Files.exists(job.output())
          && !Files.isSameFile(job.output(), job.input());
    } catch (IOException e) {
      return false; // the job itself will report it
    }
  }

  /** Does one job; the one-line problem when it failed, else null. */
  private String attempt(Colorizer c, Job job, ImageDecoder decoder, ImageEncoder encoder) {
    try {
      run(c, job, decoder, encoder);
      return null;
    } catch (FileAlreadyExistsException e) {
      return job.output() + " exists; pass --force to replace it";
    } catch (OutOfMemoryError e) {
      // The photo's arrays are unreachable once we are here: the next photo has the heap again.
      String message = job.input() + ": " + HeapNeed.message(job.input(), sideBySide);
      if (verbosity.verbose) {
        e.printStackTrace(spec.commandLine().getErr());
      }
      return message;
    } catch (IOException | RuntimeException e) {
      if (verbosity.verbose) {
        e.printStackTrace(spec.commandLine().getErr());
      }
      return naming(job.input(), ErrorHandler.describe(e));
    }
  }

  /** {@code message}, preceded by the input unless it names the input already. */
  static String naming(Path input, String message) {
    return message.contains(input.toString()) ? message : input + ": " + message;
  }

  private void run(Colorizer c, Job job, ImageDecoder decoder, ImageEncoder encoder)
      throws IOException {
    // precheck() looked at the paths; the encoder checks an existing output again, atomically.
    Path out = job.output();
    Files.createDirectories(out.toAbsolutePath().getParent());
    if (!sideBySide) {
      // The library's file-to-file path colorizes the decoded photo in place: bounded memory.
      c.colorize(job.input(), out, force ? new CopyOption[] {StandardCopyOption.REPLACE_EXISTING}
          : new CopyOption[0]);
      return;
    }
    Photo photo = decoder.decode(job.input());
    BufferedImage result = c.colorize(photo);
    encoder.write(SideBySide.compose(photo, result), out);
  }

  private void error(String message) {
    spec.commandLine().getErr().println("colorize: " + message);
  }
}
