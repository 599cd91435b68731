package io.github.colorize.cli.serve;

import io.github.colorize.color.CieLab;
import io.github.colorize.image.Photo;
import java.awt.image.BufferedImage;

/** What the network sees of a photo: its CIE L as a gray image (a = b = 0). */
public final class Lightness {

  private Lightness() {}

  /** The photo's lightness as a gray image. */
  static BufferedImage of(Photo photo) {
    BufferedImage image = new BufferedImage(photo.width(), photo.height(),
        BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, photo.width(), photo.height(), argb(photo), 0, photo.width());
    return image;
  }

  /** The photo's lightness as gray ARGB pixels, row by row. */
  public static int[] argb(Photo photo) {
    int[] argb = photo.argb();
    float[] l = new float[argb.length];
    CieLab.lightnessFromArgb(argb, l);
    float[] neutral = new float[argb.length];
    int[] gray = new int[argb.length];
    CieLab.toArgb(l, neutral, neutral, gray);
    return gray;
  }
}
