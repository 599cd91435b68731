package io.github.colorize.image;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;

/**
 * An image could not be read: the message names the source (a path or the name given with a
 * stream) and what went wrong; {@link #reason()} says it in a form a program can act on, for
 * instance to skip unsupported files in a folder but stop on I/O errors.
 */
public final class ImageReadException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Why an image could not be read. */
  public enum Reason {
    /** The file does not exist, or is a directory. */
    NOT_FOUND,
    /** Reading the bytes failed (permissions, device errors). */
    IO_ERROR,
    /** No installed ImageIO plugin reads this format, or the bytes are no image at all. */
    UNSUPPORTED_FORMAT,
    /** The format is known but the data is truncated or corrupt. */
    CORRUPT,
    /** The image has more pixels than the decoder was allowed to decode. */
    TOO_LARGE
  }

  private final String source;
  private final Reason reason;

  /**
   * @param source the path or name of what was read
   * @param reason why it failed
   * @param detail what went wrong, in words; the message becomes "cannot read image SOURCE: DETAIL"
   * @param cause the underlying exception, or null
   */
  public ImageReadException(String source, Reason reason, String detail, Throwable cause) {
    super("cannot read image " + checkNotNull(source, "source") + ": " + detail, cause);
    this.source = source;
    this.reason = checkNotNull(reason, "reason");
  }

  /** The path or name of what was read. */
  public String source() {
    return source;
  }

  /** Why it failed. */
  public Reason reason() {
    return reason;
  }
}
