package io.github.colorize.cli.serve;

import io.github.colorize.Colorizer;
import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.ImageEncoder;
import io.github.colorize.image.ImageFormat;
import io.github.colorize.image.Photo;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;

/** Photos, requests and colorizers for the serve tests. */
final class ServeTestSupport {

  /** The repository's sample photos (module directory = examples/cli). */
  static final Path IMAGES = Path.of("../images");

  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private ServeTestSupport() {}

  /** The embedded default model on the best backend: what {@code colorize serve} runs. */
  static Colorizer colorizer() {
    return Colorizer.builder().build();
  }

  /** A sample photo scaled to {@code width} pixels wide, as PNG bytes. */
  static byte[] photoPng(String name, int width) throws IOException {
    Photo photo = ImageDecoder.defaults().decode(IMAGES.resolve(name));
    BufferedImage source = photo.toBufferedImage();
    int height = Math.max(1, source.getHeight() * width / source.getWidth());
    BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
        RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(source, 0, 0, width, height, null);
    g.dispose();
    return png(scaled);
  }

  static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageEncoder.defaults().encode(image, ImageFormat.PNG, out);
    return out.toByteArray();
  }

  static BufferedImage read(byte[] bytes) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(bytes));
  }

  /** A PNG header claiming {@code side x side} pixels, with no pixel data: a decompression bomb. */
  static byte[] pngHeaderOnly(int side) {
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13);
    ihdr.putInt(side).putInt(side).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0)
        .put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    java.nio.ByteBuffer len = java.nio.ByteBuffer.allocate(4).putInt(data.length);
    out.writeBytes(len.array());
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(t);
    out.writeBytes(data);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  static HttpResponse<byte[]> post(String url, byte[] body, String contentType)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<byte[]> postForm(String url, String field, String filename, byte[] file)
      throws IOException, InterruptedException {
    String boundary = "----colorize-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field
        + "\"; filename=\"" + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return post(url, body.toByteArray(), "multipart/form-data; boundary=" + boundary);
  }

  static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  static com.google.gson.JsonObject json(HttpResponse<byte[]> response) {
    return com.google.gson.JsonParser.parseString(text(response)).getAsJsonObject();
  }
}
