/**
 * colorize on Apache Spark: {@link io.github.colorize.spark.ColorizeSpark#colorize} over rows of
 * Spark's {@code binaryFile} source, and {@link io.github.colorize.spark.ColorizeJob}, which
 * colorizes a folder tree into another through Hadoop's FileSystem API. One
 * {@link io.github.colorize.Colorizer} per executor JVM serves all its tasks.
 */
package io.github.colorize.spark;
