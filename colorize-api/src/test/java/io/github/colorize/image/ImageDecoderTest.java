package io.github.colorize.image;

import static io.github.colorize.image.Fixtures.assertQuadrants;
import static io.github.colorize.image.Fixtures.path;
import static io.github.colorize.image.Fixtures.quadrantColors;
import static io.github.colorize.image.Fixtures.rgb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.colorize.image.ImageReadException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

  private final ImageDecoder decoder = ImageDecoder.defaults();

  @ParameterizedTest
  @ValueSource(strings = {"quadrants.png", "quadrants.bmp", "quadrants.tif", "quadrants.gif",
      "quadrants-palette.png"})
  void losslessFormatsDecodeEveryPixelExactly(String name) throws IOException {
    Photo photo = decoder.decode(path(name));

    assertThat(photo.width()).isEqualTo(32);
    assertThat(photo.height()).isEqualTo(24);
    assertThat(photo.bitDepth()).isEqualTo(8);
    assertThat(photo.isGray()).isFalse();
    assertThat(photo.hasAlpha()).isFalse();
    assertThat(photo.rgbPlanes()).isNull();
    int[] colors = quadrantColors();
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 32; x++) {
        int expected = colors[(y < 12 ? 0 : 2) + (x < 16 ? 0 : 1)];
        assertThat(photo.argb()[y * 32 + x]).as("%s pixel (%s, %s)", name, x, y)
            .isEqualTo(0xff000000 | expected);
      }
    }
  }

  @Test
  void progressiveJpegDecodes() throws IOException {
    assertQuadrants(decoder.decode(path("quadrants-progressive.jpg")), quadrantColors(), 4);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void everyExifOrientationComesOutUpright(int orientation) throws IOException {
    // Each file stores the quadrants turned/flipped by the inverse of its tag.
    Photo photo = decoder.decode(path("orientation-" + orientation + ".jpg"));

    assertQuadrants(photo, quadrantColors(), 4);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
  void orientationCanBeLeftAlone(int orientation) throws IOException {
    Photo stored = ImageDecoder.builder().applyExifOrientation(false).build()
        .decode(path("orientation-" + orientation + ".jpg"));

    ExifOrientation o = ExifOrientation.fromTag(orientation);
    assertThat(stored.size()).isEqualTo(o.swapsAxes() ? new ImageSize(24, 32)
        : new ImageSize(32, 24));
    // Turning the stored pixels ourselves gives the same upright photo.
    assertQuadrants(stored.oriented(o), quadrantColors(), 4);
    if (!o.swapsAxes()) {
      assertThat(Fixtures.channelDistance(rgb(stored, 8, 6), Fixtures.TOP_LEFT)).isGreaterThan(40);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"orientation-6.tif", "orientation-6.png"})
  void exifOrientationOfTiffAndPngIsApplied(String name) throws IOException {
    Photo photo = decoder.decode(path(name));

    assertQuadrants(photo, quadrantColors(), 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"quadrants-cmyk.jpg", "quadrants-ycck.jpg"})
  void cmykJpegsWithAProfileDecodeThroughIt(String name) throws IOException {
    Photo photo = decoder.decode(path(name));

    // Reference: ImageMagick 6.9.11 + LittleCMS converting the same file through its embedded
    // profile to sRGB (generate.sh prints it). The source colors went through a crude CMYK
    // profile, so they differ from the original quadrants; a reader ignoring the profile gives
    // (109, 33, 13) for the first.
    int[] reference = {rgb(195, 99, 58), rgb(85, 169, 86), rgb(85, 89, 180), rgb(235, 224, 190)};
    assertQuadrants(photo, reference, 4);
    assertThat(photo.isGray()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"quadrants-cmyk-noprofile.jpg", "quadrants-ycck-noprofile.jpg"})
  void cmykJpegsWithoutAProfileDecodeToTheNaiveInverse(String name) throws IOException {
    // Written with C = 1 - R, ... and no profile; the naive inverse restores the colors.
    assertQuadrants(decoder.decode(path(name)), quadrantColors(), 4);
  }

  @Test
  void grayPngKeepsItsSamplesAsSrgbGray() throws IOException {
    Photo photo = decoder.decode(path("gray8.png"));

    assertThat(photo.isGray()).isTrue();
    assertThat(photo.bitDepth()).isEqualTo(8);
    assertThat(photo.rgbPlanes()).isNull();
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 32; x++) {
        int v = 7 * x + y;
        assertThat(photo.argb()[y * 32 + x]).as("pixel (%s, %s)", x, y)
            .isEqualTo(0xff000000 | v << 16 | v << 8 | v);
      }
    }
  }

  @Test
  void grayJpegIsGrayAndClose() throws IOException {
    Photo photo = decoder.decode(path("gray8.jpg"));

    assertThat(photo.isGray()).isTrue();
    for (int y = 0; y < 24; y += 5) {
      for (int x = 0; x < 32; x += 5) {
        int v = 7 * x + y;
        assertThat(rgb(photo, x, y) & 0xff).as("pixel (%s, %s)", x, y).isCloseTo(v, within(4));
      }
    }
  }

  @Test
  void rgbFileOfGrayContentIsDetectedGray() throws IOException {
    Photo gray = decoder.decode(path("gray-as-rgb.png"));
    Photo color = decoder.decode(path("quadrants.png"));

    assertThat(gray.isGray()).isTrue();
    assertThat(color.isGray()).isFalse();
    assertThat(rgb(gray, 3, 2)).isEqualTo(0x171717); // 7 * 3 + 2 = 23
  }

  @Test
  void sixteenBitGrayKeepsFullPrecisionInTheFloatPlanes() throws IOException {
    Photo photo = decoder.decode(path("gray16.png"));

    assertThat(photo.bitDepth()).isEqualTo(16);
    assertThat(photo.isGray()).isTrue();
    assertThat(photo.isHighPrecision()).isTrue();
    float[] planes = photo.rgbPlanes();
    int n = 32 * 24;
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 32; x++) {
        int v = (2039 * x + 97 * y + 5) % 65536;
        int i = y * 32 + x;
        for (int c = 0; c < 3; c++) {
          assertThat(planes[c * n + i]).as("plane %s at (%s, %s)", c, x, y)
              .isEqualTo(v / 65535f);
        }
        assertThat(photo.argb()[i] & 0xff).isEqualTo(Math.round(v * 255f / 65535f));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rgb16.png", "rgb16.tif"})
  void sixteenBitRgbKeepsFullPrecisionInTheFloatPlanes(String name) throws IOException {
    Photo photo = decoder.decode(path(name));

    assertThat(photo.bitDepth()).isEqualTo(16);
    assertThat(photo.isGray()).isFalse();
    float[] planes = photo.rgbPlanes();
    assertThat(planes).hasSize(3 * 32 * 24);
    int n = 32 * 24;
    int distinctFrom8Bit = 0;
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 32; x++) {
        int[] v = {(2039 * x + 97 * y + 5) % 65536, (1031 * x + 1543 * y + 11) % 65536,
            (65535 - 977 * x - 613 * y) % 65536};
        int i = y * 32 + x;
        for (int c = 0; c < 3; c++) {
          assertThat(planes[c * n + i]).as("%s plane %s at (%s, %s)", name, c, x, y)
              .isEqualTo(v[c] / 65535f);
          int eight = (photo.argb()[i] >>> (16 - 8 * c)) & 0xff;
          assertThat(eight).isEqualTo(Math.round(v[c] * 255f / 65535f));
          if (Math.abs(eight / 255f - planes[c * n + i]) > 1e-4f) {
            distinctFrom8Bit++;
          }
        }
      }
    }
    // The planes carry information the 8-bit pixels do not.
    assertThat(distinctFrom8Bit).isGreaterThan(n);
  }

  @Test
  void alphaIsPreserved() throws IOException {
    Photo photo = decoder.decode(path("rgba.png"));

    assertThat(photo.hasAlpha()).isTrue();
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 32; x++) {
        int expected = ((8 * x + 10 * y) % 256) << 24 | (8 * x) << 16 | (10 * y) << 8 | 128;
        assertThat(photo.argb()[y * 32 + x]).as("pixel (%s, %s)", x, y).isEqualTo(expected);
      }
    }
  }

  @Test
  void streamAndByteInputsDecodeLikeFilesIncludingOrientation() throws IOException {
    Path file = path("orientation-6.jpg");
    Photo fromFile = decoder.decode(file);
    Photo fromStream;
    try (InputStream in = Files.newInputStream(file)) {
      fromStream = decoder.decode(in, "upload.jpg");
    }

    assertThat(fromStream.source()).isEqualTo("upload.jpg");
    assertThat(fromStream.argb()).isEqualTo(fromFile.argb());
    assertQuadrants(fromStream, quadrantColors(), 4);
  }

  @Test
  void missingFileNamesTheFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope.jpg");

    assertThatThrownBy(() -> decoder.decode(missing))
        .isInstanceOfSatisfying(ImageReadException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
          assertThat(e.source()).isEqualTo(missing.toString());
        })
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("no such file");
  }

  @Test
  void directoryIsRejected(@TempDir Path dir) {
    assertThatThrownBy(() -> decoder.decode(dir))
        .isInstanceOfSatisfying(ImageReadException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
        .hasMessageContaining("directory");
  }

  @Test
  void emptyFileIsCorrupt() {
    assertThatThrownBy(() -> decoder.decode(path("empty.png")))
        .isInstanceOfSatisfying(ImageReadException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
        .hasMessageContaining("empty.png")
        .hasMessageContaining("empty");
  }

  @Test
  void textFileIsNotAnImage() {
    assertThatThrownBy(() -> decoder.decode(path("not-an-image.jpg")))
        .isInstanceOfSatisfying(ImageReadException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT))
        .hasMessageContaining("not-an-image.jpg")
        .hasMessageContaining("not an image")
        .hasMessageContaining("png");
  }

  @Test
  void webpIsNamedAsUnsupported() {
    assertThatThrownBy(() -> decoder.decode(path("unsupported.webp")))
        .isInstanceOfSatisfying(ImageReadException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT))
        .hasMessageContaining("unsupported.webp")
        .hasMessageContaining("WebP");
  }

  @ParameterizedTest
  @ValueSource(strings = {"truncated.jpg", "truncated.png"})
  void truncatedFilesFailInsteadOfComingOutPartlyBlank(String name) {
    assertThatThrownBy(() -> decoder.decode(path(name)))
        .isInstanceOfSatisfying(ImageReadException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
        .hasMessageContaining(name);
  }

  @Test
  void truncatedBytesFailToo() throws IOException {
    byte[] whole = Files.readAllBytes(path("rgb16.tif"));
    byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);

    assertThatThrownBy(() -> decoder.decode(new ByteArrayInputStream(half), "half.tif"))
        .isInstanceOf(ImageReadException.class)
        .hasMessageContaining("half.tif");
  }

  @Test
  void tooManyPixelsFailBeforeDecoding() {
    ImageDecoder small = ImageDecoder.builder().maxPixels(32 * 24 - 1).build();

    assertThatThrownBy(() -> small.decode(path("quadrants.png")))
        .isInstanceOfSatisfying(ImageReadException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
        .hasMessageContaining("32x24");
    assertThatThrownBy(() -> ImageDecoder.builder().maxPixels(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
