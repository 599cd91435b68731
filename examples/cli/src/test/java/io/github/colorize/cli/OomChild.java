package io.github.colorize.cli;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Runs in a child JVM with a small heap (see {@link BatchSurvivalTest}): makes a folder of a
 * small photo, a gray photo too large for the heap, and another small photo, then colorizes the
 * folder with the tool, exiting with its status. The large photo is made here, not shipped.
 */
public final class OomChild {

  private OomChild() {}

  /** {@code OomChild DIR WIDTH HEIGHT}. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path in = Files.createDirectories(dir.resolve("in"));
    writeGray(in.resolve("a.png"), 64, 48);
    writeGray(in.resolve("b-big.jpg"), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    writeGray(in.resolve("c.png"), 48, 64);
    System.exit(ColorizeCommand.commandLine().execute(in.toString(), "--out-dir",
        dir.resolve("out").toString()));
  }

  private static void writeGray(Path file, int w, int h) throws Exception {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        data[y * w + x] = (byte) ((x / 8 + y / 8) * 5);
      }
    }
    String format = file.toString().endsWith(".png") ? "png" : "jpg";
    ImageIO.write(image, format, file.toFile());
  }
}
