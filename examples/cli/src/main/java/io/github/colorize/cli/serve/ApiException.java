package io.github.colorize.cli.serve;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A request the server answers with an error: the HTTP status, a stable machine-readable code
 * (the JSON {@code error} field) and a message for people.
 */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The codes of the {@code error} field; their names are part of the API. */
  enum Code {
    BAD_REQUEST(400, "bad_request"),
    UNREADABLE_IMAGE(400, "unreadable_image"),
    NOT_FOUND(404, "not_found"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    TOO_LARGE(413, "too_large"),
    UNSUPPORTED_TYPE(415, "unsupported_type"),
    INTERNAL(500, "internal"),
    BUSY(503, "busy"),
    SHUTTING_DOWN(503, "shutting_down");

    final int status;
    final String id;

    Code(int status, String id) {
      this.status = status;
      this.id = id;
    }

    /** The code of an HTTP error status that did not come from the API's own checks. */
    static Code forStatus(int status) {
      return switch (status) {
        case 404 -> NOT_FOUND;
        case 405 -> METHOD_NOT_ALLOWED;
        case 413 -> TOO_LARGE;
        case 415 -> UNSUPPORTED_TYPE;
        case 503 -> BUSY;
        default -> status >= 500 ? INTERNAL : BAD_REQUEST;
      };
    }
  }

  private final Code code;

  ApiException(Code code, String message) {
    this(code, message, null);
  }

  ApiException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = checkNotNull(code, "code");
  }

  Code code() {
    return code;
  }

  /** The JSON body: {@code {"error": CODE, "message": TEXT, "status": N}}. */
  ErrorBody body() {
    return new ErrorBody(code.id, getMessage(), code.status);
  }

  /** The JSON error body. */
  record ErrorBody(String error, String message, int status) {}
}
