package io.github.colorize.spark;

/** A reason {@link ColorizeJob} cannot start, said in one line (no stack trace is shown). */
public final class JobException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An exception with a one-line message. */
  public JobException(String message) {
    super(message);
  }

  /** An exception with a one-line message and its cause. */
  public JobException(String message, Throwable cause) {
    super(message, cause);
  }
}
