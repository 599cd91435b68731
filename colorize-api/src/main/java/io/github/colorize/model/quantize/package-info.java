/**
 * Static post-training int8 quantization of eccv16-family model files into ONNX QDQ form.
 *
 * <p>{@link io.github.colorize.model.quantize.ModelQuantizer} calibrates the activation ranges of a
 * float model on photos (run through the same preparation as colorization, on an engine found
 * with {@link io.github.colorize.model.quantize.ActivationRecorderFactory}), then rewrites every
 * Conv and ConvTranspose with QuantizeLinear / DequantizeLinear around it: int8 weights per output
 * channel, 8-bit activations per tensor. {@link io.github.colorize.model.quantize.QuantizationInfo}
 * tells whether a model file is quantized.
 */
package io.github.colorize.model.quantize;
