package io.github.colorize.spi;

import io.github.colorize.Device;
import io.github.colorize.tensor.FloatTensor;

/**
 * A loaded network, ready to run. Obtained from {@link BackendProvider#open}.
 *
 * <p>Implementations must be safe for concurrent {@link #run} calls from many threads, and must
 * release every native resource in {@link #close()}.
 */
public interface Backend extends AutoCloseable {

  /**
   * Runs the network on a batch of normalized lightness planes.
   *
   * @param input {@code N x 1 x H x W}, normalized as the model file says
   * @return the model's output, {@code N x C x H/s x W/s} (C = 313 logits, or 2 for ab models)
   * @throws IllegalArgumentException if the input shape is not one the model accepts
   * @throws BackendException if the engine fails
   */
  FloatTensor run(FloatTensor input);

  /** The provider's name, e.g. {@code "onnx"}. */
  String name();

  /** The device the network actually runs on (after any fallback). */
  Device device();

  /** Releases native resources. Further {@link #run} calls fail. */
  @Override
  void close();
}
