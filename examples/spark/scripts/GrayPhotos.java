import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Writes N photos of one or more folders (searched recursively, comma-separated, in order) as
 * gray JPEGs into another, for the throughput runs; the photos are used again (under new names)
 * when there are fewer than N:
 * {@code java examples/spark/scripts/GrayPhotos.java ../shared/data/val,../shared/data/train
 * /tmp/gray2000 2000}.
 */
public class GrayPhotos {
  public static void main(String[] args) throws Exception {
    List<Path> files = new ArrayList<>();
    for (String source : args[0].split(",")) {
      try (Stream<Path> walk = Files.walk(Path.of(source))) {
        walk.filter(p -> p.getFileName().toString().toLowerCase().matches(".*\\.(jpe?g|png)"))
            .sorted().forEach(files::add);
      }
    }
    File out = new File(args[1]);
    out.mkdirs();
    int n = Integer.parseInt(args[2]);
    int written = 0;
    for (int i = 0; written < n && i < n * 2; i++) {
      Path file = files.get(i % files.size());
      BufferedImage color;
      try {
        color = ImageIO.read(file.toFile());
      } catch (IOException e) {
        color = null;
      }
      if (color == null) {
        continue;
      }
      BufferedImage gray = new BufferedImage(color.getWidth(), color.getHeight(),
          BufferedImage.TYPE_BYTE_GRAY);
      gray.getGraphics().drawImage(color, 0, 0, null);
      String stem = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
      String name = String.format("%05d-%s.jpg", written, stem);
      ImageIO.write(gray, "jpeg", new File(out, name));
      written++;
    }
    System.out.println("wrote " + written + " gray photos to " + out);
  }
}
