/**
 * The colorization pipeline as separate stages (L at full resolution, resize, network, H,
 * upsample, Lab to sRGB), which {@link io.github.colorize.Colorizer} runs and benchmarks time one
 * by one: {@link io.github.colorize.pipeline.ColorizationPipeline}.
 */
package io.github.colorize.pipeline;
