package io.github.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.model.ModelFile;
import io.github.colorize.model.catalog.ModelCache;
import io.github.colorize.model.catalog.ModelCatalog;
import io.github.colorize.model.catalog.ModelPuller;
import io.github.colorize.model.catalog.testing.FixtureServer;
import io.github.colorize.model.catalog.testing.FixtureServer.Behaviour;
import io.github.colorize.model.torch.TorchImporter;
import io.github.colorize.model.torch.testing.TorchFixtures;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code colorize models} against a local server (127.0.0.1) serving a state dict written by
 * PyTorch, under a test catalogue ({@value ModelCatalog#CATALOG_PROPERTY}) and a cache in a
 * temporary folder ({@value ModelCache#DIR_PROPERTY}).
 */
class ModelsCommandTest {

  @TempDir
  Path dir;

  private FixtureServer server;
  private byte[] pth;
  private String sha;
  private Path cache;
  private Path catalog;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() throws Exception {
    server = FixtureServer.start();
    pth = Files.readAllBytes(TorchFixtures.copy(TorchFixtures.ZIP, dir));
    sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pth));
    cache = dir.resolve("cache");
    catalog = dir.resolve("catalog.tsv");
    System.setProperty(ModelCache.DIR_PROPERTY, cache.toString());
    System.setProperty(ModelCatalog.CATALOG_PROPERTY, catalog.toString());
  }

  @AfterEach
  void tearDown() {
    System.clearProperty(ModelCache.DIR_PROPERTY);
    System.clearProperty(ModelCatalog.CATALOG_PROPERTY);
    server.close();
  }

  private void catalogue(URI... urls) throws Exception {
    StringBuilder lines = new StringBuilder("# test catalogue\n");
    for (URI url : urls) {
      lines.append("tiny\tpytorch\t").append(url).append('\t').append(pth.length).append('\t')
          .append(sha).append("\tBSD-2-Clause\ta small ECCVGenerator\n");
    }
    Files.writeString(catalog, lines);
  }

  private int run(String... args) {
    CommandLine cli = ColorizeCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void pullThenColorizeByNameThenPullAgainThenRemove() throws Exception {
    URI url = server.serve("/tiny.pth", pth, Behaviour.SERVE);
    catalogue(url);
    assertThat(run("models", "list")).isZero();
    assertThat(out.toString()).contains("cache: " + cache).contains("default").contains("tiny")
        .contains("not here").contains(url.toString()).contains("BSD-2-Clause");

    assertThat(run("models", "pull", "tiny")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("pulled 'tiny' from " + url)
        .contains("colorize with it: colorize PHOTO --model tiny");
    ModelFile model = ModelFile.read(cache.resolve("tiny.onnx"));
    assertThat(model.metadata().extra()).containsEntry(TorchImporter.SOURCE_SHA256, sha)
        .containsEntry(ModelPuller.SOURCE_URL, url.toString());

    Path photo = dir.resolve("photo.png");
    ImageIO.write(new BufferedImage(40, 32, BufferedImage.TYPE_BYTE_GRAY), "png",
        photo.toFile());
    assertThat(run(photo.toString(), "-o", dir.resolve("color.png").toString(), "--model",
        "tiny")).as(err.toString()).isZero();
    assertThat(dir.resolve("color.png")).isRegularFile();

    assertThat(run("models", "pull", "tiny")).isZero();
    assertThat(out.toString()).contains("model 'tiny' is already here");
    assertThat(server.requests()).hasSize(1);

    assertThat(run("models", "list")).isZero();
    assertThat(out.toString()).contains("downloaded");
    assertThat(run("models", "remove", "tiny")).isZero();
    assertThat(cache.resolve("tiny.onnx")).doesNotExist();
  }

  @Test
  void pullInt8AlsoCachesAQuantizedCopyCalibratedOnPhotosMadeOnTheFly() throws Exception {
    URI url = server.serve("/tiny.pth", pth, Behaviour.SERVE);
    catalogue(url);

    assertThat(run("models", "pull", "tiny", "--int8")).as(err.toString()).isZero();

    assertThat(out.toString()).contains("pulled 'tiny'")
        .contains("quantized 'tiny-int8' (calibrated on 16 photos made on the fly)")
        .contains("colorize with it: colorize PHOTO --model tiny-int8");
    ModelFile int8 = ModelFile.read(cache.resolve("tiny-int8.onnx"));
    assertThat(int8.onnx().metadata()).containsKey(
        io.github.colorize.model.quantize.ModelQuantizer.SCHEME_KEY);
    try (var entries = Files.list(cache)) {
      // Written in place atomically: no temporary file is left beside the two models.
      assertThat(entries.map(p -> p.getFileName().toString())
          .filter(n -> !n.endsWith(".lock") && !n.equals(".partial")))
          .containsExactlyInAnyOrder("tiny.onnx", "tiny-int8.onnx");
    }
    assertThat(run("models", "pull", "tiny", "--calibration", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--calibration only applies with --int8");
  }

  @Test
  void aModelNotDownloadedIsExactlyTheIssuesLine() throws Exception {
    System.clearProperty(ModelCatalog.CATALOG_PROPERTY);
    Path photo = dir.resolve("photo.png");
    ImageIO.write(new BufferedImage(40, 32, BufferedImage.TYPE_BYTE_GRAY), "png",
        photo.toFile());

    assertThat(run(photo.toString(), "--model", "eccv16")).isEqualTo(1);

    assertThat(err.toString()).isEqualTo("model 'eccv16' is not downloaded: run `colorize models"
        + " pull eccv16` (129 MB) or `colorize models import FILE`" + System.lineSeparator());
  }

  @Test
  void aFailedPullIsOneLineNamingTheUrlAndNoCacheEntry() throws Exception {
    URI url = server.serve("/tiny.pth", pth, Behaviour.SERVER_ERROR);
    catalogue(url);

    assertThat(run("models", "pull", "tiny")).isEqualTo(1);

    List<String> lines = err.toString().lines().toList();
    assertThat(lines.get(0)).startsWith("colorize: error: cannot pull 'tiny': " + url)
        .contains("HTTP 500");
    assertThat(cache.resolve("tiny.onnx")).doesNotExist();
  }

  @Test
  void importGivesAKnownFileItsName() throws Exception {
    catalogue(server.uri("/never-asked.pth"));
    Path file = dir.resolve(TorchFixtures.ZIP);

    assertThat(run("models", "import", file.toString())).as(err.toString()).isZero();

    assertThat(out.toString()).contains("imported " + file + " as 'tiny'");
    assertThat(cache.resolve("tiny.onnx")).isRegularFile();
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aKilledPullLeavesNoEntryAndTheNextPullResumes() throws Exception {
    URI url = server.serve("/tiny.pth", pth, Behaviour.STALL);
    catalogue(url);
    Process child = ChildJvm.start(dir, List.of("-Xmx256m",
        "-D" + ModelCache.DIR_PROPERTY + "=" + cache,
        "-D" + ModelCatalog.CATALOG_PROPERTY + "=" + catalog), ColorizeCommand.class,
        "models", "pull", "tiny");
    Path partialDir = cache.resolve(".partial");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (partialSize(partialDir) < pth.length / 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(partialSize(partialDir)).as("bytes the child wrote before it stalled")
        .isEqualTo(pth.length / 2);
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isNotZero();
    assertThat(cache.resolve("tiny.onnx")).doesNotExist();

    assertThat(run("models", "pull", "tiny")).as(err.toString()).isZero();

    assertThat(server.requests().get(server.requests().size() - 1).range())
        .isEqualTo("bytes=" + pth.length / 2 + "-");
    assertThat(ModelFile.read(cache.resolve("tiny.onnx")).metadata().extra())
        .containsEntry(TorchImporter.SOURCE_SHA256, sha);
  }

  @Test
  void twoProcessesPullingAtOnceEndWithOneGoodFile() throws Exception {
    URI url = server.serve("/tiny.pth", pth, Behaviour.SLOW);
    catalogue(url);
    List<String> jvm = List.of("-Xmx256m", "-D" + ModelCache.DIR_PROPERTY + "=" + cache,
        "-D" + ModelCatalog.CATALOG_PROPERTY + "=" + catalog);
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    Process first = ChildJvm.start(a, jvm, ColorizeCommand.class, "models", "pull", "tiny");
    Process second = ChildJvm.start(b, jvm, ColorizeCommand.class, "models", "pull", "tiny");
    assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();

    String outA = Files.readString(a.resolve("child.out"));
    String outB = Files.readString(b.resolve("child.out"));
    assertThat(first.exitValue()).as(outA + Files.readString(a.resolve("child.err"))).isZero();
    assertThat(second.exitValue()).as(outB + Files.readString(b.resolve("child.err"))).isZero();
    assertThat(List.of(outA.contains("pulled 'tiny'"), outB.contains("pulled 'tiny'")))
        .containsExactlyInAnyOrder(true, false);
    assertThat(List.of(outA.contains("is already here"), outB.contains("is already here")))
        .containsExactlyInAnyOrder(true, false);
    assertThat(server.requests()).hasSize(1);
    assertThat(ModelFile.read(cache.resolve("tiny.onnx")).metadata().extra())
        .containsEntry(TorchImporter.SOURCE_SHA256, sha);
    System.out.println("two pulls at once, the one that waited said: "
        + (outA.contains("waiting") ? outA : outB).lines().findFirst().orElse(""));
  }

  private static long partialSize(Path partialDir) throws Exception {
    if (!Files.isDirectory(partialDir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(partialDir)) {
      return files.filter(p -> p.toString().endsWith(".partial")).mapToLong(p -> p.toFile()
          .length()).sum();
    }
  }

  @Test
  void helpSaysHowToGetThePapersModel() {
    assertThat(run("models", "--help")).isZero();
    assertThat(out.toString()).contains("colorize models pull eccv16").contains("129 MB")
        .contains("BSD-2-Clause").contains("models import FILE").contains("XDG_CACHE_HOME")
        .contains("list").contains("pull").contains("remove");
  }
}
