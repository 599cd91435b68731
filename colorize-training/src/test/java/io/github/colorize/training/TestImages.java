package io.github.colorize.training;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Writes small real image files for tests: colorful random rectangles, and a gray one. */
public final class TestImages {

  private TestImages() {}

  /** Writes {@code count} colorful PNGs of {@code width x height} into {@code dir}. */
  public static void writeColorful(Path dir, int count, int width, int height, long seed)
      throws IOException {
    Files.createDirectories(dir);
    Random random = new Random(seed);
    for (int i = 0; i < count; i++) {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      for (int r = 0; r < 12; r++) {
        g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
        g.fillRect(random.nextInt(width), random.nextInt(height), 4 + random.nextInt(width / 2),
            4 + random.nextInt(height / 2));
      }
      g.dispose();
      ImageIO.write(image, "png", dir.resolve(String.format("img%03d.png", i)).toFile());
    }
  }

  /** Writes one gray PNG. */
  public static void writeGray(Path file, int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int v = (x * 255) / Math.max(1, width - 1);
        image.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    ImageIO.write(image, "png", file.toFile());
  }
}
