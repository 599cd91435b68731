package io.github.colorize.cli;

import io.github.colorize.cli.serve.Lightness;
import io.github.colorize.image.Photo;
import java.awt.image.BufferedImage;

/**
 * The {@code --side-by-side} picture: what the network saw (the input's lightness), the result,
 * and the original when it had color, left to right.
 */
final class SideBySide {

  private SideBySide() {}

  static BufferedImage compose(Photo input, BufferedImage result) {
    int w = input.width();
    int h = input.height();
    int[] gray = Lightness.argb(input);
    boolean original = !input.isGray();
    int panels = original ? 3 : 2;
    BufferedImage out = new BufferedImage(w * panels, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, gray, 0, w);
    out.setRGB(w, 0, w, h, result.getRGB(0, 0, w, h, null, 0, w), 0, w);
    if (original) {
      out.setRGB(2 * w, 0, w, h, input.argb(), 0, w);
    }
    return out;
  }
}
