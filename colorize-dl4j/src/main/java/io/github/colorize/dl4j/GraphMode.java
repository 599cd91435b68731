package io.github.colorize.dl4j;

/** What a converted graph is for. */
public enum GraphMode {
  /**
   * Weights are constants; BatchNormalization uses the stored running mean and variance (folded
   * into the preceding convolution where that is exact).
   */
  INFERENCE,
  /**
   * Convolution weights and biases are trainable variables; BatchNormalization normalizes with the
   * statistics of the current batch, written out with elementwise ops (SameDiff's batchNorm op has
   * no working gradient in 1.0.0-M2.1), and exposes those statistics as extra outputs so that the
   * caller can update the running mean and variance.
   */
  TRAINING
}
