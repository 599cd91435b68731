package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.colorize.Colorizer;
import io.github.colorize.color.CieLab;
import io.github.colorize.color.Lab;
import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.ImageReadException;
import io.github.colorize.image.Photo;
import io.github.colorize.model.Eccv16;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code colorize(Path, Path)} on real files of every kind the decoder reads. The model is the
 * known-answer one (every pixel's ab = (10, 10), bin 140), so each output can be checked pixel by
 * pixel against its input as {@link ImageDecoder} reads it (EXIF orientation applied, CMYK
 * converted, 16 bits kept): same size, ab (10, 10) and the input's L wherever (L, 10, 10) is
 * inside the sRGB gamut (the inputs are chosen so that almost all of it is).
 *
 * <p>The CMYK and EXIF JPEGs are copies of colorize-api's image fixtures (see their README there);
 * the other inputs are written here.
 */
class ColorizerFilesTest {

  private static Colorizer colorizer;

  @TempDir
  Path dir;

  @BeforeAll
  static void open() {
    float[] bias = new float[313];
    bias[140] = 60f;
    colorizer = Colorizer.builder().model(TestModels.constantHead(Eccv16.logits(0.25), bias))
        .inputSize(32).build();
  }

  @AfterAll
  static void close() {
    colorizer.close();
  }

  /** Colorizes {@code in} to a PNG and checks it against the decoded input. */
  private void colorizeAndCheck(Path in, int width, int height) throws IOException {
    Path out = dir.resolve(in.getFileName() + ".out.png");
    colorizer.colorize(in, out);
    Photo input = ImageDecoder.defaults().decode(in);
    BufferedImage output = ImageIO.read(out.toFile());
    assertThat(output.getWidth()).as("width of %s", out).isEqualTo(width);
    assertThat(output.getHeight()).as("height of %s", out).isEqualTo(height);
    assertThat(input.width()).isEqualTo(width);
    int n = input.pixelCount();
    float[] inL = new float[n];
    float[] scratchA = new float[n];
    float[] scratchB = new float[n];
    if (input.isHighPrecision()) {
      float[][] rgb = input.toRgbChannels();
      CieLab.fromSrgb(rgb[0], rgb[1], rgb[2], inL, scratchA, scratchB);
    } else {
      CieLab.fromArgb(input.argb(), inL, scratchA, scratchB);
    }
    int checked = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double lIn = inL[y * width + x];
        if (!FacadeImages.inGamut(lIn, 10, 10)) {
          continue;
        }
        checked++;
        Lab labOut = CieLab.fromArgb(output.getRGB(x, y));
        assertThat(Math.abs(labOut.l() - lIn)).as("|L_out - L_in| at (%s, %s) of %s", x, y, in)
            .isLessThanOrEqualTo(0.5);
        assertThat(Math.abs(labOut.a() - 10)).as("a at (%s, %s) of %s", x, y, in)
            .isLessThanOrEqualTo(2.5);
        assertThat(Math.abs(labOut.b() - 10)).as("b at (%s, %s) of %s", x, y, in)
            .isLessThanOrEqualTo(2.5);
      }
    }
    assertThat(checked).as("pixels of %s inside the gamut", in).isGreaterThan(n * 9 / 10);
  }

  private Path copyFixture(String name) throws IOException {
    Path target = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/images/" + name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      Files.copy(in, target);
    }
    return target;
  }

  @Test
  void grayPng() throws IOException {
    BufferedImage gray = new BufferedImage(45, 30, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = gray.getRaster();
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 45; x++) {
        raster.setSample(x, y, 0, 60 + 3 * x + y);
      }
    }
    Path file = dir.resolve("gray.png");
    ImageIO.write(gray, "png", file.toFile());
    colorizeAndCheck(file, 45, 30);
  }

  @Test
  void sixteenBitPng() throws IOException {
    BufferedImage gray16 = new BufferedImage(40, 20, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster raster = gray16.getRaster();
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 40; x++) {
        raster.setSample(x, y, 0, 16000 + 997 * x + 311 * y);
      }
    }
    Path file = dir.resolve("gray16.png");
    ImageIO.write(gray16, "png", file.toFile());
    assertThat(ImageDecoder.defaults().decode(file).isHighPrecision()).isTrue();
    colorizeAndCheck(file, 40, 20);
  }

  @Test
  void sixteenBitGrayStaysSixteenBitInPngAndTiffWithItsLightness() throws IOException {
    // Issue 25, defect 4: 16-bit scans came out 8-bit. Levels 7 apart (1/36 of an 8-bit step).
    int w = 64;
    int h = 16;
    BufferedImage gray16 = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        gray16.getRaster().setSample(x, y, 0, 30000 + 7 * (y * w + x));
      }
    }
    Path png = dir.resolve("scan16.png");
    ImageIO.write(gray16, "png", png.toFile());
    Path tif = dir.resolve("scan16.tif");
    ImageIO.write(gray16, "tiff", tif.toFile());
    for (Path in : new Path[] {png, tif}) {
      for (String ext : new String[] {"png", "tif"}) {
        Path out = dir.resolve(in.getFileName() + ".out." + ext);
        colorizer.colorize(in, out);
        BufferedImage result = ImageIO.read(out.toFile());
        assertThat(result.getColorModel().getComponentSize()).as("bits of %s", out)
            .containsOnly(16);
        assertThat(result.getRaster().getNumBands()).isEqualTo(3);
        double worst = 0;
        java.util.Set<Integer> levels = new java.util.HashSet<>();
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            double v = gray16.getRaster().getSample(x, y, 0) / 65535.0;
            double lIn = CieLab.fromSrgb(v, v, v).l();
            int[] rgb = result.getRaster().getPixel(x, y, (int[]) null);
            Lab lab = CieLab.fromSrgb(rgb[0] / 65535.0, rgb[1] / 65535.0, rgb[2] / 65535.0);
            worst = Math.max(worst, Math.abs(lab.l() - lIn));
            assertThat(lab.a()).as("a at (%s, %s) of %s", x, y, out).isCloseTo(10, within(1.0));
            assertThat(lab.b()).as("b at (%s, %s) of %s", x, y, out).isCloseTo(10, within(1.0));
            levels.add(rgb[1]);
          }
        }
        // 8-bit output is off by up to ~0.2 in L and has ~28 levels here; 16-bit keeps them.
        assertThat(worst).as("largest |L_out - L_in| of %s", out).isLessThan(0.02);
        assertThat(levels.size()).as("distinct green levels of %s", out).isGreaterThan(w * h / 2);
      }
    }
    Path jpg = dir.resolve("scan16.out.jpg");
    colorizer.colorize(png, jpg);
    assertThat(ImageIO.read(jpg.toFile()).getColorModel().getComponentSize()).containsOnly(8);
  }

  @Test
  void rgbJpeg() throws IOException {
    BufferedImage rgb = FacadeImages.gray(48, 32, 70, 200, BufferedImage.TYPE_INT_RGB, 11);
    for (int x = 0; x < 48; x++) {
      rgb.setRGB(x, 5, 0xb05040);
    }
    Path file = dir.resolve("rgb.jpg");
    ImageIO.write(rgb, "jpeg", file.toFile());
    colorizeAndCheck(file, 48, 32);
  }

  @Test
  void palettePng() throws IOException {
    byte[] levels = new byte[16];
    for (int i = 0; i < 16; i++) {
      levels[i] = (byte) (70 + 8 * i);
    }
    byte[] green = levels.clone();
    green[3] = (byte) 150;
    IndexColorModel palette = new IndexColorModel(4, 16, levels, green, levels);
    BufferedImage indexed = new BufferedImage(33, 17, BufferedImage.TYPE_BYTE_BINARY, palette);
    WritableRaster raster = indexed.getRaster();
    for (int y = 0; y < 17; y++) {
      for (int x = 0; x < 33; x++) {
        raster.setSample(x, y, 0, (x + y) % 16);
      }
    }
    Path file = dir.resolve("palette.png");
    ImageIO.write(indexed, "png", file.toFile());
    colorizeAndCheck(file, 33, 17);
  }

  @Test
  void cmykJpeg() throws IOException {
    colorizeAndCheck(copyFixture("quadrants-cmyk.jpg"), 32, 24);
  }

  @Test
  void exifRotatedJpegComesOutUpright() throws IOException {
    Path file = copyFixture("orientation-6.jpg");
    // Stored 24 wide and 32 high, tagged "rotate 90 degrees clockwise to show".
    BufferedImage stored = ImageIO.read(file.toFile());
    assertThat(stored.getWidth()).isEqualTo(24);
    assertThat(stored.getHeight()).isEqualTo(32);
    colorizeAndCheck(file, 32, 24);
  }

  @Test
  void anExistingOutputIsKeptUnlessReplacingIsAsked() throws IOException {
    Path in = dir.resolve("in.png");
    ImageIO.write(FacadeImages.gray(20, 10, 90, 160, BufferedImage.TYPE_INT_RGB, 3), "png",
        in.toFile());
    Path out = dir.resolve("out.jpg");
    Files.writeString(out, "precious");
    assertThatThrownBy(() -> colorizer.colorize(in, out))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining(out.toString())
        .hasMessageContaining("REPLACE_EXISTING");
    assertThat(Files.readString(out)).isEqualTo("precious");

    colorizer.colorize(in, out, StandardCopyOption.REPLACE_EXISTING);
    BufferedImage jpeg = ImageIO.read(out.toFile());
    assertThat(jpeg.getWidth()).isEqualTo(20);
    assertThat(jpeg.getHeight()).isEqualTo(10);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary files left").containsExactlyInAnyOrder("in.png", "out.jpg");
    }
  }

  @Test
  void badPathsFailNamingTheFile() throws IOException {
    Path missing = dir.resolve("missing.png");
    assertThatThrownBy(() -> colorizer.colorize(missing, dir.resolve("x.png")))
        .isInstanceOf(ImageReadException.class).hasMessageContaining(missing.toString());
    Path in = dir.resolve("in.png");
    ImageIO.write(FacadeImages.gray(8, 8, 90, 160, BufferedImage.TYPE_INT_RGB, 3), "png",
        in.toFile());
    assertThatThrownBy(() -> colorizer.colorize(in, dir.resolve("out.webp")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'.webp'");
    assertThatThrownBy(() -> colorizer.colorize(in, dir.resolve("o.png"),
        StandardCopyOption.ATOMIC_MOVE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ATOMIC_MOVE");
  }
}
