package io.github.colorize.cli.serve;

import io.github.colorize.cli.serve.ApiException.Code;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * Reads the uploaded image from a request: the body itself (any image type, or
 * application/octet-stream) or the file field {@code image} of a multipart form (a file under
 * another name is refused, not guessed at), never more than the byte limit.
 */
final class UploadReader {

  /** The form field the page and the docs use. */
  static final String FIELD = "image";

  /** The bytes of an upload and a name for messages. */
  record Upload(byte[] bytes, String name) {}

  private final long maxBytes;

  UploadReader(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  Upload read(Context ctx) throws IOException {
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes + (type.startsWith("multipart/") ? 64 * 1024 : 0)) {
      throw tooLarge(declared);
    }
    if (type.startsWith("multipart/form-data")) {
      return fromForm(ctx);
    }
    if (!type.isEmpty() && !type.startsWith("image/")
        && !type.startsWith("application/octet-stream")) {
      throw new ApiException(Code.UNSUPPORTED_TYPE, "Content-Type " + ctx.contentType()
          + " is not an image: send the image bytes as the body (image/*, "
          + "application/octet-stream) or as the file field '" + FIELD
          + "' of a multipart/form-data form");
    }
    String name = ctx.queryParam("name") != null ? ctx.queryParam("name") : "the request body";
    return new Upload(readLimited(ctx.req().getInputStream()), name);
  }

  private Upload fromForm(Context ctx) throws IOException {
    List<UploadedFile> files;
    try {
      files = ctx.uploadedFiles(FIELD);
      if (files.isEmpty()) {
        List<String> others = ctx.uploadedFileMap().keySet().stream().sorted().toList();
        if (!others.isEmpty()) {
          throw new ApiException(Code.BAD_REQUEST, "the multipart form has no file field '"
              + FIELD + "' (it has " + others.stream().map(n -> "'" + n + "'")
                  .collect(java.util.stream.Collectors.joining(", "))
              + "); send the image as the file field '" + FIELD + "'");
        }
      }
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      String message = String.valueOf(e.getMessage());
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        message += " <- " + c.getMessage();
      }
      if (message.toLowerCase(Locale.ROOT).contains("exceeds")) {
        throw tooLarge(declaredLength(ctx));
      }
      throw new ApiException(Code.BAD_REQUEST, "the multipart form cannot be read: " + message,
          e);
    }
    if (files.isEmpty()) {
      throw new ApiException(Code.BAD_REQUEST,
          "the multipart form has no file; send the image as the file field '" + FIELD + "'");
    }
    UploadedFile file = files.get(0);
    if (file.size() > maxBytes) {
      throw tooLarge(file.size());
    }
    String name = file.filename() == null || file.filename().isBlank() ? FIELD : file.filename();
    try (InputStream in = file.content()) {
      return new Upload(readLimited(in), name);
    }
  }

  private static long declaredLength(Context ctx) {
    return ctx.req().getContentLengthLong();
  }

  /** Reads at most the limit; one byte more means the upload is too large. */
  private byte[] readLimited(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes((int) maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw tooLarge(-1);
    }
    return bytes;
  }

  /** The 413 answer; {@code bytes} is -1 when the size is unknown (a chunked upload). */
  private ApiException tooLarge(long bytes) {
    String size = bytes >= 0 ? String.format(Locale.ROOT, "is %,d bytes,", bytes) : "is";
    return new ApiException(Code.TOO_LARGE, String.format(Locale.ROOT,
        "the upload %s more than the limit of %,d bytes (--max-upload-mb)", size, maxBytes));
  }
}
