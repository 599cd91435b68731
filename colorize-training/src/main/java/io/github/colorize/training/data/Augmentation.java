package io.github.colorize.training.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * How a training crop is cut from a photo.
 *
 * @param crop side of the square crop fed to the network, a multiple of 4 (the paper: 176)
 * @param flip whether to mirror half of the crops horizontally
 * @param minScale scale jitter: each crop is taken at a random scale in [minScale, 1] of the
 *     photo (1 = no jitter); a smaller scale sees more of the photo, shrunk
 * @param sampling how the ab target is taken at 1/4 resolution
 */
public record Augmentation(int crop, boolean flip, double minScale, TargetSampling sampling) {

  /** The output stride of the network: targets are {@code crop / 4} on a side. */
  public static final int STRIDE = 4;

  public Augmentation {
    checkArgument(crop >= 16 && crop % STRIDE == 0,
        "crop is %s, expected a multiple of %s and >= 16", crop, STRIDE);
    checkArgument(minScale > 0 && minScale <= 1, "minScale is %s, expected in (0, 1]", minScale);
    checkNotNull(sampling, "sampling");
  }

  /** The released code's recipe: 176 crops, flips, no scale jitter, every 4th pixel. */
  public static Augmentation paper() {
    return new Augmentation(176, true, 1.0, TargetSampling.SUBSAMPLE);
  }

  /** Side of the target planes. */
  public int targetSide() {
    return crop / STRIDE;
  }
}
