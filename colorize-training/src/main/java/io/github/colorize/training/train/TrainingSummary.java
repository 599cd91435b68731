package io.github.colorize.training.train;

import java.nio.file.Path;

/**
 * What a training run did.
 *
 * @param firstIteration where this process started (0, or the resumed checkpoint's step)
 * @param iterations steps completed in all
 * @param imagesPerSecond throughput of this process, data loading included
 * @param elapsedSeconds training wall time of the whole run, resumed parts included
 * @param finalLoss mean loss of the last (up to) 100 steps
 * @param unreadableImages training images skipped because they could not be read
 * @param peakRssMegabytes the process's peak resident memory, or -1 where unknown
 * @param lastCheckpoint the last checkpoint written
 * @param bestModel the model file of the best validation, or null without validation
 * @param bestAucRebalanced that validation's rebalanced AuC, NaN without validation
 */
public record TrainingSummary(long firstIteration, long iterations, double imagesPerSecond,
    double elapsedSeconds, double finalLoss, int unreadableImages, long peakRssMegabytes,
    Path lastCheckpoint, Path bestModel, double bestAucRebalanced) {}
