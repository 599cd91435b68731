package io.github.colorize.video;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How {@link VideoColorizer} keeps colors steady from frame to frame.
 *
 * <p>Each pixel of the network's output grid keeps a running average of its logits (for models
 * that output ab: of its ab): {@code s_t = w * warp(s_{t-1}) + (1 - w) * z_t}, with {@code w =
 * smoothing} where the previous frame, moved by the estimated motion, matches the current one, and
 * less where it does not (new or uncovered content). At a scene cut the average starts afresh.
 *
 * @param enabled false: every frame is colorized alone, exactly as a photo
 * @param smoothing the weight w of the past in [0, 0.99]; 0 = no smoothing, higher = steadier
 *     colors that follow changes more slowly (the effective memory is about {@code 1 / (1 - w)}
 *     frames)
 * @param cutThreshold a scene cut is declared when more than this share of the frame, in [0, 1],
 *     cannot be found in the previous frame (1 = never)
 * @param motion whether the previous frame's colors follow the motion (block matching) before they
 *     are blended; false assumes a still camera
 * @param searchRadius how far, in cells of the network's output grid (4 network pixels for the
 *     paper's model), motion is searched each frame, in [1, 8]
 */
public record TemporalOptions(boolean enabled, double smoothing, double cutThreshold,
    boolean motion, int searchRadius) {

  /** Default weight of the past. */
  public static final double DEFAULT_SMOOTHING = 0.95;
  /** Default share of the frame that must be new for a scene cut. */
  public static final double DEFAULT_CUT_THRESHOLD = 0.5;
  /** Default motion search radius in output cells. */
  public static final int DEFAULT_SEARCH_RADIUS = 3;

  public TemporalOptions {
    checkArgument(smoothing >= 0 && smoothing <= 0.99,
        "smoothing is %s, expected in [0, 0.99] (0 = none, %s = the default)", smoothing,
        DEFAULT_SMOOTHING);
    checkArgument(cutThreshold >= 0 && cutThreshold <= 1,
        "cut threshold is %s, expected in [0, 1] (the share of the frame that must be new; %s ="
            + " the default)", cutThreshold, DEFAULT_CUT_THRESHOLD);
    checkArgument(searchRadius >= 1 && searchRadius <= 8,
        "motion search radius is %s, expected in [1, 8] output cells", searchRadius);
  }

  /** Smoothing on, with motion, at the defaults. */
  public static TemporalOptions defaults() {
    return new TemporalOptions(true, DEFAULT_SMOOTHING, DEFAULT_CUT_THRESHOLD, true,
        DEFAULT_SEARCH_RADIUS);
  }

  /** Every frame alone (the per-frame result, for comparison). */
  public static TemporalOptions off() {
    return new TemporalOptions(false, DEFAULT_SMOOTHING, DEFAULT_CUT_THRESHOLD, true,
        DEFAULT_SEARCH_RADIUS);
  }

  /** These options with another smoothing weight. */
  public TemporalOptions withSmoothing(double w) {
    return new TemporalOptions(enabled, w, cutThreshold, motion, searchRadius);
  }

  /** These options with another cut threshold. */
  public TemporalOptions withCutThreshold(double threshold) {
    return new TemporalOptions(enabled, smoothing, threshold, motion, searchRadius);
  }

  /** These options with motion following on or off. */
  public TemporalOptions withMotion(boolean on) {
    return new TemporalOptions(enabled, smoothing, cutThreshold, on, searchRadius);
  }

  /** These options with smoothing on or off. */
  public TemporalOptions withEnabled(boolean on) {
    return new TemporalOptions(on, smoothing, cutThreshold, motion, searchRadius);
  }
}
