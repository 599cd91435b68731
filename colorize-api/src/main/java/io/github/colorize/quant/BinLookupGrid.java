package io.github.colorize.quant;

import java.util.Arrays;

/**
 * Constant-time K-nearest-bin lookup for ab values: a grid of 1 x 1 cells over [-128, 128)^2, each
 * holding (in ascending bin order) every bin that can be among the K nearest of some point of the
 * cell. A query scans only its cell's short list, yet returns exactly what a scan of all bins
 * returns, ties included.
 *
 * <p>Why it is exact: let D be the K-th smallest, over the bins, of the largest distance from a bin
 * to the cell. Every point of the cell has K bins within D, so its K-th nearest distance is at most
 * D, and a bin whose smallest distance to the cell exceeds D can never be among its K nearest (nor
 * tie with them). The list keeps every other bin, with a relative margin of 1e-9 so that rounding
 * in the distances cannot matter.
 */
final class BinLookupGrid {

  static final int ORIGIN = 128;
  static final int SIDE = 256;
  static final int CELLS = SIDE * SIDE;
  private static final double MARGIN = 1e-9;

  private final int neighbors;
  /** Start of cell c's candidates in {@link #candidates}; cell c ends at {@code start[c + 1]}. */
  private final int[] start;
  private final short[] candidates;

  private BinLookupGrid(int neighbors, int[] start, short[] candidates) {
    this.neighbors = neighbors;
    this.start = start;
    this.candidates = candidates;
  }

  /** The cell of (a, b), or -1 outside the grid (NaN included). */
  static int cellOf(float a, float b) {
    if (a >= -ORIGIN && a < ORIGIN && b >= -ORIGIN && b < ORIGIN) {
      // floor, not a cast: -0.5 belongs to the cell [-1, 0).
      return ((int) Math.floor(a) + ORIGIN) * SIDE + (int) Math.floor(b) + ORIGIN;
    }
    return -1;
  }

  /** Builds the grid for the {@code neighbors} nearest of the centers (ca, cb). */
  static BinLookupGrid build(int neighbors, double[] ca, double[] cb) {
    int bins = ca.length;
    int[] start = new int[CELLS + 1];
    short[] candidates = new short[CELLS * Math.max(4, 2 * neighbors)];
    double[] kSmallest = new double[neighbors];
    double[] minDistance = new double[bins];
    int size = 0;
    for (int i = 0; i < SIDE; i++) {
      double a0 = i - ORIGIN;
      double a1 = a0 + 1;
      for (int j = 0; j < SIDE; j++) {
        double b0 = j - ORIGIN;
        double b1 = b0 + 1;
        Arrays.fill(kSmallest, Double.POSITIVE_INFINITY);
        for (int q = 0; q < bins; q++) {
          double dxMin = Math.max(0, Math.max(a0 - ca[q], ca[q] - a1));
          double dyMin = Math.max(0, Math.max(b0 - cb[q], cb[q] - b1));
          minDistance[q] = dxMin * dxMin + dyMin * dyMin;
          double dxMax = Math.max(Math.abs(ca[q] - a0), Math.abs(ca[q] - a1));
          double dyMax = Math.max(Math.abs(cb[q] - b0), Math.abs(cb[q] - b1));
          double maxDistance = dxMax * dxMax + dyMax * dyMax;
          if (maxDistance < kSmallest[neighbors - 1]) {
            int p = neighbors - 1;
            while (p > 0 && kSmallest[p - 1] > maxDistance) {
              kSmallest[p] = kSmallest[p - 1];
              p--;
            }
            kSmallest[p] = maxDistance;
          }
        }
        double bound = kSmallest[neighbors - 1] * (1 + MARGIN) + MARGIN;
        int cell = i * SIDE + j;
        start[cell] = size;
        for (int q = 0; q < bins; q++) {
          if (minDistance[q] <= bound) {
            if (size == candidates.length) {
              candidates = Arrays.copyOf(candidates, candidates.length * 2);
            }
            candidates[size++] = (short) q;
          }
        }
      }
    }
    start[CELLS] = size;
    return new BinLookupGrid(neighbors, start, Arrays.copyOf(candidates, size));
  }

  /** How many nearest bins this grid answers for. */
  int neighbors() {
    return neighbors;
  }

  /** Number of candidates of the largest cell (for tests and sizing). */
  int maxCandidates() {
    int max = 0;
    for (int c = 0; c < CELLS; c++) {
      max = Math.max(max, start[c + 1] - start[c]);
    }
    return max;
  }

  /**
   * The nearest bin of a point inside {@code cell} (lowest index among equals). O(1) when the cell
   * lies inside one bin's region, else a scan of its few candidates.
   */
  int nearest(int cell, float a, float b, double[] ca, double[] cb) {
    int from = start[cell];
    int to = start[cell + 1];
    int best = candidates[from];
    if (to - from == 1) {
      return best;
    }
    double bestDistance = AbGamut.squaredDistance(a, b, ca[best], cb[best]);
    for (int c = from + 1; c < to; c++) {
      int q = candidates[c];
      double d = AbGamut.squaredDistance(a, b, ca[q], cb[q]);
      if (d < bestDistance) {
        bestDistance = d;
        best = q;
      }
    }
    return best;
  }

  /**
   * The {@code k <= neighbors()} nearest bins of a point inside {@code cell}, nearest first (lower
   * index first among equal distances), into {@code indices[offset..offset+k)} and
   * {@code squaredDistances[0..k)}.
   */
  void nearest(int cell, float a, float b, double[] ca, double[] cb, int k, int[] indices,
      int offset, double[] squaredDistances) {
    int count = 0;
    for (int c = start[cell], to = start[cell + 1]; c < to; c++) {
      int q = candidates[c];
      double d = AbGamut.squaredDistance(a, b, ca[q], cb[q]);
      count = insert(q, d, count, k, indices, offset, squaredDistances);
    }
  }

  /**
   * Inserts bin q at distance d into the sorted top-k list of {@code count} entries; returns the new
   * count. Candidates arrive in ascending bin order, so a strict comparison keeps ties in bin order.
   */
  static int insert(int q, double d, int count, int k, int[] indices, int offset,
      double[] squaredDistances) {
    if (count == k && d >= squaredDistances[k - 1]) {
      return count;
    }
    int p = count == k ? k - 1 : count;
    while (p > 0 && squaredDistances[p - 1] > d) {
      squaredDistances[p] = squaredDistances[p - 1];
      indices[offset + p] = indices[offset + p - 1];
      p--;
    }
    squaredDistances[p] = d;
    indices[offset + p] = q;
    return count == k ? k : count + 1;
  }
}
