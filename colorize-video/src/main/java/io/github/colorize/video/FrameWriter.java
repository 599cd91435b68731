package io.github.colorize.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes frames into a video-only file with FFmpeg, at the source's size and frame rate, each
 * frame at its own timestamp (rounded to the frame-rate grid, as the container's time base).
 *
 * <p>An odd width is padded by one column repeating the last one, and so is an odd height for the
 * 4:2:0 codecs (H.264, VP9, AV1): JavaCV's recorder would otherwise rescale the whole frame,
 * changing every pixel's L. FFV1 and ProRes keep an odd height.
 */
final class FrameWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FrameWriter.class);

  private final Path file;
  private final FFmpegFrameRecorder recorder;
  private final Frame frame;
  private final byte[] row;
  private final int width;
  private final int height;
  private final int encodedWidth;
  private final int encodedHeight;
  private final double frameRate;
  private long lastFrameNumber = -1;
  private long written;

  /**
   * Starts writing {@code file} in {@code format}.
   *
   * @param bitsPerPixel the video bit rate per pixel and frame (0.25 keeps film grain fairly well
   *     with H.264)
   * @param displayRotation the source's display rotation ({@link FrameReader#displayRotation()}),
   *     written to the stream's display matrix so that players turn the output alike; 0 for none
   */
  FrameWriter(Path file, OutputFormat format, int width, int height, double frameRate,
      double bitsPerPixel, double displayRotation) throws IOException {
    this.file = file;
    this.width = width;
    this.height = height;
    this.frameRate = frameRate;
    VideoCodec codec = format.codec();
    // JavaCV's recorder rescales an odd width (whatever the codec); only 4:2:0 needs an even height.
    this.encodedWidth = width + (width & 1);
    this.encodedHeight = height + (codec.pixelFormat().startsWith("yuv420") ? height & 1 : 0);
    if (encodedWidth != width || encodedHeight != height) {
      LOG.warn("{}x{} has an odd side that {} video cannot keep: the output is {}x{}, the last"
          + " column or row repeated", width, height, codec.id(), encodedWidth, encodedHeight);
    }
    recorder = new FFmpegFrameRecorder(file.toFile(), encodedWidth, encodedHeight, 0);
    recorder.setFormat(format.container());
    recorder.setVideoCodecName(codec.encoder());
    recorder.setPixelFormat(av_get_pix_fmt(codec.pixelFormat()));
    recorder.setFrameRate(frameRate);
    if (!codec.fixedQuality()) {
      long bitrate = Math.round(Math.max(200_000, width * (double) height * frameRate
          * bitsPerPixel));
      recorder.setVideoBitrate((int) Math.min(Integer.MAX_VALUE, bitrate));
    }
    // Say what FFmpeg's RGB to YUV conversion writes (the BT.601 matrix, limited range): players
    // otherwise guess, and most guess BT.709 for HD sizes, shifting every color a little.
    recorder.setVideoOption("colorspace", "smpte170m");
    recorder.setVideoOption("color_range", "tv");
    if (displayRotation != 0) {
      recorder.setDisplayRotation(displayRotation);
    }
    recorder.setGopSize((int) Math.max(1, Math.round(frameRate * 2)));
    codec.encoderOptions().forEach(recorder::setVideoOption);
    try {
      recorder.start();
    } catch (FrameRecorder.Exception e) {
      release();
      throw new IOException("cannot start writing " + file + " (" + format.container() + ", "
          + format.codec().encoder() + " at " + width + "x" + height + "): " + e.getMessage(), e);
    }
    frame = new Frame(encodedWidth, encodedHeight, Frame.DEPTH_UBYTE, 3);
    row = new byte[encodedWidth * 3];
  }

  /** Encodes one frame of {@code 0xAARRGGBB} pixels shown at {@code timestampMicros}. */
  void write(int[] argb, long timestampMicros) throws IOException {
    ByteBuffer buf = (ByteBuffer) frame.image[0];
    int stride = frame.imageStride;
    for (int y = 0; y < encodedHeight; y++) {
      int o = Math.min(y, height - 1) * width;
      for (int x = 0, i = 0; x < encodedWidth; x++, i += 3) {
        int p = argb[o + Math.min(x, width - 1)];
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
