package io.github.colorize.spark;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small synthetic gray photos (JPEG and PNG) and broken ones, written by the tests. */
final class TestPhotos {

  private TestPhotos() {}

  /**
   * Writes {@code good} readable photos (every third a PNG, some in sub-folders, sizes 24-71
   * pixels) and three broken ones (a truncated JPEG, random bytes named .png, an empty .jpg),
   * plus a text file that is no photo.
   *
   * @return the relative paths of the good photos, then of the broken ones
   */
  static List<String> write(Path dir, int good) {
    Random random = new Random(13);
    List<String> written = new ArrayList<>();
    try {
      for (int i = 0; i < good; i++) {
        String folder = i % 4 == 0 ? "" : i % 4 == 1 ? "box-a/" : i % 4 == 2 ? "box-a/1910/"
            : "box-b/";
        String ext = i % 3 == 0 ? "png" : "jpg";
        String name = folder + String.format("photo %02d.%s", i, ext);
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        BufferedImage image = grayPhoto(24 + random.nextInt(48), 24 + random.nextInt(48), random);
        if (!ImageIO.write(image, ext.equals("png") ? "png" : "jpeg", file.toFile())) {
          throw new IOException("no writer for " + ext);
        }
        written.add(name);
      }
      byte[] jpeg = Files.readAllBytes(dir.resolve(written.get(1)));
      Files.write(dir.resolve("box-b/broken-truncated.jpg"), Arrays.copyOf(jpeg, 120));
      byte[] noise = new byte[600];
      random.nextBytes(noise);
      Files.write(dir.resolve("broken-noise.png"), noise);
      Files.write(dir.resolve("box-a/broken-empty.jpg"), new byte[0]);
      written.addAll(List.of("box-b/broken-truncated.jpg", "broken-noise.png",
          "box-a/broken-empty.jpg"));
      Files.writeString(dir.resolve("box-a/notes.txt"), "not a photo");
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A gray gradient with a bright disc and noise: something for the network to color. */
  static BufferedImage grayPhoto(int width, int height, Random random) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    int cx = random.nextInt(width);
    int cy = random.nextInt(height);
    int r = 4 + random.nextInt(Math.min(width, height) / 2);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int v = 40 + 150 * y / height + random.nextInt(20);
        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r) {
          v = 220;
        }
        image.getRaster().setSample(x, y, 0, Math.min(255, v));
      }
    }
    return image;
  }
}
