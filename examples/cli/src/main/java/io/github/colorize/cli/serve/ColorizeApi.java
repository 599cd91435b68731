package io.github.colorize.cli.serve;

import io.github.colorize.AbDistribution;
import io.github.colorize.Colorizer;
import io.github.colorize.cli.serve.ApiException.Code;
import io.github.colorize.cli.serve.UploadReader.Upload;
import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.ImageEncoder;
import io.github.colorize.image.ImageFormat;
import io.github.colorize.image.ImageReadException;
import io.github.colorize.image.Photo;
import io.javalin.http.Context;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The handlers of the {@code /api/} routes. */
final class ColorizeApi {

  /**
   * The temperatures a request may ask for: 0 (the most likely color) to 1 (the mean). Above 1
   * the result only grows grayer; the page's slider and the API docs use this same range
   * (it is in {@code GET /api/info} as {@code limits.maxTemperature}).
   */
  static final double MIN_TEMPERATURE = 0;
  static final double MAX_TEMPERATURE = 1;

  private final ServeConfig config;
  private final Colorizers colorizers;
  private final WorkLimiter limiter;
  private final UploadCache uploads;
  private final UploadReader reader;
  private final ImageDecoder decoder;
  private final ImageEncoder encoder = ImageEncoder.defaults();

  ColorizeApi(ServeConfig config, Colorizers colorizers, WorkLimiter limiter,
      UploadCache uploads) {
    this.config = config;
    this.colorizers = colorizers;
    this.limiter = limiter;
    this.uploads = uploads;
    this.reader = new UploadReader(config.maxUploadBytes());
    this.decoder = ImageDecoder.builder().maxPixels(config.maxPixels()).build();
  }

  /** POST /api/colorize: the image in, the colorized image out. */
  void colorize(Context ctx) throws Exception {
    ImageFormat format = format(ctx);
    Double temperature = temperature(ctx);
    Integer size = size(ctx);
    try (WorkLimiter.Permit permit = limiter.admit()) {
      Upload upload = reader.read(ctx);
      byte[] out = permit.work(() -> {
        Photo photo = decode(upload);
        BufferedImage color = colorizers.apply(size, c -> colorize(c, photo, temperature));
        return encode(color, format);
      });
      ctx.contentType(contentType(format)).result(out);
    }
  }

  /** Without a temperature, exactly {@link Colorizer#colorize(Photo)}. */
  private static BufferedImage colorize(Colorizer c, Photo photo, Double temperature) {
    if (temperature == null || !c.pipeline().outputsLogits()) {
      return c.colorize(photo);
    }
    return c.predict(photo).colorize(temperature);
  }

  /** POST /api/uploads: runs the network once and keeps the distribution for the page. */
  void upload(Context ctx) throws Exception {
    Integer size = size(ctx);
    try (WorkLimiter.Permit permit = limiter.admit()) {
      Upload upload = reader.read(ctx);
      UploadCache.Entry entry = permit.work(() -> {
        Photo photo = decode(upload);
        AbDistribution dist = colorizers.apply(size, c -> {
          if (!c.pipeline().outputsLogits()) {
            throw new ApiException(Code.BAD_REQUEST, "the model " + c.modelSource()
                + " outputs ab directly: it has no distribution to re-decode; use"
                + " POST /api/colorize");
          }
          return c.predict(photo);
        });
        return uploads.put(upload.name(), dist, encode(Lightness.of(photo), ImageFormat.PNG));
      });
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", entry.id());
      body.put("name", entry.name());
      body.put("width", entry.distribution().imageSize().width());
      body.put("height", entry.distribution().imageSize().height());
      body.put("temperature", entry.distribution().temperature());
      // Relative, as the page's own requests are: the page then works under a proxy's prefix.
      body.put("lightness", "api/uploads/" + entry.id() + "/lightness");
      body.put("color", "api/uploads/" + entry.id() + "/color");
      ctx.status(201).json(body);
    }
  }

  /** GET /api/uploads/{id}/lightness: the gray image the network saw, full size. */
  void lightness(Context ctx) {
    UploadCache.Entry entry = entry(ctx);
    ctx.contentType(contentType(ImageFormat.PNG)).result(entry.lightnessPng());
  }

  /** GET /api/uploads/{id}/color: the upload decoded at {@code temperature}, no network run. */
  void uploadColor(Context ctx) throws Exception {
    ImageFormat format = format(ctx);
    Double temperature = temperature(ctx);
    UploadCache.Entry entry = entry(ctx);
    double t = temperature != null ? temperature : entry.distribution().temperature();
    try (WorkLimiter.Permit permit = limiter.admit()) {
      byte[] out = permit.work(() -> encode(entry.distribution().colorize(t), format));
      ctx.contentType(contentType(format)).result(out);
    }
  }

  private UploadCache.Entry entry(Context ctx) {
    String id = ctx.pathParam("id");
    return uploads.get(id).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "upload " + id
        + " is unknown or expired (uploads are kept " + config.cacheTtl().toMinutes()
        + " min after their last use, within a memory bound); upload the photo again"));
  }

  private Photo decode(Upload upload) {
    try {
      return decoder.decode(upload.bytes(), upload.name());
    } catch (ImageReadException e) {
      Code code = switch (e.reason()) {
        case TOO_LARGE -> Code.TOO_LARGE;
        case UNSUPPORTED_FORMAT -> Code.UNSUPPORTED_TYPE;
        default -> Code.UNREADABLE_IMAGE;
      };
      throw new ApiException(code, e.getMessage(), e);
    }
  }

  private byte[] encode(BufferedImage image, ImageFormat format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    encoder.encode(image, format, out);
    return out.toByteArray();
  }

  static String contentType(ImageFormat format) {
    return format == ImageFormat.JPEG ? "image/jpeg" : "image/png";
  }

  private static ImageFormat format(Context ctx) {
    String f = ctx.queryParam("format");
    if (f == null || f.equalsIgnoreCase("png")) {
      return ImageFormat.PNG;
    }
    if (f.equalsIgnoreCase("jpg") || f.equalsIgnoreCase("jpeg")) {
      return ImageFormat.JPEG;
    }
    throw new ApiException(Code.BAD_REQUEST, "format is '" + f + "', expected png or jpg");
  }

  private static Double temperature(Context ctx) {
    String text = ctx.queryParam("temperature");
    if (text == null || text.isBlank()) {
      return null;
    }
    double t;
    try {
      t = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      t = Double.NaN;
    }
    if (!(t >= MIN_TEMPERATURE && t <= MAX_TEMPERATURE)) {
      throw new ApiException(Code.BAD_REQUEST, String.format(Locale.ROOT,
          "temperature is '%s', expected a number from %s (the most likely color) to %s (the"
              + " mean); 0.38 is the paper's choice", text, format(MIN_TEMPERATURE),
          format(MAX_TEMPERATURE)));
    }
    return t;
  }

  private static String format(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private static Integer size(Context ctx) {
    String text = ctx.queryParam("size");
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new ApiException(Code.BAD_REQUEST, "size is '" + text + "', expected a whole number"
          + " of pixels, a multiple of 8 from " + Colorizers.MIN_SIZE + " to "
          + Colorizers.MAX_SIZE);
    }
  }
}
