package io.github.colorize.model.quantize;

import io.github.colorize.tensor.FloatTensor;
import java.util.Map;

/**
 * A float model loaded into an engine so that the values of chosen intermediate tensors can be
 * read, for calibration. Obtained from {@link ActivationRecorderFactory#open}.
 */
public interface ActivationRecorder extends AutoCloseable {

  /**
   * Runs the model on one batch and returns the tensors asked for when opened.
   *
   * @param input {@code N x 1 x H x W}, normalized as the model file says
   * @return every tensor asked for, by name
   */
  Map<String, FloatTensor> record(FloatTensor input);

  /** Releases the engine's resources. */
  @Override
  void close();
}
