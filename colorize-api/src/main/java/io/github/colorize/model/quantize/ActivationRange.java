package io.github.colorize.model.quantize;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The float range an activation tensor is quantized over; it always holds 0, so that zero (the
 * padding of every convolution) is represented exactly.
 *
 * @param min the lower end, {@code <= 0}
 * @param max the upper end, {@code >= 0}
 */
public record ActivationRange(float min, float max) {

  /** Levels of an unsigned 8-bit activation. */
  static final int LEVELS = 255;

  public ActivationRange {
    checkArgument(Float.isFinite(min) && Float.isFinite(max) && min <= 0 && max >= 0,
        "activation range [%s, %s], expected finite ends around 0", min, max);
  }

  /** The range stretched to hold 0. */
  public static ActivationRange around0(double min, double max) {
    return new ActivationRange((float) Math.min(0, min), (float) Math.max(0, max));
  }

  /** The uint8 step: the range over 255 levels (1 for an empty range, any step works there). */
  public float scale() {
    float s = (max - min) / LEVELS;
    return s > 0 ? s : 1f;
  }

  /** The uint8 value that stands for 0: the range's lower end maps to 0, its upper end to 255. */
  public int zeroPoint() {
    return (int) Math.max(0, Math.min(LEVELS, Math.round(-min / scale())));
  }
}
