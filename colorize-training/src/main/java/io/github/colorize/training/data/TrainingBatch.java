package io.github.colorize.training.data;

import io.github.colorize.tensor.FloatTensor;
import java.util.List;

/**
 * One batch for the network.
 *
 * @param iteration the iteration it belongs to (batches are a pure function of it and the seed)
 * @param input normalized L, {@code N x 1 x crop x crop}
 * @param target soft-encoded ab, {@code N x Q x crop/4 x crop/4}, or ab in Lab units,
 *     {@code N x 2 x crop/4 x crop/4} for regression
 * @param weights per-pixel loss weights, {@code N x 1 x crop/4 x crop/4}
 * @param substituted images that could not be read and were replaced by the next one
 * @param features what a frozen encoder made of {@code input} (its feature maps, the inputs of
 *     the decoder that trains), or empty when the network trains on {@code input} itself
 */
public record TrainingBatch(long iteration, FloatTensor input, FloatTensor target,
    FloatTensor weights, int substituted, List<FloatTensor> features) {

  public TrainingBatch {
    features = List.copyOf(features);
  }

  /** A batch the network trains on directly. */
  public TrainingBatch(long iteration, FloatTensor input, FloatTensor target, FloatTensor weights,
      int substituted) {
    this(iteration, input, target, weights, substituted, List.of());
  }

  /** This batch with the feature maps a frozen encoder computed from its input. */
  public TrainingBatch withFeatures(List<FloatTensor> maps) {
    return new TrainingBatch(iteration, input, target, weights, substituted, maps);
  }

  /** What the trained graph is fed: the feature maps if there are, else the input. */
  public List<FloatTensor> networkInputs() {
    return features.isEmpty() ? List.of(input) : features;
  }

  /** Number of images. */
  public int size() {
    return input.dim(0);
  }
}
