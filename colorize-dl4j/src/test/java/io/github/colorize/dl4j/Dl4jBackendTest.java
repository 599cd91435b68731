package io.github.colorize.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.Device;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelWriter;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendException;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.spi.BackendProvider;
import io.github.colorize.tensor.FloatTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Dl4jBackendTest {

  private static final Eccv16 NET = Eccv16.logits(0.25);
  private static ModelFile model;
  private static Backend backend;

  @BeforeAll
  static void open() {
    model = Eccv16Fixtures.model(NET, 3);
    backend = new Dl4jBackendProvider().open(model, BackendOptions.defaults());
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  @Test
  void registeredAsAService() {
    List<String> names = new ArrayList<>();
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
      names.add(p.name());
    }
    assertThat(names).contains("dl4j");
    Dl4jBackendProvider provider = new Dl4jBackendProvider();
    assertThat(provider.priority()).isLessThan(100).isPositive();
    assertThat(provider.version()).startsWith("DL4J/ND4J 1.0.0-M2.1 (native linux-x86_64");
  }

  @Test
  void cpuOnly() {
    Dl4jBackendProvider provider = new Dl4jBackendProvider();
    assertThat(provider.availability(Device.cpu()).available()).isTrue();
    assertThat(provider.availability(Device.cuda(0)).available()).isFalse();
    assertThat(provider.availability(Device.cuda(0)).reason()).contains("nd4j-cuda is not supported");
    assertThatThrownBy(() -> provider.open(model, new BackendOptions(Device.cuda(0), true, 0)))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("device cuda:0 was required");
    try (Backend fallback = provider.open(model, new BackendOptions(Device.cuda(1), false, 0))) {
      assertThat(fallback.device()).isEqualTo(Device.cpu());
      assertThat(fallback.name()).isEqualTo("dl4j");
    }
  }

  @Test
  void validatesInput() {
    assertThatThrownBy(() -> backend.run(FloatTensor.zeros(1, 64, 64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected [N, 1, H, W]");
    assertThatThrownBy(() -> backend.run(FloatTensor.zeros(1, 3, 64, 64)))
        .hasMessageContaining("input has shape [1, 3, 64, 64], expected [N, 1, H, W]");
    assertThatThrownBy(() -> backend.run(FloatTensor.zeros(1, 1, 64, 60)))
        .hasMessageContaining("input is 64x60 (HxW), expected height and width multiples of 8");
  }

  /** Several threads at once get exactly what one thread gets, on several input sizes. */
  @Test
  void concurrentRunsAgreeWithSerialRuns() throws Exception {
    // Five distinct sizes: more than the per-size graph cache of oneDNN builds holds.
    int[][] sizes = {{32, 32}, {40, 56}, {32, 32}, {48, 40}, {56, 32}, {64, 64}, {40, 56}};
    List<FloatTensor> inputs = new ArrayList<>();
    List<FloatTensor> serial = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      FloatTensor in = Eccv16Fixtures.input(2, sizes[i][0], sizes[i][1], i);
      inputs.add(in);
      serial.add(backend.run(in));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<FloatTensor>> futures = new ArrayList<>();
      for (FloatTensor in : inputs) {
        futures.add(pool.submit(() -> backend.run(in)));
      }
      for (int i = 0; i < inputs.size(); i++) {
        FloatTensor out = futures.get(i).get();
        assertThat(out.shape()).containsExactly(2, 313, sizes[i][0] / 4, sizes[i][1] / 4);
        assertThat(NaiveOps.maxAbsDiff(out, serial.get(i))).isLessThan(1e-5);
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Batch items are independent: item 1 of a batch equals that image run alone. */
  @Test
  void batchItemsMatchSingleRuns() {
    FloatTensor batch = Eccv16Fixtures.input(3, 32, 48, 21);
    FloatTensor out = backend.run(batch);
    FloatTensor alone = backend.run(batch.item(1));
    assertThat(NaiveOps.maxAbsDiff(out.item(1), alone)).isLessThan(1e-5);
  }

  @Test
  void closedBackendRefusesToRun() {
    Backend b = new Dl4jBackendProvider().open(model, BackendOptions.defaults());
    b.close();
    b.close();
    assertThatThrownBy(() -> b.run(FloatTensor.zeros(1, 1, 32, 32)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  /** A model file written to disk and read back runs the same as the in-memory one. */
  @Test
  void runsAModelFileReadFromDisk(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("w025.onnx");
    ModelWriter.write(file, model);
    ModelFile read = ModelFile.read(file);
    FloatTensor in = Eccv16Fixtures.input(1, 64, 64, 5);
    try (Backend fromDisk = new Dl4jBackendProvider().open(read, BackendOptions.defaults())) {
      assertThat(NaiveOps.maxAbsDiff(fromDisk.run(in), backend.run(in))).isEqualTo(0.0);
    }
  }
}
