package io.github.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelWriter;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The tool end to end on real files, with a small random-weight model on ONNX Runtime. */
class ColorizeCommandTest {

  @TempDir static Path shared;
  static Path model;

  @BeforeAll
  static void writeModel() throws Exception {
    Eccv16 network = Eccv16.logits(0.125);
    model = shared.resolve("small.onnx");
    ModelWriter.write(model, network, network.randomWeights(3), network.defaultMetadata());
  }

  /** Output, error and exit status of one run. */
  record Run(int status, String out, String err) {}

  /** Runs {@code args} as {@code main} does (the command line it builds for them). */
  static Run run(String... args) {
    CommandLine cli = ColorizeCommand.commandLine(args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int status = cli.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  static Path gray(Path file, int w, int h) throws Exception {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.getRaster().setSample(x, y, 0, (x * 7 + y * 3) % 256);
      }
    }
    Files.createDirectories(file.getParent());
    ImageIO.write(image, file.toString().endsWith(".png") ? "png" : "jpg", file.toFile());
    return file;
  }

  @Test
  void colorizesOneFileWithOutputOfTheSameSize(@TempDir Path dir) throws Exception {
    Path in = gray(dir.resolve("in.png"), 70, 50);
    Path out = dir.resolve("out.jpg");
    Run r = run(in.toString(), "-o", out.toString(), "--model", model.toString());
    assertThat(r.status()).as(r.err()).isZero();
    BufferedImage result = ImageIO.read(out.toFile());
    assertThat(result.getWidth()).isEqualTo(70);
    assertThat(result.getHeight()).isEqualTo(50);
    assertThat(r.out()).contains("colorized 1 of 1 images (0 failed)");
  }

  @Test
  void neverOverwritesWithoutForce(@TempDir Path dir) throws Exception {
    Path in = gray(dir.resolve("in.png"), 40, 40);
    Path out = dir.resolve("out.png");
    Files.write(out, new byte[] {42});
    Run refused = run(in.toString(), "-o", out.toString(), "--model", model.toString());
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err()).contains("exists").contains("--force");
    assertThat(Files.readAllBytes(out)).containsExactly(42);

    Run forced = run(in.toString(), "-o", out.toString(), "--model", model.toString(),
        "--force");
    assertThat(forced.status()).as(forced.err()).isZero();
    assertThat(ImageIO.read(out.toFile()).getWidth()).isEqualTo(40);

    Run self = run(in.toString(), "-o", in.toString(), "--model", model.toString(), "--force");
    assertThat(self.status()).isEqualTo(1);
    assertThat(self.err()).contains("refusing to overwrite the input");
  }

  @Test
  void foldersGoToOutDirKeepingNamesAndSideBySideHasPanels(@TempDir Path dir) throws Exception {
    gray(dir.resolve("in/a.png"), 32, 24);
    gray(dir.resolve("in/sub/b.jpg"), 48, 32);
    Files.writeString(dir.resolve("in/notes.txt"), "not an image");
    Path outDir = dir.resolve("out");
    Run r = run(dir.resolve("in").toString(), "--out-dir", outDir.toString(), "--model",
        model.toString(), "--side-by-side");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(ImageIO.read(outDir.resolve("a.png").toFile()).getWidth()).isEqualTo(2 * 32);
    assertThat(ImageIO.read(outDir.resolve("sub/b.jpg").toFile()).getWidth()).isEqualTo(2 * 48);
    assertThat(r.out()).contains("colorized 2 of 2 images");
  }

  @Test
  void aBadImageFailsAloneWithOneLineAndStatus1(@TempDir Path dir) throws Exception {
    gray(dir.resolve("in/good.png"), 32, 32);
    Files.write(dir.resolve("in/broken.jpg"), new byte[] {1, 2, 3});
    Run r = run(dir.resolve("in").toString(), "--out-dir", dir.resolve("out").toString(),
        "--model", model.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).contains("colorized 1 of 2 images (1 failed)");
    assertThat(Files.exists(dir.resolve("out/good.png"))).isTrue();
  }

  @Test
  void usageErrorsAreOneClearLine(@TempDir Path dir) throws Exception {
    Path a = gray(dir.resolve("a.png"), 16, 16);
    Path b = gray(dir.resolve("b.png"), 16, 16);
    Run many = run(a.toString(), b.toString(), "-o", dir.resolve("x.png").toString(),
        "--model", model.toString());
    assertThat(many.status()).isEqualTo(1);
    assertThat(many.err()).contains("-o takes a single input").doesNotContain("\tat ");

    Run missingModel = run(a.toString(), "--model", dir.resolve("nope.onnx").toString());
    assertThat(missingModel.status()).isEqualTo(1);
    assertThat(missingModel.err()).contains("nope.onnx").doesNotContain("\tat ");

    Run badDevice = run(a.toString(), "--device", "tpu", "--model", model.toString());
    assertThat(badDevice.err()).contains("tpu");
  }

  @Test
  void argumentsAndInputsAreCheckedBeforeTheModelIsLoaded(@TempDir Path dir) throws Exception {
    Path in = gray(dir.resolve("in.png"), 16, 16);
    // A model that cannot load: had it been tried, the run would fail on it instead.
    String missingModel = dir.resolve("missing-model.onnx").toString();
    Run badExtension = run(in.toString(), "-o", dir.resolve("out.xyz").toString(), "--model",
        missingModel);
    assertThat(badExtension.status()).isEqualTo(1);
    assertThat(badExtension.err()).contains("cannot write images with extension '.xyz'")
        .doesNotContain("missing-model");
    assertThat(badExtension.out()).contains("the model was not loaded");

    Run missingInput = run(dir.resolve("nope.jpg").toString(), "--model", missingModel);
    assertThat(missingInput.status()).isEqualTo(1);
    assertThat(missingInput.err()).contains("nope.jpg: no such file or folder")
        .doesNotContain("missing-model");

    Run badTemperature = run(in.toString(), "--temperature", "-1", "--model", missingModel);
    assertThat(badTemperature.status()).isNotZero();
    assertThat(badTemperature.err()).contains("-1").doesNotContain("missing-model");
  }

  @Test
  void anErrorLineNamesThePathOnce(@TempDir Path dir) throws Exception {
    Path broken = Files.write(dir.resolve("broken.jpg"), new byte[] {1, 2, 3});
    Run r = run(broken.toString(), "-o", dir.resolve("out.png").toString(), "--model",
        model.toString());
    assertThat(r.status()).isEqualTo(1);
    String line = r.err().lines().filter(l -> l.contains("broken.jpg")).findFirst().orElseThrow();
    assertThat(line.split(java.util.regex.Pattern.quote(broken.toString()), -1)).hasSize(2);
  }

  @Test
  void infoListsTheBackendsWithTheirJars() {
    Run r = run("info", "--model", model.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("onnx").contains("dl4j").contains("jar:")
        .contains("parameters");
  }

  @Test
  void theEmbeddedModelIsNamedDefaultWhereverModelIsAccepted() {
    Run info = run("info", "--model", "default");
    assertThat(info.status()).as(info.err()).isZero();
    assertThat(info.out()).contains("Model: classpath:io/github/colorize/models/default.onnx");
    // The card says what the model learned from and how, not a run folder's file names.
    String card = info.out().lines().skip(1).findFirst().orElseThrow();
    assertThat(card).contains("40,861 photos", "class-rebalanced loss", "MobileNetV2")
        .doesNotContainPattern("\\w\\.onnx").doesNotContain("iterations of batch");
    for (String command : new String[] {"info", "evaluate", "quantize", "serve"}) {
      Run help = run(command, "--help");
      assertThat(help.out()).as(command).contains("--model=FILE|NAME|default");
    }
    assertThat(run("--help").out()).contains("--model=FILE|NAME|default");
  }

  @Test
  void evaluateLeavesOutGrayscalePhotosAndSaysHowMany(@TempDir Path dir) throws Exception {
    // Issue 25, defect 5: gray photos gave a gray-baseline PSNR of 152.9 without a word.
    Path photos = Files.createDirectories(dir.resolve("photos"));
    gray(photos.resolve("gray.png"), 24, 16);
    BufferedImage color = new BufferedImage(24, 16, BufferedImage.TYPE_INT_RGB);
    for (int p = 0; p < 24 * 16; p++) {
      color.setRGB(p % 24, p / 24, (p % 24) * 0x0a0000 | 0x3060c0);
    }
    ImageIO.write(color, "png", photos.resolve("color.png").toFile());
    Run r = run("evaluate", "--images", photos.toString(), "--model", model.toString(),
        "--json");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"images\": 1,", "\"noColor\": 1,", "\"pixels\": 384,");
  }

  @Test
  void helpSurvivesCopyAndPasteAndShowsDefaults() {
    CommandLine root = ColorizeCommand.commandLine();
    java.util.List<CommandLine> commands = new java.util.ArrayList<>(java.util.List.of(root));
    commands.addAll(root.getSubcommands().values());
    for (CommandLine command : commands) {
      StringWriter text = new StringWriter();
      command.usage(new PrintWriter(text, true));
      String help = text.toString();
      String name = command.getCommandSpec().qualifiedName();
      // Every example line of the footer comes out whole: no wrapping inside a command.
      for (String line : command.getCommandSpec().usageMessage().footer()) {
        assertThat(help).as("%s --help", name).contains(line);
        assertThat(line.length()).as("footer line of %s: %s", name, line).isLessThanOrEqualTo(80);
      }
      assertThat(help).as("%s --help", name).doesNotContain("=<");
      for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
        if (option.defaultValue() != null && !option.usageHelp() && !option.versionHelp()
            && option.arity().max() > 0) {
          assertThat(String.join(" ", option.description()).toLowerCase(java.util.Locale.ROOT))
              .as("%s %s shows its default", name, option.longestName()).contains("default");
        }
      }
    }
    String main = run("--help").out();
    assertThat(main).contains("colorize.backend", "e.g. ./default");
    assertThat(run("train", "--help").out()).contains("--lr 3e-4 \\\n      --validate-every 1000");
  }

  @Test
  void buildsSubcommandsOnlyWhenTheArgumentsMayNameOne() {
    assertThat(ColorizeCommand.commandLine(new String[] {"a.jpg", "-o", "b.png"})
        .getSubcommands()).isEmpty();
    assertThat(ColorizeCommand.commandLine(new String[] {"-v", "video", "x.mp4"})
        .getSubcommands()).containsKeys("video", "info", "help");
    assertThat(ColorizeCommand.commandLine(new String[] {"a.jpg", "--help"}).getSubcommands())
        .containsKey("train");
    assertThat(ColorizeCommand.commandLine(new String[0]).getSubcommands()).hasSize(12);
  }

  @Test
  void aUsageErrorWithoutSubcommandsReadsAsWithThem(@TempDir Path dir) throws Exception {
    Path in = gray(dir.resolve("in.png"), 20, 20);
    String[] args = {in.toString(), "--bogus"};
    Run fast = run(args);
    CommandLine whole = ColorizeCommand.commandLine();
    StringWriter err = new StringWriter();
    whole.setErr(new PrintWriter(err, true));
    int status = whole.execute(args);
    assertThat(fast.status()).isEqualTo(status).isEqualTo(2);
    assertThat(fast.err()).isEqualTo(err.toString()).contains("Unknown option: '--bogus'");
  }

  @Test
  void versionIsTheBuildsWithTheOnnxRuntimeVersion() {
    Run r = run("--version");
    assertThat(r.status()).isZero();
    assertThat(r.out()).containsPattern("^colorize \\d+\\.\\d+\\.\\d+") // e.g. 0.2.0-SNAPSHOT
        .doesNotContain("development build").doesNotContain("unknown version")
        .containsPattern("ONNX Runtime \\d+\\.\\d+\\.\\d+");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"info", "prior", "train", "evaluate", "export"}) {
      Run r = run(command, "--help");
      assertThat(r.status()).isZero();
      assertThat(r.out()).contains("Usage: colorize " + command);
    }
  }
}
