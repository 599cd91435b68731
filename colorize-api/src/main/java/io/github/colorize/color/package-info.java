/**
 * CIE Lab color science: sRGB (8-bit packed ARGB or float) to and from CIE Lab under the D65 white,
 * one color at a time in double precision or whole images on primitive planes, fast and in
 * parallel.
 *
 * <p>{@link io.github.colorize.color.CieLab} holds the conversions, {@link
 * io.github.colorize.color.SrgbTransfer} the IEC 61966-2-1 transfer curve and {@link
 * io.github.colorize.color.ParallelLoop} the range splitting that the image-wide operations of
 * this library share.
 */
package io.github.colorize.color;
