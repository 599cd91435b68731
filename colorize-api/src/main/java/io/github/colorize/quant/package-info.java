/**
 * Quantization of the ab plane after Zhang, Isola and Efros (ECCV 2016): the 313 bins ({@link
 * io.github.colorize.quant.AbGamut}), soft-encoding of true colors over their nearest bins ({@link
 * io.github.colorize.quant.SoftEncoder}), the empirical color prior ({@link
 * io.github.colorize.quant.BinHistogram}, {@link io.github.colorize.quant.ColorPrior}) and the
 * class-rebalancing weights derived from it ({@link io.github.colorize.quant.RebalanceWeights}).
 *
 * <p>Planes are planar {@code float[]} arrays of a and b values, one element per pixel, row-major.
 */
package io.github.colorize.quant;
