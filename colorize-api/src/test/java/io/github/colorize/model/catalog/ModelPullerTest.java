package io.github.colorize.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.model.ModelFile;
import io.github.colorize.model.catalog.testing.FixtureServer;
import io.github.colorize.model.catalog.testing.FixtureServer.Behaviour;
import io.github.colorize.model.torch.TorchImporter;
import io.github.colorize.model.torch.testing.TorchFixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls against a local server (127.0.0.1) serving a state dict written by PyTorch: every failure
 * is one message naming the URL and leaves no cache entry.
 */
class ModelPullerTest {

  @TempDir
  Path dir;

  private FixtureServer server;
  private byte[] pth;
  private String sha;
  private ModelCache cache;
  private final List<String> events = new ArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    server = FixtureServer.start();
    Path file = TorchFixtures.copy(TorchFixtures.ZIP, Files.createDirectories(dir.resolve("src")));
    pth = Files.readAllBytes(file);
    sha = ModelPuller.sha256(file);
    cache = ModelCache.at(dir.resolve("cache"));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private Download source(URI uri) {
    return new Download(uri, pth.length, sha, SourceFormat.PYTORCH);
  }

  private ModelPuller puller(Download... sources) {
    ModelCatalog catalog = ModelCatalog.of(List.of(new KnownModel("tiny", "a test model",
        "BSD-2-Clause", List.of(sources))));
    return ModelPuller.builder().cache(cache).catalog(catalog).timeouts(2_000, 2_000)
        .listener(new ModelPuller.Listener() {
          @Override
          public void downloading(Download s, long from, long total) {
            events.add("downloading " + s.uri().getPath() + " from " + from);
          }

          @Override
          public void sourceFailed(Download s, String problem) {
            events.add("failed " + s.uri().getPath());
          }
        }).build();
  }

  private void assertNoCacheEntry() throws IOException {
    assertThat(cache.contains("tiny")).isFalse();
    assertThat(cache.names()).isEmpty();
  }

  @Test
  void pullsChecksConvertsAndSaysSoTheSecondTime() throws Exception {
    URI url = server.serve("/tiny.pth", pth, Behaviour.SERVE);
    ModelPuller puller = puller(source(url));

    ModelPuller.Result first = puller.pull("tiny");
    ModelPuller.Result second = puller.pull("tiny");

    assertThat(first.alreadyPresent()).isFalse();
    assertThat(first.path()).isEqualTo(cache.path("tiny")).isRegularFile();
    assertThat(first.source()).isEqualTo(url.toString());
    ModelFile model = ModelFile.read(first.path());
    assertThat(model.metadata().extra()).containsEntry(ModelPuller.SOURCE_URL, url.toString())
        .containsEntry(TorchImporter.SOURCE_SHA256, sha)
        .containsEntry(TorchImporter.SOURCE_FILE, "tiny.pth")
        .containsEntry(ModelPuller.MODEL_NAME, "tiny");
    assertThat(second.alreadyPresent()).isTrue();
    assertThat(server.requests()).hasSize(1);
    assertThat(cache.names()).containsExactly("tiny");
    try (Stream<Path> left = Files.list(cache.directory().resolve(ModelCache.PARTIAL_DIR))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aWrongHashFailsNamingTheUrlAndDeletesTheDownload() throws Exception {
    URI url = server.serve("/tiny.pth", pth, Behaviour.SERVE);
    Download wrong = new Download(url, pth.length, "0".repeat(64), SourceFormat.PYTORCH);

    assertThatThrownBy(() -> puller(wrong).pull("tiny")).isInstanceOf(PullException.class)
        .hasMessageContaining(url.toString()).hasMessageContaining("SHA-256")
        .hasMessageContaining(sha).hasMessageNotContaining("\n");
    assertNoCacheEntry();
    assertThat(Files.exists(cache.partial("tiny", wrong))).isFalse();
  }

  @Test
  void aShortBodyFailsNamingTheUrl() throws Exception {
    URI url = server.serve("/tiny.pth", Arrays.copyOf(pth, pth.length - 10), Behaviour.SERVE);

    assertThatThrownBy(() -> puller(source(url)).pull("tiny"))
        .isInstanceOf(PullException.class).hasMessageContaining(url.toString())
        .hasMessageContaining("sends").hasMessageContaining("expected");
    assertNoCacheEntry();
  }

  @Test
  void a404MovesOnToTheSecondSource() throws Exception {
    URI missing = server.serve("/gone.pth", pth, Behaviour.NOT_FOUND);
    URI mirror = server.serve("/tiny.pth", pth, Behaviour.SERVE);

    ModelPuller.Result r = puller(source(missing), source(mirror)).pull("tiny");

    assertThat(r.source()).isEqualTo(mirror.toString());
    assertThat(cache.contains("tiny")).isTrue();
    assertThat(events).containsExactly("failed /gone.pth", "downloading /tiny.pth from 0");
  }

  @Test
  void aServerErrorFailsNamingTheUrl() throws Exception {
    URI url = server.serve("/tiny.pth", pth, Behaviour.SERVER_ERROR);

    assertThatThrownBy(() -> puller(source(url)).pull("tiny")).isInstanceOf(PullException.class)
        .hasMessageContaining(url + ": HTTP 500");
    assertNoCacheEntry();
  }

  @Test
  void aRefusedConnectionFailsNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/tiny.pth");

    assertThatThrownBy(() -> puller(source(url)).pull("tiny")).isInstanceOf(PullException.class)
        .hasMessageContaining(url + ": cannot connect");
    assertNoCacheEntry();
  }

  @Test
  void aBodyCutMidwayIsResumedWithRange() throws Exception {
    URI url = server.serve("/tiny.pth", pth, Behaviour.CUT_ONCE);

    ModelPuller.Result r = puller(source(url)).pull("tiny");

    assertThat(r.alreadyPresent()).isFalse();
    assertThat(ModelFile.read(r.path()).metadata().extra())
        .containsEntry(TorchImporter.SOURCE_SHA256, sha);
    assertThat(server.requests()).hasSize(2);
    assertThat(server.requests().get(0).range()).isNull();
    assertThat(server.requests().get(1).range()).isEqualTo("bytes=" + pth.length / 2 + "-");
    assertThat(events).containsExactly("downloading /tiny.pth from 0",
        "downloading /tiny.pth from " + pth.length / 2);
  }

  @Test
  void aServerIgnoringRangeStartsOver() throws Exception {
    URI url = server.serve("/tiny.pth", pth, Behaviour.NO_RANGE);
    Download d = source(url);
    Path partial = cache.partial("tiny", d);
    Files.createDirectories(partial.getParent());
    Files.write(partial, Arrays.copyOf(pth, 1000));

    ModelPuller.Result r = puller(d).pull("tiny");

    assertThat(r.path()).isRegularFile();
    assertThat(server.requests().get(0).range()).isEqualTo("bytes=1000-");
  }

  @Test
  void twoConcurrentPullsDownloadOnceAndEndWithOneGoodFile() throws Exception {
    URI url = server.serve("/tiny.pth", pth, Behaviour.SERVE);
    ModelPuller puller = puller(source(url));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<ModelPuller.Result> pull = () -> puller.pull("tiny");
      Future<ModelPuller.Result> a = pool.submit(pull);
      Future<ModelPuller.Result> b = pool.submit(pull);
      assertThat(List.of(a.get().alreadyPresent(), b.get().alreadyPresent()))
          .containsExactlyInAnyOrder(true, false);
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.requests()).hasSize(1);
    assertThat(ModelFile.read(cache.path("tiny")).metadata().extra())
        .containsEntry(TorchImporter.SOURCE_SHA256, sha);
  }

  @Test
  void importTakesTheKnownNameFromTheHashOrAGivenOne() throws Exception {
    Path file = dir.resolve("src").resolve(TorchFixtures.ZIP);
    ModelPuller puller = puller(source(URI.create("http://127.0.0.1:9/tiny.pth")));

    assertThat(puller.importFile(file, null).name()).isEqualTo("tiny");
    assertThat(puller.importFile(file, "mine").path()).isEqualTo(cache.path("mine"));
    Path other = TorchFixtures.copy(TorchFixtures.LEGACY, dir);
    assertThatThrownBy(() -> puller.importFile(other, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(other.toString())
        .hasMessageContaining("--name NAME");
    assertThat(cache.names()).containsExactly("mine", "tiny");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aKnownNameNotDownloadedIsOneLine() {
    assertThatThrownBy(() -> cache.find("eccv16", ModelCatalog.builtIn()))
        .isInstanceOf(ModelNotDownloadedException.class)
        .hasMessage("model 'eccv16' is not downloaded: run `colorize models pull eccv16` (129 MB)"
            + " or `colorize models import FILE`");
    assertThat(cache.find("unknown-name", ModelCatalog.builtIn())).isEmpty();
  }

  @Test
  void theCacheFolderFollowsPropertyThenEnvironmentThenXdgThenHome() {
    java.util.Map<String, String> env = new java.util.HashMap<>();
    assertThat(ModelCache.directory(k -> null, env, "/home/u"))
        .isEqualTo(Path.of("/home/u/.cache/colorize/models"));
    env.put("XDG_CACHE_HOME", "/xdg");
    assertThat(ModelCache.directory(k -> null, env, "/home/u"))
        .isEqualTo(Path.of("/xdg/colorize/models"));
    env.put(ModelCache.DIR_ENV, "/env/models");
    assertThat(ModelCache.directory(k -> null, env, "/home/u")).isEqualTo(Path.of("/env/models"));
    assertThat(ModelCache.directory(k -> k.equals(ModelCache.DIR_PROPERTY) ? "/prop" : null, env,
        "/home/u")).isEqualTo(Path.of("/prop"));
  }

  @Test
  void theBuiltInCatalogueListsTheIssuesSources() {
    KnownModel eccv16 = ModelCatalog.builtIn().find("eccv16").orElseThrow();
    assertThat(eccv16.sources()).extracting(Download::format)
        .containsExactly(SourceFormat.PYTORCH, SourceFormat.CAFFE);
    assertThat(eccv16.sources().get(0).bytes()).isEqualTo(128_976_165L);
    assertThat(eccv16.sources().get(1).sha256()).startsWith("f5af1e60");
    assertThat(eccv16.licence()).isEqualTo("BSD-2-Clause");
  }
}
