package io.github.colorize.video;

import java.nio.file.Path;

/**
 * What a video file holds, as FFmpeg reads its container.
 *
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param frameRate frames per second (the stream's average, or its nominal rate)
 * @param frameCount the frame count the container announces (an estimate; 0 if unknown)
 * @param durationMicros the duration, or 0 if unknown
 * @param format the container, as FFmpeg names it (e.g. {@code "mov,mp4,m4a,3gp,3g2,mj2"})
 * @param videoCodec the video codec's name (e.g. {@code "h264"})
 * @param audioStreams how many audio streams it has
 * @param audioCodec the first audio stream's codec, or null without audio
 */
public record VideoInfo(int width, int height, double frameRate, long frameCount,
    long durationMicros, String format, String videoCodec, int audioStreams, String audioCodec) {

  /**
   * Reads a video's container and stream headers (no frame is decoded).
   *
   * @throws VideoFormatException if the file is not a video FFmpeg can read (see {@link
   *     VideoColorizer#colorize(Path, Path, java.nio.file.CopyOption...)})
   * @throws java.io.IOException if it cannot be read at all
   */
  public static VideoInfo probe(Path file) throws java.io.IOException {
    try (FrameReader reader = FrameReader.open(file)) {
      return reader.info();
    }
  }

  /** Whether it has an audio stream. */
  public boolean hasAudio() {
    return audioStreams > 0;
  }
}
