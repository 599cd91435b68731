package io.github.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.colorize.io.AtomicFiles;
import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.torch.testing.TorchFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output handling every model-writing command shares ({@link ModelOutput}): import-torch,
 * import-caffe, export and quantize refuse an existing -o without --force, report an output they
 * cannot write before any work, replace with --force, and never leave half a file.
 */
class ModelOutputCommandsTest {

  private static final String OLD = "an earlier model, to be kept";

  @TempDir
  Path dir;

  private Path pth;
  private Path prototxt;
  private Path caffemodel;

  @BeforeEach
  void inputs() throws Exception {
    // Only import-torch's replace test reads its input; the checks below come before any read.
    pth = TorchFixtures.copy(TorchFixtures.LEGACY, dir);
    prototxt = Files.writeString(dir.resolve("deploy.prototxt"), "not read");
    caffemodel = Files.writeString(dir.resolve("release.caffemodel"), "not read");
  }

  /** Each command's arguments writing {@code output}, with inputs that are never read. */
  private List<String[]> commandsWriting(Path output) {
    String o = output.toString();
    return List.of(
        new String[] {"import-torch", pth.toString(), "-o", o},
        new String[] {"import-caffe", "--prototxt", prototxt.toString(), "--caffemodel",
            caffemodel.toString(), "-o", o},
        new String[] {"export", "--checkpoint", dir.resolve("no-run").toString(), "-o", o},
        new String[] {"quantize", "--calibration", dir.resolve("no-photos").toString(), "-o", o});
  }

  private static String[] with(String[] args, String... more) {
    return Stream.concat(Stream.of(args), Stream.of(more)).toArray(String[]::new);
  }

  @Test
  void anExistingOutputWithoutForceIsRefusedAndKept() throws Exception {
    Path output = Files.writeString(dir.resolve("model.onnx"), OLD);
    for (String[] args : commandsWriting(output)) {
      ColorizeCommandTest.Run r = ColorizeCommandTest.run(args);

      assertThat(r.status()).as(args[0]).isEqualTo(1);
      assertThat(firstLine(r)).as(args[0]).isEqualTo(
          "colorize: error: " + output + " exists (pass --force to replace it)");
      assertThat(output).as(args[0]).hasContent(OLD);
    }
  }

  @Test
  void anOutputThatCannotBeWrittenIsOneLineBeforeAnyWork() throws Exception {
    // A file where the output's folder must be: refused before the (unreadable) inputs are read.
    Path file = Files.writeString(dir.resolve("a-file"), "in the way");
    Path output = file.resolve("model.onnx");
    for (String[] args : commandsWriting(output)) {
      ColorizeCommandTest.Run r = ColorizeCommandTest.run(with(args, "--force"));

      assertThat(r.status()).as(args[0]).isEqualTo(1);
      assertThat(firstLine(r)).as(args[0]).isEqualTo("colorize: error: cannot write "
          + output + ": " + file + " is a file, not a folder");
    }
    // An output that is a folder, even with --force (it used to be replaced if empty).
    Path folder = Files.createDirectory(dir.resolve("folder.onnx"));
    for (String[] args : commandsWriting(folder)) {
      ColorizeCommandTest.Run r = ColorizeCommandTest.run(with(args, "--force"));

      assertThat(r.status()).as(args[0]).isEqualTo(1);
      assertThat(firstLine(r)).as(args[0])
          .isEqualTo("colorize: error: cannot write " + folder + ": it is a folder");
      assertThat(folder).as(args[0]).isDirectory();
    }
  }

  @Test
  void aFolderWithoutWritePermissionIsOneLine() throws Exception {
    Path locked = Files.createDirectory(dir.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      // root may write anywhere: nothing to see there.
      assumeThat(Files.isWritable(locked)).as("running as a user without root rights").isFalse();
      Path output = locked.resolve("model.onnx");
      for (String[] args : commandsWriting(output)) {
        ColorizeCommandTest.Run r = ColorizeCommandTest.run(args);

        assertThat(r.status()).as(args[0]).isEqualTo(1);
        assertThat(firstLine(r)).as(args[0]).isEqualTo("colorize: error: cannot "
            + "write " + output + ": no permission to write in the folder " + locked);
      }
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void forceReplacesTheOutputAndLeavesNoTemporaryFile() throws Exception {
    Path output = Files.writeString(dir.resolve("model.onnx"), OLD);

    ColorizeCommandTest.Run r = ColorizeCommandTest.run("import-torch", pth.toString(), "-o",
        output.toString(), "--force");

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote " + output + " (" + String.format(Locale.ROOT, "%,d",
        Files.size(output)) + " bytes)").contains("colorize with it: colorize PHOTO --model "
        + output);
    assertThat(ModelFile.read(output).metadata().inputNormalization())
        .isEqualTo(InputNormalization.PYTORCH);
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void missingFoldersOfTheOutputAreCreated() throws Exception {
    Path output = dir.resolve("new/folders/model.onnx");

    ColorizeCommandTest.Run r = ColorizeCommandTest.run("import-torch", pth.toString(), "-o",
        output.toString());

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(output).isRegularFile();
  }

  @Test
  void aRunThatFailsLeavesTheOutputAsItWasAndNoHalfFile() throws Exception {
    Path forbidden = TorchFixtures.copy(TorchFixtures.FORBIDDEN_CLASS, dir);
    Path fresh = dir.resolve("fresh.onnx");
    Path existing = Files.writeString(dir.resolve("existing.onnx"), OLD);

    assertThat(ColorizeCommandTest.run("import-torch", forbidden.toString(), "-o",
        fresh.toString()).status()).isEqualTo(1);
    assertThat(ColorizeCommandTest.run("import-torch", forbidden.toString(), "-o",
        existing.toString(), "--force").status()).isEqualTo(1);
    // export with --force passes the output check, then fails on the missing checkpoint.
    ColorizeCommandTest.Run export = ColorizeCommandTest.run("export", "--checkpoint",
        dir.resolve("no-run").toString(), "-o", existing.toString(), "--force");
    assertThat(export.status()).isEqualTo(1);
    assertThat(export.err()).doesNotContain("exists");

    assertThat(fresh).doesNotExist();
    assertThat(existing).hasContent(OLD);
    assertThat(temporaryFiles()).isEmpty();
  }

  private static String firstLine(ColorizeCommandTest.Run r) {
    return r.err().lines().findFirst().orElse("");
  }

  private List<Path> temporaryFiles() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX))
          .toList();
    }
  }
}
