package io.github.colorize;

/**
 * A {@link Colorizer} could not be built: its model could not be found, read or validated. The
 * message names the model and says what to do; the cause, if any, is the underlying failure.
 * (Backends that cannot be found or opened fail with
 * {@link io.github.colorize.spi.BackendException}.)
 */
public class ColorizeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ColorizeException(String message) {
    super(message);
  }

  public ColorizeException(String message, Throwable cause) {
    super(message, cause);
  }
}
