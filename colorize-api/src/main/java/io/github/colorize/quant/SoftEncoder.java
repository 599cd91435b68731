package io.github.colorize.quant;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.color.ParallelLoop;
import io.github.colorize.tensor.FloatTensor;
import java.util.Arrays;

/**
 * Soft-encodes true ab values into distributions over the bins (the training target Z of the
 * paper): each pixel's K nearest bin centers weighted by a Gaussian {@code exp(-d^2 / (2
 * sigma^2))} of their distance, normalized to sum 1. K = 5 and sigma = 5 in the paper (the released
 * training code uses K = 10).
 *
 * <p>Dense output is {@code Q x pixels} (a {@code Q x h x w} block of a training batch), sparse
 * output K entries per pixel. Lookups go through {@link AbGamut}'s constant-time grid; large
 * planes are split over the cores. Instances are immutable and thread-safe.
 */
public final class SoftEncoder {

  /** The paper's K. */
  public static final int DEFAULT_NEIGHBORS = 5;
  /** The paper's sigma, in ab units. */
  public static final double DEFAULT_SIGMA = 5.0;

  /** Pixels per task: a 64 x 64 training target already splits over two threads. */
  private static final int GRAIN = 1 << 11;

  private final AbGamut gamut;
  private final int neighbors;
  private final double sigma;
  private final double inverseTwoSigmaSquared;

  private SoftEncoder(Builder builder) {
    this.gamut = builder.gamut;
    this.neighbors = builder.neighbors;
    this.sigma = builder.sigma;
    this.inverseTwoSigmaSquared = 1 / (2 * sigma * sigma);
  }

  /** The paper's encoder: {@link AbGamut#zhang2016()}, K = 5, sigma = 5. */
  public static SoftEncoder paperDefaults() {
    return builder().build();
  }

  /** A builder starting from the paper's settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** The bins encoded over. */
  public AbGamut gamut() {
    return gamut;
  }

  /** K, the number of nearest bins each pixel spreads over. */
  public int neighbors() {
    return neighbors;
  }

  /** The Gaussian's sigma, in ab units. */
  public double sigma() {
    return sigma;
  }

  /**
   * Encodes one ab value: its K nearest bins (nearest first) into {@code indices[0..K)} and their
   * weights into {@code weights[0..K)}.
   *
   * @throws IllegalArgumentException if a or b is not finite or an array is shorter than K
   */
  public void encode(float a, float b, int[] indices, float[] weights) {
    checkNotNull(indices, "indices");
    checkNotNull(weights, "weights");
    checkArgument(indices.length >= neighbors && weights.length >= neighbors,
        "indices and weights hold %s and %s elements, expected at least K = %s", indices.length,
        weights.length, neighbors);
    checkArgument(Float.isFinite(a) && Float.isFinite(b),
        "ab value (%s, %s) is not finite, expected finite a and b", a, b);
    encodePixel(gamut.grid(neighbors), a, b, indices, weights, 0, new double[neighbors]);
  }

  /**
   * Encodes an ab plane pair into a new dense {@code Q x pixels} array (bin-major: bin q of pixel p
   * at {@code q * pixels + p}).
   *
   * @throws IllegalArgumentException if the planes differ in length or hold a non-finite value
   */
  public float[] encodeDense(float[] a, float[] b) {
    AbGamut.checkPlanes(a, b);
    float[] out = new float[Math.multiplyExact(gamut.size(), a.length)];
    encodeDense(a, b, out, 0);
    return out;
  }

  /**
   * Encodes an ab plane pair into {@code out[offset .. offset + Q * pixels)}, bin-major, without
   * allocating a dense buffer (the region is overwritten, zeros included).
   *
   * @throws IllegalArgumentException if the planes differ in length, {@code out} is too short, or
   *     a value is not finite (naming the pixel)
   */
  public void encodeDense(float[] a, float[] b, float[] out, int offset) {
    AbGamut.checkPlanes(a, b);
    checkNotNull(out, "out");
    int pixels = a.length;
    long needed = (long) gamut.size() * pixels;
    checkArgument(offset >= 0 && offset + needed <= out.length,
        "out holds %s elements, expected at least offset %s + Q %s x pixels %s", out.length,
        offset, gamut.size(), pixels);
    BinLookupGrid grid = gamut.grid(neighbors);
    int bins = gamut.size();
    ParallelLoop.forRange(pixels, GRAIN, (from, to) -> {
      int[] indices = new int[neighbors];
      float[] weights = new float[neighbors];
      double[] distances = new double[neighbors];
      for (int q = 0; q < bins; q++) {
        int row = offset + q * pixels;
        Arrays.fill(out, row + from, row + to, 0f);
      }
      for (int p = from; p < to; p++) {
        checkPixel(a, b, p);
        encodePixel(grid, a[p], b[p], indices, weights, 0, distances);
        for (int j = 0; j < neighbors; j++) {
          out[offset + indices[j] * pixels + p] = weights[j];
        }
      }
    });
  }

  /**
   * Encodes a batch of ab planes, {@code N x 2 x h x w}, into a new {@code N x Q x h x w} tensor.
   *
   * @throws IllegalArgumentException if the tensor is not of that shape or holds a non-finite value
   */
  public FloatTensor encodeDense(FloatTensor ab) {
    checkNotNull(ab, "ab");
    checkArgument(ab.rank() == 4 && ab.dim(1) == 2,
        "ab tensor has shape %s, expected N x 2 x h x w", Arrays.toString(ab.shape()));
    int n = ab.dim(0);
    int pixels = ab.dim(2) * ab.dim(3);
    FloatTensor out = FloatTensor.zeros(n, gamut.size(), ab.dim(2), ab.dim(3));
    float[] data = ab.data();
    for (int item = 0; item < n; item++) {
      int base = item * 2 * pixels;
      float[] a = Arrays.copyOfRange(data, base, base + pixels);
      float[] b = Arrays.copyOfRange(data, base + pixels, base + 2 * pixels);
      encodeDense(a, b, out.data(), item * gamut.size() * pixels);
    }
    return out;
  }

  /**
   * Encodes an ab plane pair into the sparse form (K entries per pixel).
   *
   * @throws IllegalArgumentException if the planes differ in length or hold a non-finite value
   */
  public SparseSoftEncoding encodeSparse(float[] a, float[] b) {
    AbGamut.checkPlanes(a, b);
    int entries = Math.multiplyExact(a.length, neighbors);
    int[] indices = new int[entries];
    float[] weights = new float[entries];
    encodeSparse(a, b, indices, weights);
    return new SparseSoftEncoding(neighbors, indices, weights);
  }

  /**
   * Encodes an ab plane pair into caller buffers, pixel-major: pixel p's K bins (nearest first) at
   * {@code indices[p * K .. (p + 1) * K)} and their weights at the same positions of
   * {@code weights}.
   *
   * @throws IllegalArgumentException if the planes differ in length, a buffer is shorter than
   *     {@code pixels * K}, or a value is not finite (naming the pixel)
   */
  public void encodeSparse(float[] a, float[] b, int[] indices, float[] weights) {
    AbGamut.checkPlanes(a, b);
    checkNotNull(indices, "indices");
    checkNotNull(weights, "weights");
    long needed = (long) a.length * neighbors;
    checkArgument(indices.length >= needed && weights.length >= needed,
        "indices and weights hold %s and %s elements, expected at least pixels %s x K %s",
        indices.length, weights.length, a.length, neighbors);
    BinLookupGrid grid = gamut.grid(neighbors);
    ParallelLoop.forRange(a.length, GRAIN, (from, to) -> {
      double[] distances = new double[neighbors];
      for (int p = from; p < to; p++) {
        checkPixel(a, b, p);
        encodePixel(grid, a[p], b[p], indices, weights, p * neighbors, distances);
      }
    });
  }

  private static void checkPixel(float[] a, float[] b, int p) {
    AbGamut.checkFinitePixel(a[p], b[p], p);
  }

  /** K nearest of (a, b) and their normalized Gaussian weights at {@code offset}. */
  private void encodePixel(BinLookupGrid grid, float a, float b, int[] indices, float[] weights,
      int offset, double[] distances) {
    gamut.kNearestInto(grid, a, b, neighbors, indices, offset, distances);
    // Relative to the nearest distance: far from every center the raw Gaussians would all
    // underflow to 0; the normalized weights are the same.
    double nearest = distances[0];
    double sum = 0;
    for (int j = 0; j < neighbors; j++) {
      double w = Math.exp((nearest - distances[j]) * inverseTwoSigmaSquared);
      distances[j] = w;
      sum += w;
    }
    for (int j = 0; j < neighbors; j++) {
      weights[offset + j] = (float) (distances[j] / sum);
    }
  }

  @Override
  public String toString() {
    return "SoftEncoder[" + gamut.id() + ", K=" + neighbors + ", sigma=" + sigma + "]";
  }

  /** Options of a {@link SoftEncoder}; starts from the paper's. */
  public static final class Builder {
    private AbGamut gamut = AbGamut.zhang2016();
    private int neighbors = DEFAULT_NEIGHBORS;
    private double sigma = DEFAULT_SIGMA;

    private Builder() {}

    /** The bins to encode over (default {@link AbGamut#zhang2016()}). */
    public Builder gamut(AbGamut gamut) {
      this.gamut = checkNotNull(gamut, "gamut");
      return this;
    }

    /** K, the nearest bins per pixel (default 5; 1 gives one-hot targets). */
    public Builder neighbors(int neighbors) {
      checkArgument(neighbors >= 1 && neighbors <= AbGamut.MAX_NEIGHBORS,
          "neighbors is %s, expected 1 to %s", neighbors, AbGamut.MAX_NEIGHBORS);
      this.neighbors = neighbors;
      return this;
    }

    /** The Gaussian's sigma in ab units (default 5). */
    public Builder sigma(double sigma) {
      checkArgument(sigma > 0 && sigma <= 1000, "sigma is %s, expected in (0, 1000]", sigma);
      this.sigma = sigma;
      return this;
    }

    /**
     * The encoder.
     *
     * @throws IllegalArgumentException if K exceeds the gamut's size
     */
    public SoftEncoder build() {
      gamut.checkNeighbors(neighbors);
      return new SoftEncoder(this);
    }
  }
}
