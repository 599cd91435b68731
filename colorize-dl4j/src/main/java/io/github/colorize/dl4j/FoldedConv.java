package io.github.colorize.dl4j;

import io.github.colorize.tensor.FloatTensor;

/**
 * A convolution's weight and bias with the BatchNormalization after it folded in, both in ONNX
 * layout: {@code W' = W * k}, {@code b' = (b - mean) * k + beta} with {@code k = gamma /
 * sqrt(var + eps)} along the output-channel axis.
 *
 * @param weight the folded weight
 * @param bias the folded bias
 */
record FoldedConv(FloatTensor weight, FloatTensor bias) {

  /**
   * Folds {@code k} and {@code c} (the BatchNormalization as {@code y = x * k + c}) into a
   * convolution.
   *
   * @param weight the convolution's weight
   * @param bias its bias, or null for none
   * @param outputAxis the weight axis of the output channels: 0 for Conv, 1 for ConvTranspose
   */
  static FoldedConv fold(FloatTensor weight, FloatTensor bias, int outputAxis, double[] k,
      double[] c) {
    int[] shape = weight.shape();
    int outer = 1;
    for (int i = 0; i < outputAxis; i++) {
      outer *= shape[i];
    }
    int channels = shape[outputAxis];
    int inner = weight.size() / outer / channels;
    float[] src = weight.data();
    float[] w = new float[src.length];
    for (int o = 0; o < outer; o++) {
      for (int ch = 0; ch < channels; ch++) {
        int base = (o * channels + ch) * inner;
        for (int i = 0; i < inner; i++) {
          w[base + i] = (float) (src[base + i] * k[ch]);
        }
      }
    }
    float[] b = new float[channels];
    for (int ch = 0; ch < channels; ch++) {
      double b0 = bias == null ? 0 : bias.data()[ch];
      b[ch] = (float) (b0 * k[ch] + c[ch]);
    }
    return new FoldedConv(FloatTensor.of(w, shape), FloatTensor.of(b, channels));
  }
}
