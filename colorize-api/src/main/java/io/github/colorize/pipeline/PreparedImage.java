package io.github.colorize.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.image.ImageSize;
import io.github.colorize.image.Photo;

/**
 * One photo ready for the network: the photo itself (for its size and alpha), its lightness L at
 * full resolution (which the output keeps), and the normalized L at the network size (the
 * network's input). Arrays are shared, not copied.
 */
public final class PreparedImage {

  private final Photo photo;
  private final float[] lightness;
  private final ImageSize networkSize;
  private final float[] networkInput;

  /**
   * @param photo the photo
   * @param lightness its CIE L plane, {@code photo.pixelCount()} values in [0, 100]
   * @param networkSize the size L was resized to
   * @param networkInput the resized, normalized L: {@code networkSize.pixels()} values
   * @throws IllegalArgumentException if an array length does not fit its size
   */
  public PreparedImage(Photo photo, float[] lightness, ImageSize networkSize,
      float[] networkInput) {
    this.photo = checkNotNull(photo, "photo");
    this.lightness = checkNotNull(lightness, "lightness");
    this.networkSize = checkNotNull(networkSize, "networkSize");
    this.networkInput = checkNotNull(networkInput, "networkInput");
    checkArgument(lightness.length == photo.pixelCount(),
        "lightness holds %s values, expected %s for %s", lightness.length, photo.pixelCount(),
        photo);
    checkArgument(networkInput.length == networkSize.pixels(),
        "network input holds %s values, expected %s for %s", networkInput.length,
        networkSize.pixels(), networkSize);
  }

  /** The photo. */
  public Photo photo() {
    return photo;
  }

  /** The photo's size. */
  public ImageSize size() {
    return photo.size();
  }

  /** CIE L at full resolution. */
  public float[] lightness() {
    return lightness;
  }

  /** The network input's size. */
  public ImageSize networkSize() {
    return networkSize;
  }

  /** The normalized L at {@link #networkSize()}, row-major. */
  public float[] networkInput() {
    return networkInput;
  }

  @Override
  public String toString() {
    return "PreparedImage[" + photo + " -> " + networkSize + "]";
  }
}
