package io.github.colorize.pipeline;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.colorize.decode.AnnealedMeanDecoder;
import io.github.colorize.image.NetworkSize;

/**
 * How a {@link ColorizationPipeline} sizes the network input and decodes the output.
 *
 * @param inputSize the network input's side (its short side with {@code keepAspectRatio}), a
 *     positive multiple of 8; 0 for the default: the size the model fixes, else
 *     {@value ColorizationPipeline#DEFAULT_INPUT_SIZE}
 * @param keepAspectRatio false: L is squashed to {@code inputSize x inputSize} (the paper's way);
 *     true: the aspect ratio is kept with the short side at {@code inputSize}
 * @param temperature the annealed-mean T in [0, {@value AnnealedMeanDecoder#MAX_TEMPERATURE}]
 *     (0 = the mode); unused for models that output ab
 * @param batchSize at most this many images per network run, >= 1
 */
public record PipelineOptions(int inputSize, boolean keepAspectRatio, double temperature,
    int batchSize) {

  /** Largest input side accepted: beyond it the activations of eccv16 no longer fit in memory. */
  public static final int MAX_INPUT_SIZE = 4096;
  /** Largest batch accepted. */
  public static final int MAX_BATCH_SIZE = 1024;

  public PipelineOptions {
    checkArgument(inputSize == 0 || inputSize >= NetworkSize.MULTIPLE
        && inputSize % NetworkSize.MULTIPLE == 0 && inputSize <= MAX_INPUT_SIZE,
        "input size is %s, expected a multiple of %s in [%s, %s] (or 0 for the default)",
        inputSize, NetworkSize.MULTIPLE, NetworkSize.MULTIPLE, MAX_INPUT_SIZE);
    checkArgument(temperature >= 0 && temperature <= AnnealedMeanDecoder.MAX_TEMPERATURE,
        "temperature is %s, expected in [0, %s] (0 = mode, 1 = mean, %s = the paper's)",
        temperature, AnnealedMeanDecoder.MAX_TEMPERATURE, AnnealedMeanDecoder.PAPER_TEMPERATURE);
    checkArgument(batchSize >= 1 && batchSize <= MAX_BATCH_SIZE,
        "batch size is %s, expected in [1, %s]", batchSize, MAX_BATCH_SIZE);
  }

  /** Default size, squashed to a square, the paper's T, one image per run. */
  public static PipelineOptions defaults() {
    return new PipelineOptions(0, false, AnnealedMeanDecoder.PAPER_TEMPERATURE, 1);
  }
}
