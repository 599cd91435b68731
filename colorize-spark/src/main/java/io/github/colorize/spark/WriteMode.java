package io.github.colorize.spark;

import java.util.Locale;
import java.util.Set;

/**
 * How {@link ColorizeJob} writes each output (and each part of its report).
 *
 * <p>{@link #RENAME} writes a hidden temporary file beside the output and renames it: atomic on
 * HDFS and local disks, where a rename is a metadata change. On object stores a rename is a full
 * copy and a delete, so {@link #DIRECT} writes the output in place: there the object appears
 * only when its upload completes (a single PUT, or a multipart upload completed at close), which
 * is atomic too. {@link #AUTO} picks by the output's URI scheme.
 */
public enum WriteMode {
  /** {@link #DIRECT} for object stores (s3a, s3, s3n, gs, wasb(s), abfs(s), oss, cos...),
   * {@link #RENAME} for the others (hdfs, file, viewfs...). */
  AUTO,
  /** A hidden temporary file in the output's folder, then renamed to the output. */
  RENAME,
  /** The output written in place; atomic only where the store publishes an object on close. */
  DIRECT;

  /** Schemes of object stores whose objects appear whole when their upload completes. */
  static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "wasb", "wasbs",
      "abfs", "abfss", "oss", "cosn", "obs", "r2");

  /**
   * The mode used for an output folder of the given scheme: this one, or for {@link #AUTO}
   * {@link #DIRECT} on object stores and {@link #RENAME} elsewhere.
   */
  public WriteMode resolve(String scheme) {
    if (this != AUTO) {
      return this;
    }
    return scheme != null && OBJECT_STORES.contains(scheme.toLowerCase(Locale.ROOT)) ? DIRECT
        : RENAME;
  }
}
