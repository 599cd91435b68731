package io.github.colorize.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.Colorizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job in local[2] on 40 photos (3 broken): outputs, report, reruns, bad arguments. */
class ColorizeJobTest {

  private static final double TEMPERATURE = 0.3;
  /** A small network input keeps the three runs over 40 photos quick. */
  private static final int SIZE = 64;

  @TempDir
  static Path dir;

  private static Path input;
  private static List<String> photos;

  @BeforeAll
  static void photos() {
    input = dir.resolve("in");
    photos = TestPhotos.write(input, 37);
  }

  @Test
  void colorizesSkipsAndOverwritesWithOutputsOfOneMachine() throws IOException {
    Path output = dir.resolve("out");
    Result first = run("--input", input.toString(), "--output", output.toString(),
        "--temperature", String.valueOf(TEMPERATURE), "--size", String.valueOf(SIZE),
        "--partitions", "4");

    assertThat(first.status).as(first.err).isZero();
    assertThat(first.out).startsWith("colorize-spark: done 37, skipped 0, failed 3, ")
        .contains("photos/s (40 photos in ");
    // Byte for byte what one machine writes with the same options.
    Path reference = dir.resolve("reference");
    try (Colorizer colorizer = Colorizer.builder().temperature(TEMPERATURE).inputSize(SIZE)
        .build()) {
      for (String photo : photos.subList(0, 37)) {
        Path expected = reference.resolve(photo);
        Files.createDirectories(expected.getParent());
        colorizer.colorize(input.resolve(photo), expected);
        assertThat(output.resolve(photo)).as(photo).hasSameBinaryContentAs(expected);
      }
    }
    Map<String, Row> report = report(output);
    assertThat(report).hasSize(40);
    for (String broken : photos.subList(37, 40)) {
      Row row = report.get(input.resolve(broken).toString());
      assertThat(row).as(broken).isNotNull();
      assertThat(row.getString(2)).isEqualTo("failed");
      assertThat(row.getString(3)).as("names the file and the reason")
          .contains(Path.of(broken).getFileName().toString())
          .matches("(?s).*(empty|truncat|not an image|unknown|format|premature|read|EOF|end).*");
      assertThat(row.isNullAt(1)).isTrue();
      assertThat(output.resolve(broken)).doesNotExist();
    }
    Row done = report.get(input.resolve(photos.get(0)).toString());
    assertThat(done.getString(2)).isEqualTo("done");
    assertThat(done.getString(1)).endsWith("/out/" + photos.get(0));
    assertThat(done.getInt(4)).isPositive();
    assertThat(done.getInt(5)).isPositive();
    try (Stream<Path> files = Files.walk(output)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary or checksum files left")
          .noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".crc"));
    }

    // A rerun does only what is missing: the 3 broken photos again, nothing else.
    FileTime before = Files.getLastModifiedTime(output.resolve(photos.get(5)));
    Result second = run("--input", input.toString(), "--output", output.toString(),
        "--temperature", String.valueOf(TEMPERATURE), "--size", String.valueOf(SIZE));
    assertThat(second.status).as(second.err).isZero();
    assertThat(second.out).startsWith("colorize-spark: done 0, skipped 37, failed 3, ");
    assertThat(Files.getLastModifiedTime(output.resolve(photos.get(5)))).isEqualTo(before);
    assertThat(report(output).values()).filteredOn(r -> r.getString(2).equals("skipped"))
        .hasSize(37);
    assertThat(reports(output)).as("one report per run, the first kept").hasSize(2);
    assertThat(SharedSpark.session().read().option("recursiveFileLookup", "true")
        .parquet(output.resolve(ColorizeJob.REPORTS).toString()).count())
        .as("all runs' reports at once").isEqualTo(80);
    assertThat(second.out()).contains("report " + reports(output).get(1).toUri().toString()
        .replaceFirst("^file:///", "file:/").replaceFirst("/$", ""));

    // --overwrite redoes them, with the same bytes.
    Files.write(output.resolve(photos.get(5)), new byte[] {1, 2, 3});
    Result third = run("--input", input.toString(), "--output", output.toString(),
        "--temperature", String.valueOf(TEMPERATURE), "--size", String.valueOf(SIZE),
        "--overwrite");
    assertThat(third.status).as(third.err).isZero();
    assertThat(third.out).startsWith("colorize-spark: done 37, skipped 0, failed 3, ");
    assertThat(output.resolve(photos.get(5))).hasSameBinaryContentAs(
        reference.resolve(photos.get(5)));
  }

  @Test
  void formatPngRenamesOutputs() throws IOException {
    Path small = dir.resolve("in-small");
    String jpeg = photos.get(1);
    Files.createDirectories(small.resolve(jpeg).getParent());
    Files.copy(input.resolve(jpeg), small.resolve(jpeg));
    Path output = dir.resolve("out-png");
    Result result = run("--input", small.toString(), "--output", output.toString(),
        "--format", "png", "--size", "64");
    assertThat(result.status).as(result.err).isZero();
    assertThat(result.out).startsWith("colorize-spark: done 1, skipped 0, failed 0, ");
    Path png = output.resolve(jpeg.replace(".jpg", ".png"));
    assertThat(png).exists();
    assertThat(output.resolve(jpeg)).doesNotExist();
    assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void missingInputFolderIsOneErrorLine() {
    Path output = dir.resolve("never-written-1");
    Result result = run("--input", dir.resolve("no-such-folder").toString(),
        "--output", output.toString());
    assertOneError(result, "input folder " + dir.resolve("no-such-folder") + " does not exist");
    assertThat(output).doesNotExist();
  }

  @Test
  void unwritableOutputFolderIsOneErrorLine() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Result result = run("--input", input.toString(), "--output", file.resolve("out").toString());
    assertOneError(result, "cannot create output folder " + file.resolve("out")
        + ": Parent path is not a directory: " + file);
    assertThat(file).hasContent("x");
  }

  @Test
  void missingModelIsOneErrorLine() {
    Path output = dir.resolve("never-written-2");
    String model = "file://" + dir.resolve("no-such-model.onnx");
    Result result = run("--input", input.toString(), "--output", output.toString(),
        "--model", model);
    assertOneError(result, "model " + model + " does not exist");
    assertThat(output).doesNotExist();
  }

  @Test
  void aModelNameResolvesFromTheCacheAndAMissingOneSaysHowToPullIt() throws IOException {
    Path cache = Files.createDirectories(dir.resolve("model-cache"));
    System.setProperty(io.github.colorize.model.catalog.ModelCache.DIR_PROPERTY,
        cache.toString());
    try {
      Path never = dir.resolve("never-written-5");
      assertOneError(run("--input", input.toString(), "--output", never.toString(), "--model",
          "eccv16"), "model 'eccv16' is not downloaded: run `colorize models pull eccv16`"
          + " (129 MB) or `colorize models import FILE`");
      assertThat(never).doesNotExist();

      Files.write(cache.resolve("mine.onnx"),
          io.github.colorize.ModelSource.defaultModel().load().bytes());
      Path output = dir.resolve("by-name");
      Result result = run("--input", input.toString(), "--output", output.toString(),
          "--model", "mine");
      assertThat(result.status).as(result.err).isZero();
      assertThat(result.out).startsWith("colorize-spark: done 37, skipped 0, failed 3, ");
    } finally {
      System.clearProperty(io.github.colorize.model.catalog.ModelCache.DIR_PROPERTY);
    }
  }

  @Test
  void inputsSharingAnOutputNameAreRefusedBeforeAnyWork() throws IOException {
    Path photos = Files.createDirectories(dir.resolve("same-stem"));
    Files.write(photos.resolve("x.jpg"), new byte[] {1});
    Files.write(photos.resolve("x.png"), new byte[] {1});
    Path output = dir.resolve("never-written-4");
    Result result = run("--input", photos.toString(), "--output", output.toString(),
        "--format", "png");
    assertOneError(result, "1 output name(s) would be written more than once: x.jpg and x.png"
        + " -> x.png; rename the inputs or choose --format");
    assertThat(output).doesNotExist();
  }

  @Test
  void anOutputInsideTheInputIsRefusedBeforeItIsCreated() {
    assertRefusedInside(input.toString(), input.resolve("colored").toString(),
        input.resolve("colored"));
  }

  @Test
  void anOutputInsideTheInputIsRefusedAsRelativePaths() {
    String relative = Path.of("").toAbsolutePath().relativize(input).toString();
    assertRefusedInside(relative, relative + "/colored", input.resolve("colored"));
    assertRefusedInside(relative, relative, input.resolve(ColorizeJob.REPORTS));
  }

  @Test
  void anOutputInsideTheInputIsRefusedAsAFileUri() {
    assertRefusedInside(input.toString(), "file:" + input + "/c", input.resolve("c"));
    assertRefusedInside("file://" + input, "file://" + input + "/c", input.resolve("c"));
  }

  @Test
  void theInputItselfIsRefusedAsOutputWithATrailingSlash() {
    assertRefusedInside(input + "/", input.toString(), input.resolve(ColorizeJob.REPORTS));
    assertRefusedInside(input.toString(), input + "/", input.resolve(ColorizeJob.REPORTS));
  }

  @Test
  void anOutputInsideTheInputIsRefusedThroughDotDot() {
    assertRefusedInside(input.toString(), input + "/box-a/../colored", input.resolve("colored"));
    assertRefusedInside(input + "/box-a/..", input + "/box-b/../box-a",
        input.resolve("box-a/" + ColorizeJob.REPORTS));
  }

  @Test
  void anOutputInsideTheInputIsRefusedThroughSymbolicLinks() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("link-to-in"), input);
    assertRefusedInside(input.toString(), link + "/colored", input.resolve("colored"));
    assertRefusedInside(link.toString(), input + "/colored", input.resolve("colored"));
    Path linkInside = Files.createSymbolicLink(dir.resolve("link-to-box-a"),
        input.resolve("box-a"));
    assertRefusedInside(input.toString(), linkInside.toString(),
        input.resolve("box-a/" + ColorizeJob.REPORTS));
  }

  /** One error line naming the output, exit 1, and {@code mustNotExist} not created. */
  private static void assertRefusedInside(String in, String out, Path mustNotExist) {
    Result result = run("--input", in, "--output", out, "--size", "64");
    assertThat(result.status()).as(result.out() + result.err()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines().toList()).singleElement().asString()
        .startsWith("colorize-spark: error: output folder " + out + " is ")
        .containsPattern("is (inside )?the input folder")
        .endsWith("its photos would be colorized again by the next run");
    assertThat(mustNotExist).doesNotExist();
  }

  @Test
  void unknownBackendIsOneErrorLine() {
    Path output = dir.resolve("never-written-3");
    Result result = run("--input", input.toString(), "--output", output.toString(),
        "--backend", "no-such-engine");
    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err().strip().lines()).singleElement().asString()
        .startsWith("colorize-spark: error: cannot use model (embedded) on backend no-such-engine:")
        .contains("backends found on the class path: - onnx");
    assertThat(output).doesNotExist();
  }

  @Test
  void badOptionIsAUsageError() {
    Result result = run("--input", input.toString(), "--output", dir.resolve("x").toString(),
        "--size", "13");
    assertThat(result.status).isEqualTo(2);
    assertThat(result.err).contains("size is 13, expected");
  }

  private static void assertOneError(Result result, String message) {
    assertThat(result.status).isEqualTo(1);
    assertThat(result.out).isEmpty();
    assertThat(result.err.lines().toList()).containsExactly("colorize-spark: error: " + message);
  }

  /** The reports of the runs into {@code output}, oldest first. */
  static List<Path> reports(Path output) throws IOException {
    try (Stream<Path> files = Files.list(output.resolve(ColorizeJob.REPORTS))) {
      return files.sorted().toList();
    }
  }

  /** The latest run's report, by input path. */
  private static Map<String, Row> report(Path output) throws IOException {
    List<Path> reports = reports(output);
    Path latest = reports.get(reports.size() - 1);
    assertThat(latest.getFileName().toString())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ(-\\d+)?\\.parquet");
    Map<String, Row> rows = new HashMap<>();
    for (Row row : SharedSpark.session().read().parquet(latest.toString()).collectAsList()) {
      rows.put(row.getString(0).replaceFirst("^file:", ""), row);
    }
    return rows;
  }

  private record Result(int status, String out, String err) {}

  private static Result run(String... args) {
    SharedSpark.session();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> list = new ArrayList<>(List.of(args));
    int status = ColorizeJob.run(list.toArray(String[]::new), new PrintWriter(out, true),
        new PrintWriter(err, true));
    return new Result(status, out.toString(), err.toString());
  }
}
