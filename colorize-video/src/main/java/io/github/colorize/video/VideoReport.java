package io.github.colorize.video;

/**
 * What a finished video job did.
 *
 * @param frames frames colorized and written
 * @param sceneCuts scene cuts at which the temporal smoothing started afresh
 * @param audioStreams audio streams copied untouched into the output
 * @param elapsedNanos time the job took, from opening the input to renaming the output
 */
public record VideoReport(long frames, long sceneCuts, int audioStreams, long elapsedNanos) {

  /** Frames per second over the whole job. */
  public double framesPerSecond() {
    return elapsedNanos <= 0 ? 0 : frames * 1e9 / elapsedNanos;
  }
}
