package io.github.colorize.video;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.color.CieLab;
import io.github.colorize.image.Photo;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Measures color flicker: the mean change of a and b, {@code sqrt(da^2 + db^2)} in CIE Lab units,
 * between consecutive frames, over the pixels whose L barely changes (|dL| below a threshold), so
 * that motion and cuts do not count as flicker. Feed it the frames in order.
 */
public final class FlickerMeter {

  /** Default: pixels whose L changes by less than this count. */
  public static final double DEFAULT_STILL_L = 1.0;

  private final double stillL;
  private float[] prevL;
  private float[] prevA;
  private float[] prevB;
  private double sum;
  private long pixels;
  private long frames;

  /** A meter counting pixels whose L changes by less than {@code stillL}. */
  public FlickerMeter(double stillL) {
    checkArgument(stillL > 0, "still-L threshold is %s, expected > 0", stillL);
    this.stillL = stillL;
  }

  /** A meter with {@link #DEFAULT_STILL_L}. */
  public FlickerMeter() {
    this(DEFAULT_STILL_L);
  }

  /** Adds the next frame ({@code 0xAARRGGBB}); a frame of another size starts afresh. */
  public void accept(int[] argb, int width, int height) {
    checkNotNull(argb, "argb");
    checkArgument(argb.length == width * height, "%s pixels, expected %sx%s", argb.length, width,
        height);
    float[][] rgb = Photo.ofArgb(width, height, argb, false, "frame").toRgbChannels();
    int n = argb.length;
    float[] l = new float[n];
    float[] a = new float[n];
    float[] b = new float[n];
    CieLab.fromSrgb(rgb[0], rgb[1], rgb[2], l, a, b);
    if (prevL != null && prevL.length == n) {
      for (int i = 0; i < n; i++) {
        if (Math.abs(l[i] - prevL[i]) < stillL) {
          sum += Math.hypot(a[i] - prevA[i], b[i] - prevB[i]);
          pixels++;
        }
      }
    }
    prevL = l;
    prevA = a;
    prevB = b;
    frames++;
  }

  /** The mean |d(a, b)| over the still pixels so far (0 before two frames). */
  public double flicker() {
    return pixels == 0 ? 0 : sum / pixels;
  }

  /** Pixel pairs counted. */
  public long stillPixels() {
    return pixels;
  }

  /** Frames seen. */
  public long frames() {
    return frames;
  }

  /** The flicker of a video file, every frame decoded. */
  public static double measure(Path video) throws IOException {
    FlickerMeter meter = new FlickerMeter();
    try (FrameReader reader = FrameReader.open(video)) {
      VideoFrame f;
      while ((f = reader.next()) != null) {
        meter.accept(f.argb(), f.width(), f.height());
      }
    }
    return meter.flicker();
  }
}
