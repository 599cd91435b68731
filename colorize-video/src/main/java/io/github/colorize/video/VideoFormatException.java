package io.github.colorize.video;

import java.io.IOException;

/**
 * A video cannot be read: not a video, no video stream, a codec this FFmpeg build cannot decode,
 * an empty file. The message names the file and what was expected.
 */
public class VideoFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  public VideoFormatException(String message) {
    super(message);
  }

  public VideoFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
