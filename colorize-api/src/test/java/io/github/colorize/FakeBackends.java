package io.github.colorize;

import io.github.colorize.model.ModelFile;
import io.github.colorize.spi.Availability;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendException;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.spi.BackendProvider;
import io.github.colorize.tensor.FloatTensor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Test doubles of the backend SPI for colorize-api, which has no real engine on its class path.
 * They are handed to the code under test explicitly (never registered in META-INF/services), and
 * only stand in where a test checks selection, lifecycle or shape handling; the real pipeline runs
 * on ONNX Runtime in colorize-onnx's tests.
 */
final class FakeBackends {

  private FakeBackends() {}

  /** A provider that is available on the CPU only and opens {@link FakeBackend}s. */
  static class FakeProvider implements BackendProvider {
    final String name;
    final int priority;
    final boolean available;
    final Function<FloatTensor, FloatTensor> network;
    final AtomicInteger closes = new AtomicInteger();
    BackendOptions lastOptions;

    FakeProvider(String name, int priority, boolean available,
        Function<FloatTensor, FloatTensor> network) {
      this.name = name;
      this.priority = priority;
      this.available = available;
      this.network = network;
    }

    FakeProvider(String name, int priority) {
      this(name, priority, true, input -> {
        throw new UnsupportedOperationException("the fake backend runs no network");
      });
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int priority() {
      return priority;
    }

    @Override
    public String version() {
      return "Fake " + name + " 1.0";
    }

    @Override
    public Availability availability(Device device) {
      if (!available) {
        return Availability.no("the " + name + " engine is switched off");
      }
      return device.isCpu() ? Availability.yes() : Availability.no("no " + device + " here");
    }

    @Override
    public Backend open(ModelFile model, BackendOptions options) {
      lastOptions = options;
      if (!options.device().isCpu() && options.requireDevice()) {
        throw new BackendException(name + " cannot use " + options.device());
      }
      return new FakeBackend(this);
    }
  }

  /** Runs the provider's function; counts closes. */
  static final class FakeBackend implements Backend {
    private final FakeProvider provider;

    FakeBackend(FakeProvider provider) {
      this.provider = provider;
    }

    @Override
    public FloatTensor run(FloatTensor input) {
      return provider.network.apply(input);
    }

    @Override
    public String name() {
      return provider.name;
    }

    @Override
    public Device device() {
      return Device.cpu();
    }

    @Override
    public void close() {
      provider.closes.incrementAndGet();
    }
  }
}
