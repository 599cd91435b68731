package io.github.colorize.cli.serve;

import static io.github.colorize.cli.serve.ServeTestSupport.get;
import static io.github.colorize.cli.serve.ServeTestSupport.json;
import static io.github.colorize.cli.serve.ServeTestSupport.photoPng;
import static io.github.colorize.cli.serve.ServeTestSupport.post;
import static io.github.colorize.cli.serve.ServeTestSupport.postForm;
import static io.github.colorize.cli.serve.ServeTestSupport.read;
import static io.github.colorize.cli.serve.ServeTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.colorize.Colorizer;
import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.ImageEncoder;
import io.github.colorize.image.ImageFormat;
import io.github.colorize.image.Photo;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code colorize serve} on a real server (Javalin on a free local port) with the embedded model:
 * every route, every error, concurrency against the library's own results.
 */
class ColorizeServerTest {

  private static final long MAX_UPLOAD = 3L << 20;

  private static ColorizeServer server;
  private static Colorizer reference;
  private static String url;
  private static byte[] killarney;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws IOException {
    ServeConfig config = ServeConfig.builder().port(0).maxUploadBytes(MAX_UPLOAD)
        .maxConcurrent(4).queue(64).build();
    server = new ColorizeServer(config, ServeTestSupport.colorizer(),
        size -> Colorizer.builder().inputSize(size).build()).start();
    url = server.url();
    reference = ServeTestSupport.colorizer();
    killarney = photoPng("killarney-1910.jpg", 320);
  }

  @AfterAll
  static void stop() {
    server.close();
    reference.close();
  }

  /** What the library writes for the same file: {@link Colorizer#colorize(Path, Path, ...)}. */
  private byte[] libraryResult(byte[] input, String ext) throws IOException {
    Path in = Files.write(Files.createTempFile(tmp, "in", ".png"), input);
    Path out = tmp.resolve("out-" + System.nanoTime() + "." + ext);
    reference.colorize(in, out);
    return Files.readAllBytes(out);
  }

  private static byte[] encode(BufferedImage image, ImageFormat format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageEncoder.defaults().encode(image, format, out);
    return out.toByteArray();
  }

  @Test
  void pageAndItsAssetsAreServedByTheTool() throws Exception {
    HttpResponse<byte[]> page = get(url);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("text/html"));
    assertThat(text(page)).contains("<script src=\"app.js\">", "id=\"temperature\"")
        .doesNotContain("http://", "https://");
    assertThat(get(url + "app.js").statusCode()).isEqualTo(200);
    assertThat(text(get(url + "app.js"))).contains("api/uploads").doesNotContain("https://");
    assertThat(get(url + "style.css").statusCode()).isEqualTo(200);
  }

  @Test
  void healthAndInfo() throws Exception {
    HttpResponse<byte[]> health = get(url + "api/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).get("status").getAsString()).isEqualTo("ready");

    HttpResponse<byte[]> info = get(url + "api/info");
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/json"));
    JsonObject body = json(info);
    assertThat(body.getAsJsonObject("backend").get("name").getAsString())
        .isEqualTo(reference.backendName());
    assertThat(body.get("device").getAsString()).isEqualTo("cpu");
    JsonObject model = body.getAsJsonObject("model");
    assertThat(model.get("card").getAsString()).isNotBlank()
        .isEqualTo(ServerInfo.summary(reference.metadata().modelCard()));
    assertThat(model.get("bins").getAsInt()).isEqualTo(313);
    assertThat(model.get("temperature").getAsDouble()).isEqualTo(reference.temperature());
    assertThat(body.getAsJsonObject("limits").get("maxUploadBytes").getAsLong())
        .isEqualTo(MAX_UPLOAD);
  }

  @Test
  void colorizesTheBodyExactlyAsTheLibraryDoes() throws Exception {
    HttpResponse<byte[]> response = post(url + "api/colorize", killarney, "image/png");
    assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(response.body()).isEqualTo(libraryResult(killarney, "png"));
  }

  @Test
  void colorizesAMultipartFieldAsJpeg() throws Exception {
    HttpResponse<byte[]> response = postForm(url + "api/colorize?format=jpg", "image",
        "killarney.png", killarney);
    assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    assertThat(response.body()).isEqualTo(libraryResult(killarney, "jpg"));
  }

  @Test
  void temperatureAndSizeChangeTheResult() throws Exception {
    byte[] plain = post(url + "api/colorize", killarney, "image/png").body();
    HttpResponse<byte[]> vivid = post(url + "api/colorize?temperature=0.05", killarney,
        "application/octet-stream");
    assertThat(vivid.statusCode()).as(text(vivid)).isEqualTo(200);
    Photo photo = ImageDecoder.defaults().decode(killarney, "killarney");
    assertThat(vivid.body()).isNotEqualTo(plain)
        .isEqualTo(encode(reference.predict(photo).colorize(0.05), ImageFormat.PNG));

    HttpResponse<byte[]> small = post(url + "api/colorize?size=128", killarney, "image/png");
    assertThat(small.statusCode()).as(text(small)).isEqualTo(200);
    BufferedImage image = read(small.body());
    assertThat(image.getWidth()).isEqualTo(320);
    assertThat(small.body()).isNotEqualTo(plain);
    try (Colorizer c128 = Colorizer.builder().inputSize(128).build()) {
      assertThat(small.body()).isEqualTo(encode(c128.colorize(photo), ImageFormat.PNG));
    }
  }

  @Test
  void sixteenConcurrentUploadsAreAnsweredExactly() throws Exception {
    String[] names = {"killarney-1910.jpg", "motor-cars-ireland.jpg", "sisters-1850s.jpg",
        "taos-pueblo-ansel-adams.jpg"};
    List<byte[]> inputs = new ArrayList<>();
    List<byte[]> expected = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      byte[] in = photoPng(names[i % 4], 160 + 16 * i);
      inputs.add(in);
      expected.add(libraryResult(in, "png"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        byte[] in = inputs.get(i);
        answers.add(pool.submit(() -> i2(in)));
      }
      for (int i = 0; i < 16; i++) {
        HttpResponse<byte[]> r = answers.get(i).get();
        assertThat(r.statusCode()).as("request %s: %s", i, text(r)).isEqualTo(200);
        assertThat(r.body()).as("request %s", i).isEqualTo(expected.get(i));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Half the requests as bodies, half as forms. */
  private static HttpResponse<byte[]> i2(byte[] in) throws Exception {
    return in.length % 2 == 0 ? post(url + "api/colorize", in, "image/png")
        : postForm(url + "api/colorize", "image", "photo.png", in);
  }

  @Test
  void uploadsKeepTheDistributionForTheSlider() throws Exception {
    HttpResponse<byte[]> created = postForm(url + "api/uploads", "image", "killarney.png",
        killarney);
    assertThat(created.statusCode()).as(text(created)).isEqualTo(201);
    JsonObject body = json(created);
    assertThat(body.get("width").getAsInt()).isEqualTo(320);
    assertThat(body.get("name").getAsString()).isEqualTo("killarney.png");
    String color = url + body.get("color").getAsString();

    BufferedImage light = read(get(url + body.get("lightness").getAsString())
        .body());
    assertThat(light.getWidth()).isEqualTo(320);
    int rgb = light.getRGB(100, 100);
    assertThat((rgb >> 16) & 0xff).isEqualTo(rgb & 0xff);

    Photo photo = ImageDecoder.defaults().decode(killarney, "killarney");
    byte[] at02 = get(color + "?temperature=0.2").body();
    byte[] at09 = get(color + "?temperature=0.9").body();
    assertThat(at02).isNotEqualTo(at09)
        .isEqualTo(encode(reference.predict(photo).colorize(0.2), ImageFormat.PNG));
    HttpResponse<byte[]> jpg = get(color + "?format=jpg");
    assertThat(jpg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    assertThat(read(jpg.body()).getWidth()).isEqualTo(320);
  }

  private static void assertError(HttpResponse<byte[]> response, int status, String error,
      String messagePart) {
    assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/json"));
    JsonObject body = json(response);
    assertThat(body.get("error").getAsString()).isEqualTo(error);
    assertThat(body.get("status").getAsInt()).isEqualTo(status);
    assertThat(body.get("message").getAsString()).contains(messagePart);
  }

  @Test
  void badInputIsAnsweredWithItsErrorAndTheServerGoesOn() throws Exception {
    String api = url + "api/colorize";
    byte[] truncated = Arrays.copyOf(killarney, killarney.length / 3);
    assertError(post(api, truncated, "image/png"), 400, "unreadable_image",
        "cannot read image the request body");
    assertError(post(api, new byte[0], "image/png"), 400, "unreadable_image", "empty");
    assertError(postForm(api, "image", "half.png", truncated), 400, "unreadable_image",
        "half.png");
    assertError(post(api, "hello".getBytes(), "text/plain"), 415, "unsupported_type",
        "text/plain is not an image");
    assertError(post(api, "not an image at all".getBytes(), "application/octet-stream"), 415,
        "unsupported_type", "not an image in a readable format");
    assertError(post(api, new byte[(int) MAX_UPLOAD + 1], "image/png"), 413, "too_large",
        "more than the limit of");
    assertError(post(api, ServeTestSupport.pngHeaderOnly(30_000), "image/png"), 413,
        "too_large", "30000x30000");
    assertError(post(api + "?format=gif", killarney, "image/png"), 400, "bad_request",
        "expected png or jpg");
    assertError(post(api + "?temperature=warm", killarney, "image/png"), 400, "bad_request",
        "temperature is 'warm'");
    assertError(post(api + "?size=100", killarney, "image/png"), 400, "bad_request",
        "multiple of 8");
    assertError(get(url + "api/uploads/nope/color"), 404, "not_found", "upload the photo again");
    assertError(get(url + "api/nothing"), 404, "not_found", "/api/nothing");
    assertError(post(url + "api/uploads", "x".getBytes(), "application/json"), 415,
        "unsupported_type", "application/json");

    assertThat(json(get(url + "api/health")).get("status").getAsString()).isEqualTo("ready");
    assertThat(post(api, killarney, "image/png").statusCode()).isEqualTo(200);
    assertThat(server.admittedNow()).isZero();
  }

  /** One raw HTTP/1.1 request, for URIs a client library would normalize or refuse. */
  private static String raw(String requestLine) throws IOException {
    java.net.URI uri = java.net.URI.create(url);
    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write((requestLine + "\r\nHost: " + uri.getHost()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void edgesAreAnsweredInTheApisTermsWithOneTemperatureRange() throws Exception {
    // Issue 25, defect 6.
    String api = url + "api/colorize";
    for (String t : new String[] {"5", "1000", "-0.1", "1.01"}) {
      assertError(post(api + "?temperature=" + t, killarney, "image/png"), 400, "bad_request",
          "temperature is '" + t + "', expected a number from 0 (the most likely color) to 1");
    }
    JsonObject limits = json(get(url + "api/info")).getAsJsonObject("limits");
    assertThat(limits.get("minTemperature").getAsDouble()).isZero();
    assertThat(limits.get("maxTemperature").getAsDouble()).isEqualTo(1.0);
    assertThat(text(get(url))).contains("type=\"range\" min=\"0\" max=\"1\"");
    assertThat(text(get(url + "app.js"))).contains("info.limits.maxTemperature");

    HttpResponse<byte[]> wrongMethod = get(api);
    assertError(wrongMethod, 405, "method_not_allowed", "GET is not allowed on /api/colorize");
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
    HttpResponse<byte[]> delete = ServeTestSupport.HTTP.send(java.net.http.HttpRequest
        .newBuilder(java.net.URI.create(url + "api/info")).DELETE().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertError(delete, 405, "method_not_allowed", "takes GET");
    assertThat(delete.headers().firstValue("Allow")).hasValue("GET");
    assertError(get(url + "api/nothing"), 404, "not_found", "/api/nothing");

    for (String path : new String[] {"/../../etc/passwd", "/api/%2e%2e/%2e%2e/etc/passwd",
        "/api/..%2f..%2fetc/passwd"}) {
      String answer = raw("GET " + path + " HTTP/1.1");
      assertThat(answer).as(path).matches("(?s)HTTP/1\\.1 4\\d\\d .*")
          .containsIgnoringCase("Content-Type: application/json")
          .contains("\"error\":\"").contains("\"status\":4").doesNotContain("<html");
    }

    assertError(postForm(api, "file", "photo.png", killarney), 400, "bad_request",
        "no file field 'image' (it has 'file')");

    HttpResponse<byte[]> chunked = ServeTestSupport.HTTP.send(java.net.http.HttpRequest
        .newBuilder(java.net.URI.create(api)).header("Content-Type", "image/png")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(new byte[(int) MAX_UPLOAD + 1000])))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertError(chunked, 413, "too_large", "the upload is more than the limit of 3,145,728 bytes");
    assertThat(server.admittedNow()).isZero();
  }

  @Test
  void largeMultipartUploadsLeaveNoTemporaryFiles() throws Exception {
    // Noise does not compress: a PNG over the 1 MiB that multipart keeps in memory.
    BufferedImage noise = new BufferedImage(700, 600, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(3);
    for (int y = 0; y < 600; y++) {
      for (int x = 0; x < 700; x++) {
        noise.setRGB(x, y, random.nextInt());
      }
    }
    byte[] big = ServeTestSupport.png(noise);
    assertThat(big.length).isGreaterThan(1 << 20);
    assertThat(postForm(url + "api/colorize", "image", "noise.png", big).statusCode())
        .isEqualTo(200);
    byte[] broken = Arrays.copyOf(big, big.length - 5000);
    assertError(postForm(url + "api/colorize", "image", "broken.png", broken), 400,
        "unreadable_image", "broken.png");
    byte[] tooBig = new byte[(int) MAX_UPLOAD + 100];
    System.arraycopy(big, 0, tooBig, 0, big.length);
    HttpResponse<byte[]> response = postForm(url + "api/colorize", "image", "huge.png",
        tooBig);
    assertError(response, 413, "too_large", "limit");
    // Jetty deletes a request's spooled parts when the request completes, which may be just
    // after the client has read the answer: give it a moment, then nothing may be left.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline && filesIn(server.tempDir()) > 0) {
      Thread.sleep(20);
    }
    try (Stream<Path> left = Files.list(server.tempDir())) {
      assertThat(left).as("files left in %s", server.tempDir()).isEmpty();
    }
  }

  private static long filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }
}
