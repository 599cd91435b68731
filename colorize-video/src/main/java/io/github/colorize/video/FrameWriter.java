package io.github.colorize.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Encodes frames into a video-only file with FFmpeg, at the source's size and frame rate, each
 * frame at its own timestamp (rounded to the frame-rate grid, as the container's time base).
 */
final class FrameWriter implements AutoCloseable {

  private final Path file;
  private final FFmpegFrameRecorder recorder;
  private final Frame frame;
  private final int width;
  private final int height;
  private final double frameRate;
  private long lastFrameNumber = -1;
  private long written;

  /**
   * Starts writing {@code file} in {@code format}.
   *
   * @param bitsPerPixel the video bit rate per pixel and frame (0.25 keeps film grain fairly well
   *     with H.264)
   */
  FrameWriter(Path file, OutputFormat format, int width, int height, double frameRate,
      double bitsPerPixel) throws IOException {
    this.file = file;
    this.width = width;
    this.height = height;
    this.frameRate = frameRate;
    recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
    recorder.setFormat(format.container());
    recorder.setVideoCodecName(format.videoCodec());
    recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(frameRate);
    long bitrate = Math.round(Math.max(200_000, width * (double) height * frameRate
        * bitsPerPixel));
    recorder.setVideoBitrate((int) Math.min(Integer.MAX_VALUE, bitrate));
    // OpenH264 otherwise drops frames to meet the bit rate: every frame must come out.
    recorder.setVideoOption("allow_skip_frames", "0");
    recorder.setGopSize((int) Math.max(1, Math.round(frameRate * 2)));
    try {
      recorder.start();
    } catch (FrameRecorder.Exception e) {
      release();
      throw new IOException("cannot start writing " + file + " (" + format.container() + ", "
          + format.videoCodec() + " at " + width + "x" + height + "): " + e.getMessage(), e);
    }
    frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
  }

  /** Encodes one frame of {@code 0xAARRGGBB} pixels shown at {@code timestampMicros}. */
  void write(int[] argb, long timestampMicros) throws IOException {
    ByteBuffer buf = (ByteBuffer) frame.image[0];
    int stride = frame.imageStride;
    byte[] row = new byte[width * 3];
    for (int y = 0; y < height; y++) {
      int o = y * width;
      for (int x = 0, i = 0; x < width; x++, i += 3) {
        int p = argb[o + x];
        row[i] = (byte) p;
        row[i + 1] = (byte) (p >> 8);
        row[i + 2] = (byte) (p >> 16);
      }
      buf.put(y * stride, row, 0, row.length);
    }
    // The container's time base is 1 / frame rate: a frame number per frame. Keep the source's
    // timing where it has gaps, never two frames on one number.
    long number = Math.max(lastFrameNumber + 1, Math.round(timestampMicros * frameRate / 1e6));
    try {
      recorder.setFrameNumber((int) number);
      recorder.record(frame, AV_PIX_FMT_BGR24);
    } catch (FrameRecorder.Exception e) {
      throw new IOException("encoding frame " + written + " into " + file + " failed: "
          + e.getMessage(), e);
    }
    lastFrameNumber = number;
    written++;
  }

  /** Flushes the encoder and writes the container's index. */
  void finish() throws IOException {
    try {
      recorder.stop();
    } catch (FrameRecorder.Exception e) {
      throw new IOException("finishing " + file + " failed: " + e.getMessage(), e);
    } finally {
      release();
    }
  }

  @Override
  public void close() {
    release();
  }

  private void release() {
    try {
      recorder.release();
    } catch (FrameRecorder.Exception | RuntimeException e) {
      // Releasing after a failure; the failure is reported.
    }
  }
}
