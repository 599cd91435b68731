package io.github.colorize.cli;

import static io.github.colorize.cli.ColorizeCommandTest.gray;
import static io.github.colorize.cli.ColorizeCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.colorize.cli.ColorizeCommandTest.Run;
import io.github.colorize.io.AtomicFiles;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches that survive (issue 17): reruns, name collisions, missing inputs, bad output paths,
 * interrupted writes, photos too large for the heap; all through the command line.
 */
class BatchSurvivalTest {

  @TempDir static Path shared;
  private static Path model;

  @BeforeAll
  static void writeModel() throws Exception {
    Eccv16 network = Eccv16.logits(0.125);
    model = shared.resolve("small.onnx");
    ModelWriter.write(model, network, network.randomWeights(3), network.defaultMetadata());
  }

  private static String model() {
    return model.toString();
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
          .sorted().toList();
    }
  }

  @Test
  void aSecondRunSkipsTheFirstRunsResults(@TempDir Path dir) throws Exception {
    gray(dir.resolve("in/photo.jpg"), 40, 30);
    gray(dir.resolve("in/sub/other.png"), 30, 40);
    // A user's own file with the suffix but no original beside it is an input like any other.
    gray(dir.resolve("in/sunset-color.png"), 20, 20);
    Run first = run(dir.resolve("in").toString(), "--model", model());
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(first.out()).contains("colorized 3 of 3 images (0 failed)");

    Run second = run(dir.resolve("in").toString(), "--model", model(), "--force");
    assertThat(second.status()).as(second.err()).isZero();
    assertThat(second.out()).contains("colorized 3 of 3 images (0 failed, 3 skipped: earlier"
        + " results of colorize)");
    assertThat(names(dir.resolve("in"))).containsExactly("photo-color.jpg", "photo.jpg",
        "sub/other-color.png", "sub/other.png", "sunset-color-color.png", "sunset-color.png");

    Run again = run(dir.resolve("in/photo-color.jpg").toString(),
        dir.resolve("in/photo.jpg").toString(), "--model", model(), "--force");
    assertThat(again.out()).as("named one by one too").contains("colorized 1 of 1 images (0"
        + " failed, 1 skipped");
  }

  @Test
  void resultsAreRecognizedWhateverTheFlagsOfTheRunThatWroteThem(@TempDir Path dir)
      throws Exception {
    // Issue 25, defect 1: the rerun after switching --side-by-side colorized earlier results.
    gray(dir.resolve("in/photo.jpg"), 40, 30);
    Path in = dir.resolve("in");
    assertThat(run(in.toString(), "--model", model()).status()).isZero();
    Run sideBySide = run(in.toString(), "--model", model(), "--side-by-side");
    assertThat(sideBySide.status()).as(sideBySide.err()).isZero();
    assertThat(sideBySide.out()).contains("colorized 1 of 1 images (0 failed, 1 skipped");
    Run forced = run(in.toString(), "--model", model(), "--force");
    assertThat(forced.status()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("colorized 1 of 1 images (0 failed, 2 skipped");
    assertThat(names(in)).containsExactly("photo-color.jpg", "photo-side-by-side.jpg",
        "photo.jpg");

    // Results of results (written by older versions) are results too, with either flag.
    gray(in.resolve("photo-color-side-by-side.jpg"), 8, 8);
    gray(in.resolve("photo-side-by-side-color.jpg"), 8, 8);
    Run again = run(in.toString(), "--model", model(), "--side-by-side", "--force");
    assertThat(again.out()).contains("colorized 1 of 1 images (0 failed, 4 skipped");
    assertThat(names(in)).hasSize(5);
  }

  @Test
  void aRerunWithoutForceKeepsTheResultsThatExist(@TempDir Path dir) throws Exception {
    gray(dir.resolve("in/a.png"), 24, 24);
    gray(dir.resolve("in/b.png"), 24, 24);
    Files.createDirectories(dir.resolve("out"));
    Path earlier = Files.write(dir.resolve("out/a.png"), new byte[] {7});
    Run resumed = run(dir.resolve("in").toString(), "--out-dir", dir.resolve("out").toString(),
        "--model", model());
    assertThat(resumed.status()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("colorized 1 of 1 images (0 failed, 1 kept: their"
        + " results exist (--force redoes them))");
    assertThat(Files.readAllBytes(earlier)).containsExactly(7);
    assertThat(dir.resolve("out/b.png")).exists();

    // Beside the inputs too: the first run's results are kept, not failed.
    Run first = run(dir.resolve("in").toString(), "--model", model());
    assertThat(first.status()).as(first.err()).isZero();
    Run second = run(dir.resolve("in").toString(), "--model", model());
    assertThat(second.status()).as(second.err()).isZero();
    assertThat(second.out()).contains("colorized 0 of 0 images (0 failed, 2 kept");
  }

  @Test
  void inputsThatWouldShareAnOutputAreReportedBeforeAnyWork(@TempDir Path dir)
      throws Exception {
    Path a = gray(dir.resolve("a/photo.png"), 20, 20);
    Path b = gray(dir.resolve("b/photo.png"), 20, 20);
    Path c = gray(dir.resolve("c.png"), 20, 20);
    Path out = dir.resolve("out");
    Run r = run(c.toString(), a.toString(), b.toString(), "--out-dir", out.toString(),
        "--force", "--model", model());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("2 inputs would be written to " + out.resolve("photo.png"))
        .contains(a.toString()).contains(b.toString()).doesNotContain("\tat ");
    assertThat(Files.exists(out)).as("no work was done").isFalse();

    // Folder inputs are mirrored: the same name in two sub-folders is no collision.
    gray(dir.resolve("tree/x/p.png"), 20, 20);
    gray(dir.resolve("tree/y/p.png"), 20, 20);
    Run mirrored = run(dir.resolve("tree").toString(), "--out-dir", out.toString(), "--model",
        model());
    assertThat(mirrored.status()).as(mirrored.err()).isZero();
    assertThat(names(out)).containsExactly("x/p.png", "y/p.png");
  }

  @Test
  void aMissingInputFailsAloneAndTheOthersAreDone(@TempDir Path dir) throws Exception {
    Path good = gray(dir.resolve("good.png"), 24, 24);
    Path missing = dir.resolve("nosuch.jpg");
    Path empty = dir.resolve("empty.jpg");
    Files.write(empty, new byte[0]);
    Run r = run(missing.toString(), good.toString(), empty.toString(), "--model", model());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).contains("colorized 1 of 3 images (2 failed)");
    assertThat(r.err()).contains(missing + ": no such file or folder")
        .contains(empty + ": ").doesNotContain("\tat ");
    assertThat(Files.exists(dir.resolve("good-color.png"))).isTrue();
  }

  @Test
  void outputPathProblemsAreNamedForWhatTheyAre(@TempDir Path dir) throws Exception {
    Path in = gray(dir.resolve("in.png"), 16, 16);
    Path file = Files.writeString(dir.resolve("somefile.jpg"), "x");

    Run parentIsFile = run(in.toString(), "-o", file.resolve("out.jpg").toString(), "--model",
        model());
    assertThat(parentIsFile.status()).isEqualTo(1);
    assertThat(parentIsFile.err()).contains(file + " is a file, not a folder")
        .doesNotContain("exists").doesNotContain("--force");

    Run outDirIsFile = run(in.toString(), "--out-dir", file.toString(), "--model", model());
    assertThat(outDirIsFile.status()).isEqualTo(2);
    assertThat(outDirIsFile.err()).contains("--out-dir " + file + " is a file, not a folder")
        .doesNotContain("--force");

    Path missingFolder = dir.resolve("nowhere/out.jpg");
    Run parentMissing = run(in.toString(), "-o", missingFolder.toString(), "--model", model());
    assertThat(parentMissing.status()).isEqualTo(1);
    assertThat(parentMissing.err()).contains("the folder " + dir.resolve("nowhere")
        + " does not exist");

    Run outputIsFolder = run(in.toString(), "-o", dir.toString(), "--model", model());
    assertThat(outputIsFolder.err()).contains("cannot write " + dir + ": it is a folder");
  }

  @Test
  void aFolderWithoutWritePermissionIsNamed(@TempDir Path dir) throws Exception {
    Path in = gray(dir.resolve("in.png"), 16, 16);
    Path locked = Files.createDirectory(dir.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      // root may write anywhere: nothing to see there.
      assumeThat(Files.isWritable(locked)).as("running as a user without root rights").isFalse();
      Run r = run(in.toString(), "-o", locked.resolve("out.png").toString(), "--model", model());
      assertThat(r.status()).isEqualTo(1);
      assertThat(r.err()).contains("no permission to write in the folder " + locked);
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void staleTemporaryFilesOfAKilledRunAreRemovedByTheNextRun(@TempDir Path dir)
      throws Exception {
    Path in = gray(dir.resolve("in/a.png"), 16, 16);
    Path out = Files.createDirectories(dir.resolve("out"));
    Path stale = Files.write(out.resolve(".a.png.k3j5x9q2a1" + AtomicFiles.TEMP_SUFFIX),
        new byte[0]);
    Path fresh = Files.write(out.resolve(".b.png.z8y7" + AtomicFiles.TEMP_SUFFIX), new byte[0]);
    Path foreign = Files.write(out.resolve(".a.png.k3j5x9q2a1.tmp"), new byte[0]);
    Path lookalike = Files.write(out.resolve(".a.png.NOT-RANDOM" + AtomicFiles.TEMP_SUFFIX),
        new byte[0]);
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofMinutes(5)));
    for (Path p : List.of(stale, foreign, lookalike)) {
      Files.setLastModifiedTime(p, old);
    }
    Run r = run(in.toString(), "--out-dir", out.toString(), "--model", model());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(Files.exists(stale)).as("stale and ours").isFalse();
    assertThat(Files.exists(fresh)).as("under a minute old: maybe a live writer's").isTrue();
    assertThat(Files.exists(foreign)).as("not ours").isTrue();
    assertThat(Files.exists(lookalike)).as("not our naming").isTrue();
    assertThat(ImageIO.read(out.resolve("a.png").toFile())).isNotNull();
  }

  @Test
  void aPhotoTooLargeForTheHeapFailsAloneInOneLine(@TempDir Path dir) throws Exception {
    // 24 MP need ~96 MB for the decoded pixels alone: more than a 96 MB heap holds.
    ChildJvm.Result r = ChildJvm.run(dir, List.of("-Xmx96m",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"), OomChild.class, dir.toString(),
        "6000", "4000");
    String err = r.err();
    assertThat(r.status()).as(err).isEqualTo(1);
    assertThat(r.out()).contains("colorized 2 of 3 images (1 failed)");
    assertThat(err).contains(dir.resolve("in/b-big.jpg") + ": not enough memory: a 6000x4000"
        + " photo (24 MP) needs about").contains("MB of heap, the JVM has").contains("-Xmx")
        .doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
    assertThat(names(dir.resolve("out"))).containsExactly("a.png", "c.png");
  }
}
