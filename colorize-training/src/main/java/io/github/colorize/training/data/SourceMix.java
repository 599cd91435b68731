package io.github.colorize.training.data;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How photos from several training folders (sources) are mixed into batches.
 *
 * <p>With sources of very different sizes, drawing every photo equally often lets the largest
 * fill most batches (Tiny ImageNet would be 3/4 of every batch beside five smaller sets).
 * {@link #SQRT} is the usual compromise of multi-dataset training: a large source still
 * contributes most, but the small, distinct ones (scenes, flowers) are seen several times per
 * pass of the large one instead of once.
 */
public enum SourceMix {
  /** Every photo equally likely wherever it is; one shuffled pass over all photos per epoch. */
  PROPORTIONAL,
  /** Each source drawn with a weight proportional to the square root of its photo count. */
  SQRT,
  /** Each source drawn equally often. */
  EQUAL;

  /** Parses {@code proportional}, {@code sqrt} or {@code equal} (any case). */
  public static SourceMix parse(String text) {
    for (SourceMix mix : values()) {
      if (mix.name().equalsIgnoreCase(text)) {
        return mix;
      }
    }
    throw new IllegalArgumentException("source mix is '" + text
        + "', expected proportional, sqrt or equal");
  }

  /**
   * The probability of drawing from each source.
   *
   * @param counts photos per source; an empty source gets weight 0
   */
  public double[] weights(int[] counts) {
    double[] w = new double[counts.length];
    double sum = 0;
    for (int s = 0; s < counts.length; s++) {
      checkArgument(counts[s] >= 0, "source %s has %s photos, expected >= 0", s, counts[s]);
      w[s] = counts[s] == 0 ? 0 : switch (this) {
        case PROPORTIONAL -> counts[s];
        case SQRT -> Math.sqrt(counts[s]);
        case EQUAL -> 1;
      };
      sum += w[s];
    }
    checkArgument(sum > 0, "every source is empty");
    for (int s = 0; s < w.length; s++) {
      w[s] /= sum;
    }
    return w;
  }
}
