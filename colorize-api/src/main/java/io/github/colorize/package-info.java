/**
 * colorize: automatic colorization of grayscale photos (Zhang, Isola and Efros, "Colorful Image
 * Colorization", ECCV 2016).
 *
 * <p>Start with {@link io.github.colorize.Colorizer#builder()}: it loads a model file
 * ({@link io.github.colorize.ModelSource}), picks a backend found on the class path
 * ({@link io.github.colorize.spi.BackendRegistry}) and runs the pipeline of
 * {@link io.github.colorize.pipeline.ColorizationPipeline}. {@link io.github.colorize.AbDistribution}
 * is the network's per-pixel answer, decodable at any temperature.
 */
package io.github.colorize;
