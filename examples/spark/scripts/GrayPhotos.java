import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * Writes the first N photos of a folder as gray JPEGs into another, for the throughput run:
 * {@code java examples/spark/scripts/GrayPhotos.java /work/shared/data/val /tmp/gray200 200}.
 */
public class GrayPhotos {
  public static void main(String[] args) throws Exception {
    File[] files = new File(args[0]).listFiles((d, n) -> n.toLowerCase().matches(".*\\.(jpe?g|png)"));
    Arrays.sort(files);
    File out = new File(args[1]);
    out.mkdirs();
    int n = Math.min(files.length, Integer.parseInt(args[2]));
    for (int i = 0; i < n; i++) {
      BufferedImage color = ImageIO.read(files[i]);
      BufferedImage gray = new BufferedImage(color.getWidth(), color.getHeight(),
          BufferedImage.TYPE_BYTE_GRAY);
      gray.getGraphics().drawImage(color, 0, 0, null);
      String name = files[i].getName().replaceFirst("\\.[^.]+$", ".jpg");
      ImageIO.write(gray, "jpeg", new File(out, name));
    }
    System.out.println("wrote " + n + " gray photos to " + out);
  }
}
