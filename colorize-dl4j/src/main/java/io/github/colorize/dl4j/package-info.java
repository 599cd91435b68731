/**
 * colorize on Deeplearning4j: ONNX graphs rebuilt as SameDiff graphs, and the {@code dl4j}
 * backend.
 *
 * <ul>
 *   <li>{@link io.github.colorize.dl4j.OnnxSameDiffConverter} turns an in-memory
 *       {@link io.github.colorize.model.onnx.OnnxGraph} into a {@link
 *       io.github.colorize.dl4j.SameDiffGraph}, for inference (constants, BatchNorm folded) or
 *       training (variables, batch-statistics BatchNorm); see {@link
 *       io.github.colorize.dl4j.ConversionOptions}.
 *   <li>{@link io.github.colorize.dl4j.Dl4jBackendProvider} is the {@code dl4j} backend, found
 *       through {@link java.util.ServiceLoader}; CPU only.
 *   <li>{@link io.github.colorize.dl4j.train} holds the losses and the training step.
 * </ul>
 *
 * <p>ND4J 1.0.0-M2.1 facts this package works around: oneDNN builds reject dilated convolutions
 * (rewritten exactly, space-to-batch) and compute softmax over axis 1 of NCHW tensors wrongly
 * (written out); conv2d's backprop ignores the OIYX weight format (weights are held as YXIO);
 * batchNorm and logSoftmax have no usable gradient (written out).
 */
package io.github.colorize.dl4j;
