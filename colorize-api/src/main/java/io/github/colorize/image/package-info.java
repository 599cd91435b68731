/**
 * Image I/O and resampling for the colorization pipeline.
 *
 * <ul>
 *   <li>{@link io.github.colorize.image.ImageDecoder} reads a file, stream or byte array (JPEG
 *       including CMYK/YCCK and progressive, PNG including 16-bit and palette, GIF, BMP, TIFF)
 *       into a {@link io.github.colorize.image.Photo}, upright after its EXIF orientation.
 *       {@link io.github.colorize.image.Photo#fromBufferedImage} does the same for an image
 *       already in memory.
 *   <li>{@link io.github.colorize.image.ImageEncoder} writes an image atomically, in the
 *       {@link io.github.colorize.image.ImageFormat} named by the file's extension.
 *   <li>{@link io.github.colorize.image.Resampler} resizes planar float images (bilinear, or
 *       area-averaging when shrinking); {@link io.github.colorize.image.NetworkSize} picks the
 *       network's input size.
 * </ul>
 */
package io.github.colorize.image;
