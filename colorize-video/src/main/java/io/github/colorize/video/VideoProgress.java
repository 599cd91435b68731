package io.github.colorize.video;

/**
 * How far a video has come.
 *
 * @param frames frames written so far
 * @param totalFrames the frame count the container announces (an estimate), or -1 if unknown
 * @param elapsedNanos time since the job started
 */
public record VideoProgress(long frames, long totalFrames, long elapsedNanos) {

  /** Frames per second so far. */
  public double framesPerSecond() {
    return elapsedNanos <= 0 ? 0 : frames * 1e9 / elapsedNanos;
  }

  /** Receives progress, on the thread that writes the frames; keep it short. */
  @FunctionalInterface
  public interface Listener {
    /** Called after each frame is written. */
    void onProgress(VideoProgress progress);
  }
}
