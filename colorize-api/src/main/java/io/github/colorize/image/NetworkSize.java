package io.github.colorize.image;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Chooses the size the luminance is resized to before it enters the network.
 *
 * <p>The eccv16 network downsamples by 8 inside and upsamples by 2 at its end, so each side must
 * be a multiple of {@value #MULTIPLE}; its output is a quarter of the input on each side. The
 * paper evaluates on {@value #DEFAULT_SIDE} x {@value #DEFAULT_SIDE} squares; the aspect-keeping
 * variants avoid squashing non-square photos. All rounding is to the nearest multiple of
 * {@value #MULTIPLE}, never below {@value #MULTIPLE}.
 */
public final class NetworkSize {

  /** The paper's input side. */
  public static final int DEFAULT_SIDE = 224;

  /** Every network side is a multiple of this. */
  public static final int MULTIPLE = 8;

  private NetworkSize() {}

  /** {@code side x side}, the paper's choice (the image is squashed to a square). */
  public static ImageSize square(int side) {
    checkSide(side);
    return new ImageSize(side, side);
  }

  /**
   * Keeps the aspect ratio with the SHORT side equal to {@code side}; the long side is scaled
   * alike and rounded to the nearest multiple of 8. A 4000 x 3000 photo with side 224 gives
   * 296 x 224. Use this when the network should see at least {@code side} pixels across every
   * direction; the cost grows with the aspect ratio.
   *
   * @throws IllegalArgumentException if a size is not positive or {@code side} is not a positive
   *     multiple of 8
   */
  public static ImageSize fitShortSide(int width, int height, int side) {
    checkSide(side);
    checkImage(width, height);
    if (width <= height) {
      return new ImageSize(side, scaled(height, side, width));
    }
    return new ImageSize(scaled(width, side, height), side);
  }

  /**
   * Keeps the aspect ratio with the LONG side equal to {@code side}; the short side is scaled
   * alike and rounded to the nearest multiple of 8 (at least 8). A 4000 x 3000 photo with side
   * 224 gives 224 x 168. Use this to bound the cost: the network never sees more than
   * {@code side * side} pixels.
   *
   * @throws IllegalArgumentException if a size is not positive or {@code side} is not a positive
   *     multiple of 8
   */
  public static ImageSize fitLongSide(int width, int height, int side) {
    checkSide(side);
    checkImage(width, height);
    if (width >= height) {
      return new ImageSize(side, scaled(height, side, width));
    }
    return new ImageSize(scaled(width, side, height), side);
  }

  /** {@code length * side / reference}, rounded to the nearest multiple of 8, at least 8. */
  private static int scaled(int length, int side, int reference) {
    double exact = (double) length * side / reference;
    long rounded = Math.round(exact / MULTIPLE) * MULTIPLE;
    checkArgument(rounded <= Integer.MAX_VALUE, "scaled side %s is too large", rounded);
    return (int) Math.max(MULTIPLE, rounded);
  }

  private static void checkSide(int side) {
    checkArgument(side >= MULTIPLE && side % MULTIPLE == 0,
        "network side %s, expected a positive multiple of %s", side, MULTIPLE);
  }

  private static void checkImage(int width, int height) {
    checkArgument(width > 0 && height > 0, "image size %sx%s, expected both > 0", width, height);
  }
}
