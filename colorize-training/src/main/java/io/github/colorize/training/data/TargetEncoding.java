package io.github.colorize.training.data;

import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.quant.RebalanceWeights;
import io.github.colorize.quant.SoftEncoder;

/**
 * What the loss compares the network's output with, per loss variant: soft-encoded classes with
 * rebalancing weights ({@code full}), soft-encoded classes with unit weights ({@code class}), or
 * ab itself with unit weights ({@code l2}).
 */
public final class TargetEncoding {

  /** Crops whose every pixel has |a| and |b| at most this are gray: zero loss (the paper). */
  public static final float GRAY_THRESHOLD = 5f;

  private final SoftEncoder encoder;
  private final RebalanceWeights rebalance;

  private TargetEncoding(SoftEncoder encoder, RebalanceWeights rebalance) {
    this.encoder = encoder;
    this.rebalance = rebalance;
  }

  /** Soft-encoded targets; pixel weights from {@code rebalance} (lambda 1 gives all ones). */
  public static TargetEncoding classes(SoftEncoder encoder, RebalanceWeights rebalance) {
    return new TargetEncoding(checkNotNull(encoder, "encoder"),
        checkNotNull(rebalance, "rebalance"));
  }

  /** ab regression targets in Lab units, unit pixel weights. */
  public static TargetEncoding regression() {
    return new TargetEncoding(null, null);
  }

  /** Channels of the target: the gamut's bins, or 2. */
  public int channels() {
    return encoder == null ? 2 : encoder.gamut().size();
  }

  /**
   * Writes one image's target and weights.
   *
   * @param a target a plane (h x w)
   * @param b target b plane
   * @param gray whether the whole crop is gray (then its weights are zero)
   * @param target the batch's target array; this image's block starts at {@code targetOffset}
   * @param weights the batch's weight array; this image's block starts at {@code weightOffset}
   */
  void encode(float[] a, float[] b, boolean gray, float[] target, int targetOffset,
      float[] weights, int weightOffset) {
    int pixels = a.length;
    if (encoder == null) {
      System.arraycopy(a, 0, target, targetOffset, pixels);
      System.arraycopy(b, 0, target, targetOffset + pixels, pixels);
    } else {
      encoder.encodeDense(a, b, target, targetOffset);
    }
    if (gray) {
      java.util.Arrays.fill(weights, weightOffset, weightOffset + pixels, 0f);
    } else if (rebalance == null) {
      java.util.Arrays.fill(weights, weightOffset, weightOffset + pixels, 1f);
    } else {
      rebalance.pixelWeights(a, b, weights, weightOffset);
    }
  }
}
