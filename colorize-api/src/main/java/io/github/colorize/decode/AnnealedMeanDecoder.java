package io.github.colorize.decode;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.color.ParallelLoop;
import io.github.colorize.model.ModelMetadata;
import io.github.colorize.quant.AbGamut;
import io.github.colorize.tensor.FloatTensor;
import java.util.Arrays;

/**
 * The paper's decoding function H, the annealed mean: per pixel, {@code f_T(z) = softmax(log z /
 * T)} over the bins, and ab = {@code sum_q f_T(z)_q * center_q}. On logits this is {@code
 * softmax(logits / T)}.
 *
 * <p>T = 1 gives the mean of the distribution (smooth, desaturated), T -> 0 the mode (vibrant,
 * patchy); the paper uses T = 0.38. T = 0 is allowed and decodes the mode exactly: the center of
 * the most likely bin, the lowest index among ties.
 *
 * <p>Input is {@code N x Q x h x w} (logits, or probabilities), output {@code N x 2 x h x w} (a
 * then b). The softmax subtracts each pixel's maximum first, so large logits cannot overflow; a
 * one-hot distribution decodes to its bin's center exactly. Large tensors are split over pixel
 * blocks and the cores. Instances are immutable and thread-safe.
 */
public final class AnnealedMeanDecoder {

  /** The paper's temperature. */
  public static final double PAPER_TEMPERATURE = ModelMetadata.PAPER_TEMPERATURE;
  /** Largest temperature accepted (beyond it every decode is the plain mean of the centers). */
  public static final double MAX_TEMPERATURE = 1e6;

  /**
   * Pixels per block: the block's Q x BLOCK values are read once from memory for the maximum and
   * again from cache for the weights (512 measured ~5% faster than 256 and 128).
   */
  private static final int BLOCK = 512;
  /** Below this many logits a tensor is decoded on the calling thread. */
  private static final int PARALLEL_THRESHOLD = 1 << 18;

  private static final double LOG2_E = 1.4426950408889634;
  /** 2^u is computed as (2^(u / 64))^64: six squarings of a polynomial on [-1, 0]. */
  private static final int SQUARINGS = 6;
  /**
   * Weights below 2^-64 of the pixel's largest are set to exactly 0 (they cannot move a float
   * result), so that a one-hot distribution decodes to its center exactly.
   */
  private static final float GATE_SLOPE = 0x1p24f;

  // Minimax fit of 2^c = 1 + c (C1 + c (C2 + ...)) on [-1, 0], relative error 2e-9.
  private static final float C1 = 0.6931470632553101f;
  private static final float C2 = 0.24022436141967773f;
  private static final float C3 = 0.05549075827002525f;
  private static final float C4 = 0.009579179808497429f;
  private static final float C5 = 0.0012747482396662235f;
  private static final float C6 = 0.00010902321810135618f;

  private final AbGamut gamut;
  private final double temperature;
  private final float[] centerA;
  private final float[] centerB;
  /** log2(e) / T / 64, or 0 for the mode. */
  private final float scale;
  private final boolean mode;

  private AnnealedMeanDecoder(AbGamut gamut, double temperature) {
    this.gamut = gamut;
    this.temperature = temperature;
    this.centerA = gamut.aCenters();
    this.centerB = gamut.bCenters();
    float s = temperature == 0 ? Float.POSITIVE_INFINITY
        : (float) (LOG2_E / temperature / (1 << SQUARINGS));
    // A temperature so small that the scale overflows float is the mode for every input.
    this.mode = Float.isInfinite(s);
    this.scale = mode ? 0f : s;
  }

  /**
   * A decoder over {@code gamut}'s bins.
   *
   * @param temperature T, in [0, {@value #MAX_TEMPERATURE}]; 0 decodes the mode
   */
  public static AnnealedMeanDecoder of(AbGamut gamut, double temperature) {
    checkNotNull(gamut, "gamut");
    checkArgument(temperature >= 0 && temperature <= MAX_TEMPERATURE,
        "temperature is %s, expected in [0, %s] (0 = mode, 1 = mean)", temperature,
        MAX_TEMPERATURE);
    return new AnnealedMeanDecoder(gamut, temperature);
  }

  /** The paper's decoder: {@link AbGamut#zhang2016()}, T = 0.38. */
  public static AnnealedMeanDecoder paperDefaults() {
    return of(AbGamut.zhang2016(), PAPER_TEMPERATURE);
  }

  /** This decoder at another temperature. */
  public AnnealedMeanDecoder withTemperature(double temperature) {
    return of(gamut, temperature);
  }

  /** The bins decoded over. */
  public AbGamut gamut() {
    return gamut;
  }

  /** T. */
  public double temperature() {
    return temperature;
  }

  /**
   * Decodes logits, {@code N x Q x h x w}, into a new {@code N x 2 x h x w} ab tensor.
   *
   * @throws IllegalArgumentException if the shape does not match the gamut or a pixel's logits
   *     are not finite
   */
  public FloatTensor decodeLogits(FloatTensor logits) {
    int[] shape = checkShape(logits, "logits");
    FloatTensor ab = FloatTensor.zeros(shape[0], 2, shape[2], shape[3]);
    decode(logits.data(), shape[0], shape[2] * shape[3], false, ab.data(), 0);
    return ab;
  }

  /**
   * Decodes logits, {@code N x Q x h x w}, into {@code out[offset .. offset + N * 2 * h * w)}
   * (per item, the a plane then the b plane).
   */
  public void decodeLogits(FloatTensor logits, float[] out, int offset) {
    int[] shape = checkShape(logits, "logits");
    checkOut(out, offset, shape[0], shape[2] * shape[3]);
    decode(logits.data(), shape[0], shape[2] * shape[3], false, out, offset);
  }

  /**
   * Decodes probabilities, {@code N x Q x h x w} (each pixel's values >= 0, not all 0, need not
   * sum to 1), into a new {@code N x 2 x h x w} ab tensor: softmax(log p / T).
   *
   * @throws IllegalArgumentException if the shape does not match, a value is negative or not
   *     finite, or a pixel's values are all 0
   */
  public FloatTensor decodeProbabilities(FloatTensor probabilities) {
    int[] shape = checkShape(probabilities, "probabilities");
    FloatTensor ab = FloatTensor.zeros(shape[0], 2, shape[2], shape[3]);
    decode(probabilities.data(), shape[0], shape[2] * shape[3], true, ab.data(), 0);
    return ab;
  }

  /** Decodes probabilities into {@code out[offset ..)}; see {@link #decodeProbabilities}. */
  public void decodeProbabilities(FloatTensor probabilities, float[] out, int offset) {
    int[] shape = checkShape(probabilities, "probabilities");
    checkOut(out, offset, shape[0], shape[2] * shape[3]);
    decode(probabilities.data(), shape[0], shape[2] * shape[3], true, out, offset);
  }

  private int[] checkShape(FloatTensor tensor, String name) {
    checkNotNull(tensor, name);
    int[] shape = tensor.shape();
    checkArgument(shape.length == 4 && shape[1] == gamut.size(),
        "%s tensor has shape %s, expected N x %s x h x w (one channel per bin of %s)", name,
        Arrays.toString(shape), gamut.size(), gamut.id());
    return shape;
  }

  private static void checkOut(float[] out, int offset, int items, int pixels) {
    checkNotNull(out, "out");
    long needed = 2L * items * pixels;
    checkArgument(offset >= 0 && offset + needed <= out.length,
        "out holds %s elements, expected at least offset %s + N x 2 x h x w = %s", out.length,
        offset, needed);
  }

  // ---------------------------------------------------------------- kernel

  private void decode(float[] in, int items, int pixels, boolean probabilities, float[] out,
      int outOffset) {
    int bins = gamut.size();
    int blocksPerItem = (pixels + BLOCK - 1) / BLOCK;
    int tasks = items * blocksPerItem;
    int grain = (long) items * bins * pixels < PARALLEL_THRESHOLD ? tasks : 1;
    ParallelLoop.forRange(tasks, grain, (from, to) -> {
      Scratch scratch = new Scratch(bins, probabilities);
      for (int task = from; task < to; task++) {
        int item = task / blocksPerItem;
        int p0 = (task % blocksPerItem) * BLOCK;
        int len = Math.min(BLOCK, pixels - p0);
        int itemBase = item * bins * pixels;
        int outBase = outOffset + item * 2 * pixels + p0;
        if (probabilities && !mode) {
          logOfProbabilities(in, itemBase + p0, pixels, len, scratch.logs, item, p0);
          decodeBlock(scratch.logs, 0, len, len, item, p0, out, outBase, pixels, scratch);
        } else if (probabilities) {
          // The mode of p needs no logarithm (which could also merge nearly equal values).
          checkProbabilities(in, itemBase + p0, pixels, len, bins, item, p0);
          decodeBlock(in, itemBase + p0, pixels, len, item, p0, out, outBase, pixels, scratch);
        } else {
          decodeBlock(in, itemBase + p0, pixels, len, item, p0, out, outBase, pixels, scratch);
        }
      }
    });
  }

  /** Per-task buffers: nothing is allocated per pixel. */
  private static final class Scratch {
    final float[] max = new float[BLOCK];
    final float[] exponent = new float[BLOCK];
    final float[] weight = new float[BLOCK];
    final float[] weight2 = new float[BLOCK];
    final float[] sum = new float[BLOCK];
    final float[] sumA = new float[BLOCK];
    final float[] sumB = new float[BLOCK];
    final int[] argmax = new int[BLOCK];
    final float[] logs;

    Scratch(int bins, boolean probabilities) {
      logs = probabilities ? new float[bins * BLOCK] : new float[0];
    }
  }

  /** ln p of a block of probabilities into a compact {@code Q x len} buffer, validating p. */
  private static void logOfProbabilities(float[] in, int base, int stride, int len, float[] logs,
      int item, int p0) {
    int bins = logs.length / BLOCK;
    for (int q = 0; q < bins; q++) {
      int off = base + q * stride;
      for (int i = 0; i < len; i++) {
        float p = in[off + i];
        checkProbability(p, q, item, p0 + i);
        logs[q * len + i] = (float) Math.log(p);
      }
    }
  }

  private static void checkProbabilities(float[] in, int base, int stride, int len, int bins,
      int item, int p0) {
    for (int i = 0; i < len; i++) {
      float max = 0;
      for (int q = 0; q < bins; q++) {
        float p = in[base + q * stride + i];
        checkProbability(p, q, item, p0 + i);
        max = Math.max(max, p);
      }
      if (max == 0) {
        throw new IllegalArgumentException(String.format("item %d, pixel %d has all"
            + " probabilities 0, expected at least one > 0", item, p0 + i));
      }
    }
  }

  private static void checkProbability(float p, int bin, int item, int pixel) {
    if (!(p >= 0 && p <= Float.MAX_VALUE)) {
      throw new IllegalArgumentException(String.format("probability of bin %d at item %d,"
          + " pixel %d is %s, expected a finite value >= 0", bin, item, pixel, p));
    }
  }

  /**
   * Decodes {@code len} pixels whose bin q value is at {@code src[base + q * stride + i]} into
   * {@code out[outBase + i]} (a) and {@code out[outBase + pixels + i]} (b).
   */
  private void decodeBlock(float[] src, int base, int stride, int len, int item, int p0,
      float[] out, int outBase, int pixels, Scratch s) {
    int bins = centerA.length;
    float[] max = s.max;
    System.arraycopy(src, base, max, 0, len);
    for (int q = 1; q < bins; q++) {
      int off = base + q * stride;
      for (int i = 0; i < len; i++) {
        max[i] = Math.max(max[i], src[off + i]);
      }
    }
    for (int i = 0; i < len; i++) {
      // NaN anywhere propagates into the max; +inf, or all -inf (every probability 0), too.
      if (!Float.isFinite(max[i])) {
        throw new IllegalArgumentException(String.format("item %d, pixel %d has no finite"
            + " maximum over its bins (%s): expected finite logits, or probabilities not all 0",
            item, p0 + i, max[i]));
      }
    }
    if (mode) {
      decodeModeBlock(src, base, stride, len, out, outBase, pixels, s);
      return;
    }
    float[] weight = s.weight;
    float[] weight2 = s.weight2;
    float[] sum = s.sum;
    float[] sumA = s.sumA;
    float[] sumB = s.sumB;
    Arrays.fill(sum, 0, len, 0f);
    Arrays.fill(sumA, 0, len, 0f);
    Arrays.fill(sumB, 0, len, 0f);
    // Two bins per accumulation loop: half the loads and stores of the running sums (measured
    // ~15% faster than one bin at a time).
    int q = 0;
    for (; q + 1 < bins; q += 2) {
      weights(src, base + q * stride, len, s, weight);
      weights(src, base + (q + 1) * stride, len, s, weight2);
      float a1 = centerA[q];
      float b1 = centerB[q];
      float a2 = centerA[q + 1];
      float b2 = centerB[q + 1];
      for (int i = 0; i < len; i++) {
        float w = toPower64(weight[i]);
        float v = toPower64(weight2[i]);
        sum[i] += w + v;
        sumA[i] = Math.fma(w, a1, Math.fma(v, a2, sumA[i]));
        sumB[i] = Math.fma(w, b1, Math.fma(v, b2, sumB[i]));
      }
    }
    if (q < bins) {
      weights(src, base + q * stride, len, s, weight);
      float a1 = centerA[q];
      float b1 = centerB[q];
      for (int i = 0; i < len; i++) {
        float w = toPower64(weight[i]);
        sum[i] += w;
        sumA[i] = Math.fma(w, a1, sumA[i]);
        sumB[i] = Math.fma(w, b1, sumB[i]);
      }
    }
    for (int i = 0; i < len; i++) {
      out[outBase + i] = sumA[i] / sum[i];
      out[outBase + pixels + i] = sumB[i] / sum[i];
    }
  }

  /**
   * 2^(u / 64) of one bin's block, u = (logit - max) log2(e) / T, as {@code weight[i]}; 0 where u
   * < -64. Two short loops rather than one: each stays small enough for the JIT to vectorize.
   */
  private void weights(float[] src, int off, int len, Scratch s, float[] weight) {
    float[] max = s.max;
    float[] exponent = s.exponent;
    float k = scale;
    for (int i = 0; i < len; i++) {
      exponent[i] = (src[off + i] - max[i]) * k;
    }
    for (int i = 0; i < len; i++) {
      float u = exponent[i];
      float c = Math.max(u, -1f);
      float p = Math.fma(c, Math.fma(c, Math.fma(c, Math.fma(c, Math.fma(c, Math.fma(c, C6, C5),
          C4), C3), C2), C1), 1f);
      float gate = Math.min(Math.max(u + 1f, 0f) * GATE_SLOPE, 1f);
      weight[i] = p * gate;
    }
  }

  /** w^64 by six squarings: turns 2^(u / 64) into 2^u. */
  private static float toPower64(float w) {
    w *= w;
    w *= w;
    w *= w;
    w *= w;
    w *= w;
    return w * w;
  }

  /** The center of each pixel's most likely bin, the lowest index among ties. */
  private void decodeModeBlock(float[] src, int base, int stride, int len, float[] out,
      int outBase, int pixels, Scratch s) {
    int[] argmax = s.argmax;
    float[] max = s.max;
    Arrays.fill(argmax, 0, len, -1);
    for (int q = 0; q < centerA.length; q++) {
      int off = base + q * stride;
      for (int i = 0; i < len; i++) {
        if (argmax[i] < 0 && src[off + i] == max[i]) {
          argmax[i] = q;
        }
      }
    }
    for (int i = 0; i < len; i++) {
      out[outBase + i] = centerA[argmax[i]];
      out[outBase + pixels + i] = centerB[argmax[i]];
    }
  }

  @Override
  public String toString() {
    return "AnnealedMeanDecoder[" + gamut.id() + ", T=" + temperature + "]";
  }
}
