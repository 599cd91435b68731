package io.github.colorize.cli.serve;

import com.google.gson.Gson;
import io.github.colorize.cli.serve.ApiException.Code;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's answers to requests that never reach the routes (an ambiguous or path-traversal URI,
 * a malformed request line or header) in the API's JSON error body instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

  private static final Gson GSON = new Gson();
  private static final String JSON = "application/json; charset=utf-8";

  /** The JSON body for {@code status}, with Jetty's reason as the message. */
  static String body(int status, String reason) {
    Code code = Code.forStatus(status);
    String message = (reason == null || reason.isBlank() ? "the request cannot be handled"
        : reason) + " (the server answers GET /, /api/info, /api/health and POST "
        + "/api/colorize, /api/uploads)";
    return GSON.toJson(new ApiException.ErrorBody(code.id, message, status));
  }

  @Override
  protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
      HttpServletResponse response, int code, String message) throws IOException {
    baseRequest.setHandled(true);
    response.setContentType(JSON);
    response.getOutputStream().write(body(code, message).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, JSON));
    return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
  }
}
