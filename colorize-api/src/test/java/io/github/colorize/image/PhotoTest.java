package io.github.colorize.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

class PhotoTest {

  @Test
  void byteGrayImageKeepsItsSamples() {
    BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSample(1, 0, 0, 128);
    image.getRaster().setSample(3, 1, 0, 255);

    Photo photo = Photo.fromBufferedImage(image);

    assertThat(photo.isGray()).isTrue();
    assertThat(photo.argb()[1]).isEqualTo(0xff808080);
    assertThat(photo.argb()[7]).isEqualTo(0xffffffff);
    assertThat(photo.argb()[0]).isEqualTo(0xff000000);
    // The JDK's own conversion takes gray as linear and brightens mid-gray: the reason for
    // reading samples directly.
    assertThat(image.getRGB(1, 0) & 0xff).isGreaterThan(150);
  }

  @Test
  void ushortGrayImageFillsTheFloatPlanes() {
    BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
    image.getRaster().setSample(0, 0, 0, 1);
    image.getRaster().setSample(1, 0, 0, 32769);
    image.getRaster().setSample(2, 0, 0, 65535);

    Photo photo = Photo.fromBufferedImage(image, "memory");

    assertThat(photo.bitDepth()).isEqualTo(16);
    assertThat(photo.source()).isEqualTo("memory");
    assertThat(photo.rgbPlanes()).containsExactly(1 / 65535f, 32769 / 65535f, 1f,
        1 / 65535f, 32769 / 65535f, 1f, 1 / 65535f, 32769 / 65535f, 1f);
    assertThat(photo.argb()).containsExactly(0xff000000, 0xff808080, 0xffffffff);
  }

  @Test
  void commonColorTypesGiveTheSamePixels() {
    int[] types = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_BGR,
        BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_ARGB,
        BufferedImage.TYPE_INT_ARGB_PRE, BufferedImage.TYPE_4BYTE_ABGR_PRE};
    for (int type : types) {
      BufferedImage image = new BufferedImage(2, 2, type);
      image.setRGB(0, 0, 0xffc83c32);
      image.setRGB(1, 0, 0xff3caa50);
      image.setRGB(0, 1, 0xff3250b4);
      image.setRGB(1, 1, 0xffebe1be);

      Photo photo = Photo.fromBufferedImage(image);

      assertThat(photo.argb()).as("type %s", type)
          .containsExactly(0xffc83c32, 0xff3caa50, 0xff3250b4, 0xffebe1be);
      assertThat(photo.isGray()).isFalse();
      assertThat(photo.hasAlpha()).isEqualTo(image.getColorModel().hasAlpha());
    }
  }

  @Test
  void premultipliedAlphaComesOutStraight() {
    BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB_PRE);
    image.setRGB(0, 0, 0x80ff4000);

    Photo photo = Photo.fromBufferedImage(image);

    int p = photo.argb()[0];
    assertThat(p >>> 24).isEqualTo(0x80);
    assertThat((p >>> 16) & 0xff).isCloseTo(0xff, within(2));
    assertThat((p >>> 8) & 0xff).isCloseTo(0x40, within(2));
  }

  @Test
  void otherColorSpacesAreConvertedToSrgb() {
    // Linear RGB 0.5 is sRGB 188 (0.5 ** (1 / 2.4) * 1.055 - 0.055 = 0.7354).
    ColorSpace linear = ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB);
    ComponentColorModel model = new ComponentColorModel(linear, false, false,
        Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
    WritableRaster raster = model.createCompatibleWritableRaster(1, 1);
    raster.setPixel(0, 0, new int[] {128, 0, 255});
    BufferedImage image = new BufferedImage(model, raster, false, null);

    Photo photo = Photo.fromBufferedImage(image);

    int p = photo.argb()[0];
    assertThat((p >>> 16) & 0xff).isCloseTo(188, within(3));
    assertThat((p >>> 8) & 0xff).isCloseTo(0, within(3));
    assertThat(p & 0xff).isCloseTo(255, within(2));
  }

  @Test
  void sixteenBitSrgbImageKeepsPrecision() {
    ColorSpace srgb = ColorSpace.getInstance(ColorSpace.CS_sRGB);
    ComponentColorModel model = new ComponentColorModel(srgb, true, false,
        Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
    WritableRaster raster = model.createCompatibleWritableRaster(1, 1);
    raster.setPixel(0, 0, new int[] {1000, 2000, 3000, 65535});
    BufferedImage image = new BufferedImage(model, raster, false, null);

    Photo photo = Photo.fromBufferedImage(image);

    assertThat(photo.bitDepth()).isEqualTo(16);
    assertThat(photo.hasAlpha()).isTrue();
    assertThat(photo.rgbPlanes()).containsExactly(1000 / 65535f, 2000 / 65535f, 3000 / 65535f);
    assertThat(photo.argb()[0] >>> 24).isEqualTo(255);
  }

  @Test
  void paletteAndBinaryImagesDecode() {
    BufferedImage binary = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY);
    binary.setRGB(1, 0, 0xffffffff);
    BufferedImage indexed = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_INDEXED);
    Graphics2D g = indexed.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, 1, 1);
    g.dispose();

    Photo bw = Photo.fromBufferedImage(binary);
    Photo red = Photo.fromBufferedImage(indexed);

    assertThat(bw.argb()).containsExactly(0xff000000, 0xffffffff);
    assertThat(bw.isGray()).isTrue();
    assertThat(red.argb()[0]).isEqualTo(0xffff0000);
    assertThat(red.isGray()).isFalse();
  }

  @Test
  void subimagesReadTheirOwnPixels() {
    for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB,
        BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY}) {
      BufferedImage image = new BufferedImage(6, 5, type);
      for (int y = 0; y < 5; y++) {
        for (int x = 0; x < 6; x++) {
          image.getRaster().setSample(x, y, 0, type == BufferedImage.TYPE_USHORT_GRAY
              ? 257 * (10 * y + x) : 10 * y + x);
        }
      }

      Photo photo = Photo.fromBufferedImage(image.getSubimage(2, 1, 3, 2));

      assertThat(photo.width()).isEqualTo(3);
      int[] firstBand = new int[6];
      for (int i = 0; i < 6; i++) {
        int p = photo.argb()[i];
        firstBand[i] = (p >>> 16) & 0xff;
      }
      // Raster band 0 is red for both RGB types (3BYTE_BGR only stores it last), gray for the
      // gray types.
      assertThat(firstBand).as("type %s", type).containsExactly(12, 13, 14, 22, 23, 24);
    }
  }

  @Test
  void grayWithAlphaKeepsBoth() {
    ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
        true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
    WritableRaster raster = model.createCompatibleWritableRaster(2, 1);
    raster.setPixel(0, 0, new int[] {100, 7});
    raster.setPixel(1, 0, new int[] {200, 255});

    Photo photo = Photo.fromBufferedImage(new BufferedImage(model, raster, false, null));

    assertThat(photo.isGray()).isTrue();
    assertThat(photo.hasAlpha()).isTrue();
    assertThat(photo.argb()).containsExactly(0x07646464, 0xffc8c8c8);
  }

  @Test
  void planarRgbComesFromWhicheverFormExists() {
    Photo eight = Photo.ofArgb(2, 1, new int[] {0xff000000 | 255 << 16 | 51, 0xff00ff00}, false,
        "t");

    float[] planes = eight.toPlanarRgb(null);

    assertThat(planes).containsExactly(1f, 0f, 0f, 1f, 0.2f, 0f);
    assertThat(eight.alphaPlane()).containsExactly(1f, 1f);
    assertThat(eight.isGray()).isFalse();
    float[] precise = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
    Photo deep = new Photo(2, 1, new int[2], precise, false, false, 16, "t");
    assertThat(deep.toPlanarRgb(new float[6])).containsExactly(precise);
    float[][] channels = deep.toRgbChannels();
    assertThat(channels[0]).containsExactly(0.1f, 0.2f);
    assertThat(channels[2]).containsExactly(0.5f, 0.6f);
    assertThat(eight.toRgbChannels()[1]).containsExactly(0f, 1f);
  }

  @Test
  void bufferedImageViewSharesThePixels() {
    int[] argb = {0x80112233, 0xff445566};
    Photo photo = Photo.ofArgb(2, 1, argb, true, "t");

    BufferedImage image = photo.toBufferedImage();

    assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_ARGB);
    assertThat(image.getRGB(0, 0)).isEqualTo(0x80112233);
    image.setRGB(1, 0, 0xff000000);
    assertThat(argb[1]).isEqualTo(0xff000000);
    Photo opaque = Photo.ofArgb(2, 1, new int[2], false, "t");
    assertThat(opaque.toBufferedImage().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
  }

  @Test
  void inconsistentArraysAreRejected() {
    assertThatThrownBy(() -> Photo.ofArgb(3, 2, new int[5], false, "t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3x2");
    assertThatThrownBy(() -> new Photo(1, 1, new int[1], new float[2], false, false, 16, "t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rgbPlanes");
  }
}
