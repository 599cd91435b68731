package io.github.colorize.image;

import static io.github.colorize.image.Fixtures.assertQuadrants;
import static io.github.colorize.image.Fixtures.path;
import static io.github.colorize.image.Fixtures.quadrantColors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageEncoderTest {

  @TempDir
  Path dir;

  private final ImageDecoder decoder = ImageDecoder.defaults();
  private final ImageEncoder encoder = ImageEncoder.defaults();

  @ParameterizedTest
  @ValueSource(strings = {"out.png", "out.bmp", "out.tif", "out.TIFF"})
  void losslessFormatsRoundTripExactly(String name) throws IOException {
    Photo original = decoder.decode(path("quadrants.png"));
    Path target = dir.resolve(name);

    encoder.write(original, target);

    Photo back = decoder.decode(target);
    assertThat(back.argb()).isEqualTo(original.argb());
    assertThat(onlyFiles()).containsExactly(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"out.jpg", "out.jpeg"})
  void jpegRoundTripsCloselyAtDefaultQuality(String name) throws IOException {
    Path target = dir.resolve(name);

    encoder.write(decoder.decode(path("quadrants.png")), target);

    assertQuadrants(decoder.decode(target), quadrantColors(), 4);
  }

  @Test
  void jpegQualityIsApplied() throws IOException {
    BufferedImage noise = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(5);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        noise.setRGB(x, y, random.nextInt());
      }
    }
    Path high = dir.resolve("high.jpg");
    Path low = dir.resolve("low.jpg");

    encoder.write(noise, high);
    ImageEncoder.builder().jpegQuality(0.3f).build().write(noise, low);

    assertThat(Files.size(low)).isLessThan(Files.size(high) / 2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"alpha.png", "alpha.tif"})
  void alphaIsKeptWhereTheFormatHasIt(String name) throws IOException {
    Photo original = decoder.decode(path("rgba.png"));
    Path target = dir.resolve(name);

    encoder.write(original, target);

    Photo back = decoder.decode(target);
    assertThat(back.hasAlpha()).isTrue();
    assertThat(back.argb()).isEqualTo(original.argb());
  }

  @Test
  void alphaIsFlattenedOverTheBackgroundForBmp() throws IOException {
    int[] argb = {0x00ff0000, 0xff00ff00, 0x800000ff, 0x00000000};
    Path bmp = dir.resolve("flat.bmp");

    encoder.write(argb, 2, 2, true, bmp);

    Photo white = decoder.decode(bmp);
    assertThat(white.hasAlpha()).isFalse();
    // Transparent red and black turn white; half-transparent blue is blended with white.
    assertThat(white.argb()).containsExactly(0xffffffff, 0xff00ff00, 0xff7f7fff, 0xffffffff);
  }

  @Test
  void alphaIsFlattenedOverTheBackgroundForJpeg() throws IOException {
    int[] transparentRed = new int[16 * 16];
    java.util.Arrays.fill(transparentRed, 0x00ff0000);
    Path onWhite = dir.resolve("white.jpg");
    Path onBlack = dir.resolve("black.jpg");

    encoder.write(transparentRed, 16, 16, true, onWhite);
    ImageEncoder.builder().background(0x000000).build()
        .write(transparentRed, 16, 16, true, onBlack);

    for (int p : decoder.decode(onWhite).argb()) {
      assertThat(Fixtures.channelDistance(p, 0xffffff)).isLessThanOrEqualTo(2);
    }
    for (int p : decoder.decode(onBlack).argb()) {
      assertThat(Fixtures.channelDistance(p, 0x000000)).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void sixteenBitImagesStaySixteenBitInPngAndTiff() throws IOException {
    ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
        false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    WritableRaster raster = model.createCompatibleWritableRaster(2, 1);
    raster.setPixel(0, 0, new int[] {1, 30001, 65535});
    raster.setPixel(1, 0, new int[] {12345, 0, 777});
    // TIFF: the first writer found (TwelveMonkeys') throws on 16-bit samples; another is used.
    for (String name : new String[] {"deep.png", "deep.tif"}) {
      Path target = dir.resolve(name);

      encoder.write(new BufferedImage(model, raster, false, null), target);

      Photo back = decoder.decode(target);
      assertThat(back.bitDepth()).as(name).isEqualTo(16);
      assertThat(back.rgbPlanes()).as(name).containsExactly(new float[] {1 / 65535f,
          12345 / 65535f, 30001 / 65535f, 0f, 1f, 777 / 65535f}, within(0f));
    }
  }

  @Test
  void existingFilesAreKeptUnlessOverwriteIsOn() throws IOException {
    Path target = dir.resolve("keep.png");
    Files.writeString(target, "precious");
    Photo photo = decoder.decode(path("quadrants.png"));

    assertThatThrownBy(() -> encoder.write(photo, target))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining(target.toString())
        .hasMessageContaining("overwrite");
    assertThat(Files.readString(target)).isEqualTo("precious");
    assertThat(onlyFiles()).containsExactly("keep.png");

    ImageEncoder.builder().overwrite(true).build().write(photo, target);

    assertThat(decoder.decode(target).argb()).isEqualTo(photo.argb());
    assertThat(onlyFiles()).containsExactly("keep.png");
  }

  @Test
  void unknownExtensionsAreRejectedByName() {
    Photo photo = Photo.ofArgb(1, 1, new int[1], false, "t");

    assertThatThrownBy(() -> encoder.write(photo, dir.resolve("out.webp")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out.webp")
        .hasMessageContaining(".webp")
        .hasMessageContaining(".png");
    assertThatThrownBy(() -> encoder.write(photo, dir.resolve("noextension")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no extension");
    assertThat(ImageFormat.fromPath(Path.of("a/B.JPG"))).isEqualTo(ImageFormat.JPEG);
  }

  @Test
  void missingDirectoryIsReported() {
    Photo photo = Photo.ofArgb(1, 1, new int[1], false, "t");
    Path target = dir.resolve("no/such/dir/out.png");

    assertThatThrownBy(() -> encoder.write(photo, target))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(target.toString());
  }

  @Test
  void aFailedEncodeLeavesNoTemporaryFileAndTheOldFileIntact() throws IOException {
    Path target = dir.resolve("old.png");
    Files.writeString(target, "old content");
    BufferedImage failing = new FailingImage(8, 8);

    assertThatThrownBy(() -> ImageEncoder.builder().overwrite(true).build()
        .write(failing, target))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(target.toString())
        .hasMessageContaining("device gone");
    assertThat(onlyFiles()).containsExactly("old.png");
    assertThat(Files.readString(target)).isEqualTo("old content");
  }

  @Test
  void aTargetThatIsADirectoryIsRejected() throws IOException {
    Path target = dir.resolve("taken.png");
    Files.createDirectory(target);
    Photo photo = Photo.ofArgb(1, 1, new int[1], false, "t");

    assertThatThrownBy(() -> ImageEncoder.builder().overwrite(true).build().write(photo, target))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(target.toString())
        .hasMessageContaining("directory");
  }

  @Test
  void encodesToAStream() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    encoder.encode(decoder.decode(path("quadrants.png")).toBufferedImage(), ImageFormat.PNG, out);

    Photo back = decoder.decode(out.toByteArray(), "stream.png");
    assertQuadrants(back, quadrantColors(), 0);
  }

  private java.util.List<String> onlyFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** An image whose pixels cannot be read once the writer starts, like a failing device. */
  private static final class FailingImage extends BufferedImage {
    FailingImage(int width, int height) {
      super(width, height, TYPE_INT_RGB);
    }

    @Override
    public java.awt.image.Raster getTile(int x, int y) {
      throw new IllegalStateException("device gone");
    }

    @Override
    public java.awt.image.Raster getData(java.awt.Rectangle rect) {
      throw new IllegalStateException("device gone");
    }

    @Override
    public java.awt.image.Raster getData() {
      throw new IllegalStateException("device gone");
    }
  }
}
