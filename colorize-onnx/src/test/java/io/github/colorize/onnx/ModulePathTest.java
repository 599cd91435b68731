package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * colorize as named modules: a small application module ({@code src/test/modular-app}) is compiled
 * against colorize-api on the module path and run in a child JVM with {@code --module-path} only
 * (no class path). It colorizes a gray JPEG, a CMYK JPEG and a TIFF: the TwelveMonkeys ImageIO
 * plugins must be found as modules, and the ONNX Runtime backend through
 * {@link java.util.ServiceLoader} (the application does not name it).
 */
class ModulePathTest {

  @TempDir
  Path dir;

  @Test
  void colorizesJpegCmykJpegAndTiffFromTheModulePath() throws Exception {
    List<String> modulePath = modulePath();
    Path classes = dir.resolve("demo-classes");
    compileDemo(modulePath, classes);
    Path images = Files.createDirectories(dir.resolve("images"));
    Path gray = writeGray(images.resolve("gray.jpg"), "jpg");
    Path tiff = writeGray(images.resolve("scan.tif"), "tiff");
    Path cmyk = images.resolve("quadrants-cmyk.jpg");
    try (InputStream in = getClass().getResourceAsStream("/images/quadrants-cmyk.jpg")) {
      assertThat(in).isNotNull();
      Files.copy(in, cmyk);
    }
    Path out = Files.createDirectories(dir.resolve("out"));

    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", classes + File.pathSeparator + String.join(File.pathSeparator, modulePath),
        "-m", "colorize.demo/demo.Main", out.toString(), gray.toString(), cmyk.toString(),
        tiff.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    assertThat(output)
        .contains("colorized gray.jpg reader-module com.twelvemonkeys.imageio.jpeg")
        .contains("colorized quadrants-cmyk.jpg reader-module com.twelvemonkeys.imageio.jpeg")
        .contains("colorized scan.tif reader-module com.twelvemonkeys.imageio.tiff")
        .contains("backend onnx")
        .contains("api-module io.github.colorize.api")
        .contains("demo-module colorize.demo");
    for (String name : List.of("gray", "quadrants-cmyk", "scan")) {
      BufferedImage color = ImageIO.read(out.resolve(name + "-color.png").toFile());
      assertThat(color).as(name).isNotNull();
      assertThat(hasColor(color)).as("%s has colored pixels", name).isTrue();
    }
    assertThat(ImageIO.read(out.resolve("gray-color.png").toFile()).getWidth()).isEqualTo(48);
  }

  /** colorize-onnx's classes and its runtime dependencies, as Maven resolved them. */
  private static List<String> modulePath() throws IOException {
    Path listed = Path.of("target", "module-path.txt");
    assertThat(listed).as("written by maven-dependency-plugin before the tests").exists();
    List<String> path = new ArrayList<>();
    path.add(Path.of(OnnxBackendProvider.class.getProtectionDomain().getCodeSource().getLocation()
        .getPath()).toString());
    for (String entry : Files.readString(listed).trim().split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        path.add(entry);
      }
    }
    return path;
  }

  private static void compileDemo(List<String> modulePath, Path classes) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--module-path",
        String.join(File.pathSeparator, modulePath), "-Xlint:-options"));
    try (Stream<Path> sources = Files.walk(Path.of("src", "test", "modular-app"))) {
      args.addAll(sources.filter(p -> p.toString().endsWith(".java")).map(Path::toString)
          .collect(Collectors.toList()));
    }
    int rc = javac.run(null, null, null, args.toArray(String[]::new));
    assertThat(rc).as("javac of the demo module").isZero();
  }

  private static Path writeGray(Path file, String format) throws IOException {
    BufferedImage gray = new BufferedImage(48, 32, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = gray.getRaster();
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 48; x++) {
        raster.setSample(x, y, 0, 40 + (x * 3 + y * 2) % 180);
      }
    }
    assertThat(ImageIO.write(gray, format, file.toFile())).as(format).isTrue();
    return file;
  }

  private static boolean hasColor(BufferedImage image) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = rgb >> 16 & 255;
        int g = rgb >> 8 & 255;
        int b = rgb & 255;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 2) {
          return true;
        }
      }
    }
    return false;
  }
}
