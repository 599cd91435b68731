package io.github.colorize.model.catalog;

import java.io.IOException;

/**
 * A pull that did not end with a good model in the cache: every source failed. The message is one
 * line naming the URL(s) and what went wrong; the cache holds no entry for the model (a partial
 * download may stay, hidden, for the next pull to resume).
 */
public class PullException extends IOException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message one line naming the URL and the problem
   * @param cause the last failure, or null
   */
  public PullException(String message, Throwable cause) {
    super(message, cause);
  }
}
