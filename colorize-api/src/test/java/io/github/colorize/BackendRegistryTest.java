package io.github.colorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.FakeBackends.FakeProvider;
import io.github.colorize.spi.Availability;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendException;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.spi.BackendProvider;
import io.github.colorize.spi.BackendRegistry;
import io.github.colorize.model.ModelFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Choosing among backends, with test-double providers handed to the registry directly. */
class BackendRegistryTest {

  /** Available on cuda:0 as well as the CPU. */
  private static final class GpuProvider extends FakeBackends.FakeProvider {
    GpuProvider(String name, int priority) {
      super(name, priority);
    }

    @Override
    public Availability availability(Device device) {
      return device.isCpu() || device.index() == 0 ? Availability.yes()
          : Availability.no("only cuda:0");
    }
  }

  @Test
  void theHighestPriorityAvailableBackendWins() {
    FakeProvider low = new FakeProvider("low", 10);
    FakeProvider high = new FakeProvider("high", 90);
    FakeProvider off = new FakeProvider("off", 200, false, x -> x);
    BackendRegistry registry = BackendRegistry.of(List.of(low, off, high));
    assertThat(registry.providers()).containsExactly(off, high, low);
    assertThat(registry.select(null, Device.cpu())).isSameAs(high);
    assertThat(registry.find("HIGH")).containsSame(high);
    assertThat(registry.select(" Low ", Device.cpu())).isSameAs(low);
  }

  @Test
  void aDeviceGoesToABackendThatHasIt() {
    FakeProvider cpuOnly = new FakeProvider("cpu-only", 90);
    GpuProvider gpu = new GpuProvider("gpu", 10);
    BackendRegistry registry = BackendRegistry.of(List.of(cpuOnly, gpu));
    assertThat(registry.select(null, Device.cuda(0))).isSameAs(gpu);
    // Nobody has cuda:3: the best CPU backend, whose open() falls back or fails.
    assertThat(registry.select(null, Device.cuda(3))).isSameAs(cpuOnly);
  }

  @Test
  void unusableBackendsAreExplained() {
    FakeProvider off = new FakeProvider("off", 5, false, x -> x);
    BackendRegistry registry = BackendRegistry.of(List.of(off));
    assertThatThrownBy(() -> registry.select(null, Device.cpu()))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("no colorize backend can run here")
        .hasMessageContaining("- off (Fake off 1.0, priority 5, unavailable: the off engine is"
            + " switched off) from ")
        .hasMessageContaining("colorize backends not on the class path: onnx"
            + " (io.github.colorize:colorize-onnx), dl4j (io.github.colorize:colorize-dl4j)");
    assertThatThrownBy(() -> registry.select("off", Device.cpu()))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("colorize backend 'off' cannot run here: the off engine is"
            + " switched off");
  }

  @Test
  void descriptionsNameTheJarOrFolderOfEachProvider() {
    FakeProvider fake = new FakeProvider("fake", 1);
    String location = BackendRegistry.location(fake);
    // Test classes load from target/test-classes.
    assertThat(Path.of(location)).endsWith(Path.of("target", "test-classes"));
    String missing = "\ncolorize backends not on the class path: onnx"
        + " (io.github.colorize:colorize-onnx), dl4j (io.github.colorize:colorize-dl4j)";
    assertThat(BackendRegistry.of(List.of(fake)).describe())
        .isEqualTo("backends found on the class path:\n  - fake (Fake fake 1.0, priority 1,"
            + " available on the cpu) from " + location + missing);
    assertThat(BackendRegistry.of(List.of()).describe())
        .isEqualTo("backends found on the class path: none" + missing);
    // A provider named like colorize's own counts as present.
    assertThat(BackendRegistry.of(List.of(new FakeProvider("onnx", 1))).describe())
        .endsWith("not on the class path: dl4j (io.github.colorize:colorize-dl4j)");
  }

  @Test
  void aProviderThatThrowsCountsAsUnavailable() {
    BackendProvider broken = new BackendProvider() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public int priority() {
        return 1;
      }

      @Override
      public String version() {
        throw new IllegalStateException("no version today");
      }

      @Override
      public Availability availability(Device device) {
        throw new UnsatisfiedLinkError("libbroken.so");
      }

      @Override
      public Backend open(ModelFile model, BackendOptions options) {
        throw new AssertionError("never opened");
      }
    };
    BackendRegistry registry = BackendRegistry.of(List.of(broken));
    assertThatThrownBy(() -> registry.select(null, Device.cpu()))
        .hasMessageContaining("version unknown: java.lang.IllegalStateException: no version")
        .hasMessageContaining("its availability check failed: java.lang.UnsatisfiedLinkError");
  }

  @Test
  void twoProvidersOfOneNameKeepTheFirst() {
    FakeProvider first = new FakeProvider("same", 1);
    FakeProvider second = new FakeProvider("SAME", 50);
    assertThat(BackendRegistry.of(List.of(first, second)).providers()).containsExactly(first);
  }
}
