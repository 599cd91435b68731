package io.github.colorize.quant;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.color.ParallelLoop;
import io.github.colorize.model.ModelMetadata;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A fixed set of Q bin centers in the ab plane, the classes the network predicts, with constant-time
 * nearest and K-nearest bin lookup.
 *
 * <p>{@link #zhang2016()} is the paper's gamut: 313 centers on a grid of 10, read from the released
 * table (it cannot be recomputed from an sRGB gamut test), sorted by a then b, gray (0, 0) at index
 * 120. Lookups are exact: they return what a scan of every center returns, the lowest index winning
 * among equal distances, for any finite ab value (inside [-128, 128)^2 through a precomputed grid
 * built on first use, outside it by a scan).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AbGamut {

  /** Most neighbors a K-nearest lookup may ask for. */
  public static final int MAX_NEIGHBORS = 32;

  private static final String ZHANG2016_RESOURCE = "pts_in_hull.tsv";
  private static final int ZHANG2016_BINS = 313;
  private static final String ZHANG2016_SHA256 =
      "e68d0ec36f65c7e73f0afeafac957c4016abe92fccb130e84a6754b6a481958d";

  private final String id;
  private final float[] a;
  private final float[] b;
  private final double[] ca;
  private final double[] cb;
  private final AtomicReferenceArray<BinLookupGrid> grids =
      new AtomicReferenceArray<>(MAX_NEIGHBORS + 1);

  private AbGamut(String id, float[] a, float[] b) {
    this.id = id;
    this.a = a;
    this.b = b;
    this.ca = new double[a.length];
    this.cb = new double[b.length];
    for (int q = 0; q < a.length; q++) {
      ca[q] = a[q];
      cb[q] = b[q];
    }
  }

  /** Lazily loaded, so that merely linking this class never reads the resource. */
  private static final class Zhang2016 {
    static final AbGamut INSTANCE = load();

    private static AbGamut load() {
      double[][] table = ReferenceTables.loadChecked(ZHANG2016_RESOURCE, ZHANG2016_BINS, 2,
          ZHANG2016_SHA256);
      float[] a = new float[table.length];
      float[] b = new float[table.length];
      for (int q = 0; q < table.length; q++) {
        a[q] = (float) table[q][0];
        b[q] = (float) table[q][1];
      }
      return new AbGamut(ModelMetadata.ZHANG2016_GAMUT, a, b);
    }
  }

  /** The paper's 313 bins (id {@value ModelMetadata#ZHANG2016_GAMUT}). */
  public static AbGamut zhang2016() {
    return Zhang2016.INSTANCE;
  }

  /**
   * A gamut of the given centers.
   *
   * @param id a name for it, as written in model files
   * @param a the a of each center, finite
   * @param b the b of each center, same length, finite
   * @throws IllegalArgumentException if there are fewer than 2 or more than 32767 centers, the
   *     lengths differ, or a value is not finite
   */
  public static AbGamut of(String id, float[] a, float[] b) {
    checkNotNull(id, "id");
    checkNotNull(a, "a");
    checkNotNull(b, "b");
    checkArgument(a.length == b.length, "a has %s centers but b has %s, expected equal lengths",
        a.length, b.length);
    checkArgument(a.length >= 2 && a.length <= Short.MAX_VALUE,
        "gamut has %s centers, expected 2 to %s", a.length, Short.MAX_VALUE);
    for (int q = 0; q < a.length; q++) {
      checkArgument(Float.isFinite(a[q]) && Float.isFinite(b[q]),
          "center %s is (%s, %s), expected finite values", q, a[q], b[q]);
    }
    return new AbGamut(id, a.clone(), b.clone());
  }

  /** The gamut's name, e.g. {@value ModelMetadata#ZHANG2016_GAMUT}. */
  public String id() {
    return id;
  }

  /** Number of bins, Q. */
  public int size() {
    return a.length;
  }

  /** The a of bin {@code q}'s center. */
  public float a(int q) {
    checkBin(q);
    return a[q];
  }

  /** The b of bin {@code q}'s center. */
  public float b(int q) {
    checkBin(q);
    return b[q];
  }

  /** The a of every center, by bin (a copy). */
  public float[] aCenters() {
    return a.clone();
  }

  /** The b of every center, by bin (a copy). */
  public float[] bCenters() {
    return b.clone();
  }

  /** The bin nearest to gray (a = b = 0): 120 for {@link #zhang2016()}. */
  public int grayBin() {
    return nearest(0f, 0f);
  }

  /**
   * The bin whose center is nearest to (a, b), the lowest index among equals.
   *
   * @throws IllegalArgumentException if a or b is not finite
   */
  public int nearest(float a, float b) {
    int cell = BinLookupGrid.cellOf(a, b);
    return cell >= 0 ? grid(1).nearest(cell, a, b, ca, cb) : nearestByScan(a, b);
  }

  /**
   * The nearest bin of every pixel of an ab plane pair.
   *
   * @param a the a plane
   * @param b the b plane, same length
   * @param bins receives the bins, same length
   * @throws IllegalArgumentException if a value is not finite (naming the pixel)
   */
  public void nearest(float[] a, float[] b, int[] bins) {
    checkPlanes(a, b);
    checkNotNull(bins, "bins");
    checkArgument(bins.length == a.length, "bins has %s elements, expected %s (the length of a)",
        bins.length, a.length);
    BinLookupGrid grid = grid(1);
    ParallelLoop.forRange(a.length, 1 << 14, (from, to) -> {
      for (int i = from; i < to; i++) {
        bins[i] = nearestAt(grid, a, b, i);
      }
    });
  }

  /**
   * The {@code k} nearest bins of (a, b), nearest first, the lower index first among equal
   * distances.
   *
   * @param k how many, 1 to {@code min(size(), MAX_NEIGHBORS)}
   */
  public int[] kNearest(float a, float b, int k) {
    int[] indices = new int[k > 0 ? k : 0];
    kNearest(a, b, k, indices, new double[indices.length]);
    return indices;
  }

  /**
   * The {@code k} nearest bins of (a, b) and their squared distances, nearest first, the lower index
   * first among equal distances, into {@code indices[0..k)} and {@code squaredDistances[0..k)}.
   *
   * @param k how many, 1 to {@code min(size(), MAX_NEIGHBORS)}
   * @throws IllegalArgumentException if a or b is not finite, or an array is shorter than k
   */
  public void kNearest(float a, float b, int k, int[] indices, double[] squaredDistances) {
    checkNeighbors(k);
    checkNotNull(indices, "indices");
    checkNotNull(squaredDistances, "squaredDistances");
    checkArgument(indices.length >= k && squaredDistances.length >= k,
        "indices and squaredDistances hold %s and %s elements, expected at least k = %s",
        indices.length, squaredDistances.length, k);
    kNearestInto(grid(k), a, b, k, indices, 0, squaredDistances);
  }

  /**
   * Checks a neighbor count for {@link #kNearest} and for the classes that use it.
   *
   * @throws IllegalArgumentException if k is outside [1, min(size(), MAX_NEIGHBORS)]
   */
  public void checkNeighbors(int k) {
    int max = Math.min(size(), MAX_NEIGHBORS);
    checkArgument(k >= 1 && k <= max, "number of neighbors is %s, expected 1 to %s", k, max);
  }

  // ---------------------------------------------------------------- package-private kernels

  /** The grid answering up to k neighbors, built on first use. */
  BinLookupGrid grid(int k) {
    BinLookupGrid grid = grids.get(k);
    if (grid == null) {
      synchronized (grids) {
        grid = grids.get(k);
        if (grid == null) {
          grid = BinLookupGrid.build(k, ca, cb);
          grids.set(k, grid);
        }
      }
    }
    return grid;
  }

  /** Nearest bin of pixel i of a plane pair, with a pixel-naming error for non-finite values. */
  int nearestAt(BinLookupGrid grid, float[] a, float[] b, int i) {
    float av = a[i];
    float bv = b[i];
    int cell = BinLookupGrid.cellOf(av, bv);
    if (cell >= 0) {
      return grid.nearest(cell, av, bv, ca, cb);
    }
    checkFinitePixel(av, bv, i);
    return nearestByScan(av, bv);
  }

  /** K nearest of (a, b) into indices[offset..offset+k), distances into squaredDistances[0..k). */
  void kNearestInto(BinLookupGrid grid, float a, float b, int k, int[] indices, int offset,
      double[] squaredDistances) {
    int cell = BinLookupGrid.cellOf(a, b);
    if (cell >= 0) {
      grid.nearest(cell, a, b, ca, cb, k, indices, offset, squaredDistances);
      return;
    }
    checkArgument(Float.isFinite(a) && Float.isFinite(b),
        "ab value (%s, %s) is not finite, expected finite a and b", a, b);
    int count = 0;
    for (int q = 0; q < ca.length; q++) {
      count = BinLookupGrid.insert(q, squaredDistance(a, b, ca[q], cb[q]), count, k, indices,
          offset, squaredDistances);
    }
  }

  /** The nearest bin by scanning every center: the reference the grid must match. */
  int nearestByScan(float a, float b) {
    checkArgument(Float.isFinite(a) && Float.isFinite(b),
        "ab value (%s, %s) is not finite, expected finite a and b", a, b);
    int best = 0;
    double bestDistance = squaredDistance(a, b, ca[0], cb[0]);
    for (int q = 1; q < ca.length; q++) {
      double d = squaredDistance(a, b, ca[q], cb[q]);
      if (d < bestDistance) {
        bestDistance = d;
        best = q;
      }
    }
    return best;
  }

  /** Squared distance of (a, b) to a center: the one formula every lookup uses. */
  static double squaredDistance(float a, float b, double centerA, double centerB) {
    double da = a - centerA;
    double db = b - centerB;
    return da * da + db * db;
  }

  static void checkFinitePixel(float a, float b, int pixel) {
    if (!(Float.isFinite(a) && Float.isFinite(b))) {
      throw new IllegalArgumentException(String.format(
          "ab at pixel %d is (%s, %s), expected finite values", pixel, a, b));
    }
  }

  static void checkPlanes(float[] a, float[] b) {
    checkNotNull(a, "a plane");
    checkNotNull(b, "b plane");
    checkArgument(a.length == b.length, "b plane has %s elements, expected %s (the length of a)",
        b.length, a.length);
  }

  private void checkBin(int q) {
    checkArgument(q >= 0 && q < a.length, "bin %s out of range [0, %s)", q, a.length);
  }

  @Override
  public String toString() {
    return "AbGamut[" + id + ", " + a.length + " bins]";
  }
}
