package io.github.colorize.training.data;

import io.github.colorize.tensor.FloatTensor;

/**
 * One batch for the network.
 *
 * @param iteration the iteration it belongs to (batches are a pure function of it and the seed)
 * @param input normalized L, {@code N x 1 x crop x crop}
 * @param target soft-encoded ab, {@code N x Q x crop/4 x crop/4}, or ab in Lab units,
 *     {@code N x 2 x crop/4 x crop/4} for regression
 * @param weights per-pixel loss weights, {@code N x 1 x crop/4 x crop/4}
 * @param substituted images that could not be read and were replaced by the next one
 */
public record TrainingBatch(long iteration, FloatTensor input, FloatTensor target,
    FloatTensor weights, int substituted) {

  /** Number of images. */
  public int size() {
    return input.dim(0);
  }
}
