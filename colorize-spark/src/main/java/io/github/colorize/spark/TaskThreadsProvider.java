package io.github.colorize.spark;

import io.github.colorize.Device;
import io.github.colorize.model.ModelFile;
import io.github.colorize.spi.Availability;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.spi.BackendProvider;

/**
 * A backend provider that opens its delegate's backend with a fixed number of engine threads.
 * The executor's {@link io.github.colorize.Colorizer} is built without a thread bound of its own,
 * so that each Spark task runs on its own thread; the engine's intra-op threads per run are then
 * what Spark gives each task ({@code spark.task.cpus}), not all the machine's cores per task.
 */
record TaskThreadsProvider(BackendProvider delegate, int threads) implements BackendProvider {

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public int priority() {
    return delegate.priority();
  }

  @Override
  public String version() {
    return delegate.version();
  }

  @Override
  public Availability availability(Device device) {
    return delegate.availability(device);
  }

  @Override
  public Backend open(ModelFile model, BackendOptions options) {
    return delegate.open(model,
        new BackendOptions(options.device(), options.requireDevice(), threads));
  }
}
