package demo;

import io.github.colorize.Colorizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Colorizes each file named after the output folder, printing for each the module of the ImageIO
 * reader that decodes it; then prints the backend's name and the modules colorize came from.
 */
public final class Main {
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    try (Colorizer colorizer = Colorizer.builder().build()) {
      for (int i = 1; i < args.length; i++) {
        Path in = Path.of(args[i]);
        String reader;
        try (ImageInputStream stream = ImageIO.createImageInputStream(in.toFile())) {
          Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
          reader = readers.hasNext() ? readers.next().getClass().getModule().getName() : "none";
        }
        String name = in.getFileName().toString();
        Path target = out.resolve(name.substring(0, name.lastIndexOf('.')) + "-color.png");
        colorizer.colorize(in, target);
        System.out.println("colorized " + name + " reader-module " + reader + " bytes "
            + Files.size(target));
      }
      System.out.println("backend " + colorizer.backendName());
      System.out.println("api-module " + Colorizer.class.getModule().getName());
      System.out.println("demo-module " + Main.class.getModule().getName());
    }
  }
}
