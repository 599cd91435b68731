package io.github.colorize.spi;

/** A backend could not be found, opened, or failed while running a network. */
public class BackendException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BackendException(String message) {
    super(message);
  }

  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
