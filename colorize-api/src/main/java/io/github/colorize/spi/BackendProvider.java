package io.github.colorize.spi;

import io.github.colorize.Device;
import io.github.colorize.model.ModelFile;

/**
 * The service-provider interface of an engine that runs colorize model files. Implementations are
 * found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.github.colorize.spi.BackendProvider}.
 */
public interface BackendProvider {

  /** Short unique name users select it by, e.g. {@code "onnx"}, {@code "dl4j"}. */
  String name();

  /** Higher wins when the user does not name a backend. */
  int priority();

  /** The engine's version, e.g. {@code "ONNX Runtime 1.24.1"}, for diagnostics. */
  String version();

  /** Whether {@code device} can be used here, and if not, why. Must not throw. */
  Availability availability(Device device);

  /**
   * Loads {@code model} into the engine.
   *
   * @throws BackendException if the model cannot be loaded, or the device cannot be had and
   *     {@link BackendOptions#requireDevice()} is set
   */
  Backend open(ModelFile model, BackendOptions options);
}
