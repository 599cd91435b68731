import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes N synthetic gray JPEGs (gradients, discs and noise, 96-255 pixels a side, in sub-folders
 * of 100) and two unreadable files, for scripts that need photos without any data set:
 * {@code java examples/spark/scripts/SyntheticPhotos.java DIR N}.
 */
public class SyntheticPhotos {
  public static void main(String[] args) throws Exception {
    File dir = new File(args[0]);
    int n = Integer.parseInt(args[1]);
    Random random = new Random(23);
    for (int i = 0; i < n; i++) {
      int w = 96 + random.nextInt(160);
      int h = 96 + random.nextInt(160);
      BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      Graphics2D g = image.createGraphics();
      for (int y = 0; y < h; y++) {
        int v = 30 + 160 * y / h;
        g.setColor(new Color(v, v, v));
        g.drawLine(0, y, w, y);
      }
      for (int d = 0; d < 3; d++) {
        int v = random.nextInt(256);
        g.setColor(new Color(v, v, v));
        int r = 8 + random.nextInt(Math.min(w, h) / 3);
        g.fillOval(random.nextInt(w), random.nextInt(h), r, r);
      }
      g.dispose();
      File folder = new File(dir, String.format("box-%02d", i / 100));
      folder.mkdirs();
      ImageIO.write(image, "jpeg", new File(folder, String.format("photo-%05d.jpg", i)));
    }
    File broken = new File(dir, "broken");
    broken.mkdirs();
    byte[] jpeg = Files.readAllBytes(new File(dir, "box-00/photo-00000.jpg").toPath());
    Files.write(new File(broken, "truncated.jpg").toPath(), Arrays.copyOf(jpeg, 200));
    Files.write(new File(broken, "empty.png").toPath(), new byte[0]);
    System.out.println("wrote " + n + " gray photos and 2 unreadable files to " + dir);
  }
}
