package io.github.colorize.image;

import java.nio.charset.StandardCharsets;

/**
 * Names a file format from its first bytes, only to make "unsupported format" messages say what
 * the file is (a WebP, a HEIC, a PDF) instead of just that it is not readable.
 */
final class FormatSniffer {

  /** How many leading bytes {@link #name} looks at. */
  static final int PREFIX = 16;

  private FormatSniffer() {}

  /** The format's name, or null when the bytes match none known. */
  static String name(byte[] head, int length) {
    if (length >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WEBP")) {
      return "WebP";
    }
    if (length >= 12 && ascii(head, 4, 4).equals("ftyp")) {
      String brand = ascii(head, 8, 4);
      return brand.startsWith("avi") ? "AVIF" : "HEIF/HEIC (brand " + brand.trim() + ")";
    }
    if (length >= 4 && ascii(head, 0, 4).equals("%PDF")) {
      return "PDF";
    }
    if (length >= 4 && ascii(head, 0, 4).equals("8BPS")) {
      return "Photoshop PSD";
    }
    if (length >= 12 && (head[0] & 0xff) == 0 && (head[1] & 0xff) == 0 && (head[2] & 0xff) == 0
        && (head[3] & 0xff) == 0x0c && ascii(head, 4, 4).equals("jP  ")) {
      return "JPEG 2000";
    }
    if (length >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0x0a) {
      return "JPEG XL";
    }
    if (length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8
        && (head[2] & 0xff) == 0xff) {
      return "JPEG";
    }
    if (length >= 8 && (head[0] & 0xff) == 0x89 && ascii(head, 1, 3).equals("PNG")) {
      return "PNG";
    }
    return null;
  }

  private static String ascii(byte[] head, int from, int count) {
    return new String(head, from, count, StandardCharsets.ISO_8859_1);
  }
}
