package io.github.colorize.dl4j;

/**
 * Where a training graph exposes one BatchNormalization's batch statistics, so that the caller can
 * update the running mean and variance outside the graph.
 *
 * @param node the BatchNormalization node's name
 * @param meanInitializer the initializer holding the running mean
 * @param varianceInitializer the initializer holding the running variance
 * @param batchMeanOutput graph output with the batch mean, shape {@code [C]}
 * @param batchVarianceOutput graph output with the biased batch variance, shape {@code [C]}
 * @param momentum the node's ONNX momentum: {@code running = momentum * running + (1 - momentum) *
 *     batch}
 * @param spatialSize the number of positions per channel and image at this node (H x W), or -1 when
 *     the input size was not fixed
 */
public record BatchNormStatistics(String node, String meanInitializer, String varianceInitializer,
    String batchMeanOutput, String batchVarianceOutput, float momentum, long spatialSize) {}
