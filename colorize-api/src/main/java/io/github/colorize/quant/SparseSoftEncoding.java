package io.github.colorize.quant;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Soft-encoded targets of a plane in sparse form: for each pixel its K nearest bins (nearest
 * first) and their weights (summing to 1), pixel-major: pixel p's entries are at
 * {@code [p * K, (p + 1) * K)}.
 *
 * <p>The arrays are held without copying (the encoder hands over fresh arrays).
 *
 * @param neighbors K, entries per pixel
 * @param indices bin of each entry
 * @param weights weight of each entry
 */
public record SparseSoftEncoding(int neighbors, int[] indices, float[] weights) {

  public SparseSoftEncoding {
    checkArgument(neighbors >= 1, "neighbors is %s, expected >= 1", neighbors);
    checkNotNull(indices, "indices");
    checkNotNull(weights, "weights");
    checkArgument(indices.length == weights.length,
        "indices has %s entries but weights has %s, expected equal lengths", indices.length,
        weights.length);
    checkArgument(indices.length % neighbors == 0,
        "%s entries is not a whole number of pixels of %s neighbors", indices.length, neighbors);
  }

  /** Number of pixels. */
  public int pixels() {
    return indices.length / neighbors;
  }

  /** Bin of pixel {@code p}'s {@code j}-th nearest center. */
  public int index(int p, int j) {
    return indices[entry(p, j)];
  }

  /** Weight of pixel {@code p}'s {@code j}-th nearest center. */
  public float weight(int p, int j) {
    return weights[entry(p, j)];
  }

  private int entry(int p, int j) {
    checkArgument(p >= 0 && p < pixels(), "pixel %s out of range [0, %s)", p, pixels());
    checkArgument(j >= 0 && j < neighbors, "neighbor %s out of range [0, %s)", j, neighbors);
    return p * neighbors + j;
  }
}
