package io.github.colorize.spi;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.Device;

/**
 * How to open a backend.
 *
 * @param device the device asked for
 * @param requireDevice if true, failing to get {@code device} is an error; if false, the backend
 *     falls back to the CPU with one warning
 * @param threads intra-op threads for CPU execution, 0 for the engine's default
 */
public record BackendOptions(Device device, boolean requireDevice, int threads) {

  public BackendOptions {
    checkNotNull(device, "device");
    checkArgument(threads >= 0, "threads is %s, expected >= 0 (0 = engine default)", threads);
  }

  /** CPU, engine default threads. */
  public static BackendOptions defaults() {
    return new BackendOptions(Device.cpu(), false, 0);
  }
}
