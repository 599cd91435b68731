package io.github.colorize.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import io.github.colorize.color.CieLab;
import io.github.colorize.image.Photo;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Small clips the tests make with the same FFmpeg binding. */
final class Clips {

  static final int SAMPLE_RATE = 22050;

  private Clips() {}

  /** The L, a and b planes of a frame of {@code 0xAARRGGBB} pixels. */
  static float[][] lab(int[] argb, int w, int h) {
    float[][] rgb = Photo.ofArgb(w, h, argb, false, "frame").toRgbChannels();
    float[][] lab = new float[3][argb.length];
    CieLab.fromSrgb(rgb[0], rgb[1], rgb[2], lab[0], lab[1], lab[2]);
    return lab;
  }

  /** The L, a and b planes of a decoded frame. */
  static float[][] lab(VideoFrame f) {
    return lab(f.argb(), f.width(), f.height());
  }

  /**
   * Asserts that each output frame keeps its input frame's lightness within an encoder's loss
   * (mean |dL| under 1.5 over the input's pixels, so a padded last row is not compared).
   *
   * @return the outputs' mean chroma, sqrt(a^2 + b^2): above a few units when they were colorized
   */
  static double assertLightnessKept(List<VideoFrame> in, List<VideoFrame> out, String what) {
    assertThat(out).as("%s: frames", what).hasSameSizeAs(in);
    double chroma = 0;
    for (int i = 0; i < in.size(); i++) {
      float[][] la = lab(in.get(i));
      float[][] lb = lab(out.get(i));
      double dl = 0;
      for (int p = 0; p < la[0].length; p++) {
        dl += Math.abs(la[0][p] - lb[0][p]);
        chroma += Math.hypot(lb[1][p], lb[2][p]) / la[0].length / in.size();
      }
      assertThat(dl / la[0].length).as("%s: mean |dL| of frame %s", what, i).isLessThan(1.5);
    }
    return chroma;
  }

  /**
   * Writes a clip: frame i's pixels from {@code frames}, H.264 in MP4 (or as {@code container}
   * and {@code codec} say), with a mono AAC sine track of the clip's length if {@code audio}.
   */
  static Path write(Path file, String container, String codec, int w, int h, int count,
      double fps, boolean audio, IntFunction<int[]> frames) throws Exception {
    return write(file, container, codec, w, h, count, fps, audio, 0, frames);
  }

  /** As above, with a display matrix turning the frames by {@code rotation} degrees if not 0. */
  static Path write(Path file, String container, String codec, int w, int h, int count,
      double fps, boolean audio, double rotation, IntFunction<int[]> frames) throws Exception {
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, audio ? 1 : 0)) {
      if (rotation != 0) {
        r.setDisplayRotation(rotation);
      }
      r.setFormat(container);
      r.setVideoCodecName(codec);
      r.setFrameRate(fps);
      r.setVideoBitrate(2_000_000);
      r.setVideoOption("allow_skip_frames", "0");
      if (audio) {
        r.setAudioCodecName("aac");
        r.setSampleRate(SAMPLE_RATE);
        r.setAudioBitrate(64_000);
      }
      r.start();
      Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
      int samplesPerFrame = (int) Math.round(SAMPLE_RATE / fps);
      for (int i = 0; i < count; i++) {
        fill(frame, frames.apply(i), w, h);
        r.record(frame, AV_PIX_FMT_BGR24);
        if (audio) {
          short[] s = new short[samplesPerFrame];
          for (int k = 0; k < s.length; k++) {
            s[k] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (i * samplesPerFrame + k)
                / SAMPLE_RATE));
          }
          r.recordSamples(SAMPLE_RATE, 1, ShortBuffer.wrap(s));
        }
      }
      r.stop();
    }
    return file;
  }

  /** An MP4 (H.264 + AAC) clip. */
  static Path mp4(Path file, int w, int h, int count, double fps, boolean audio,
      IntFunction<int[]> frames) throws Exception {
    return write(file, "mp4", "libopenh264", w, h, count, fps, audio, frames);
  }

  private static void fill(Frame frame, int[] argb, int w, int h) {
    ByteBuffer buf = (ByteBuffer) frame.image[0];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = argb[y * w + x];
        int o = y * frame.imageStride + 3 * x;
        buf.put(o, (byte) p);
        buf.put(o + 1, (byte) (p >> 8));
        buf.put(o + 2, (byte) (p >> 16));
      }
    }
  }

  /** A gray scene: smooth shapes that depend on {@code seed}, shifted by {@code shift} pixels. */
  static int[] scene(int w, int h, int seed, double shift) {
    Random r = new Random(seed);
    double fx = 0.05 + 0.1 * r.nextDouble();
    double fy = 0.05 + 0.1 * r.nextDouble();
    double phase = 6 * r.nextDouble();
    double bx = w * (0.2 + 0.6 * r.nextDouble());
    double by = h * (0.2 + 0.6 * r.nextDouble());
    double base = 60 + 140 * r.nextDouble();
    int[] argb = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double v = base + 50 * Math.sin((x + shift) * fx + phase) * Math.cos(y * fy)
            + (x + shift > bx && y > by ? 40 : -20);
        int g = (int) Math.max(0, Math.min(255, Math.round(v)));
        argb[y * w + x] = 0xff000000 | g << 16 | g << 8 | g;
      }
    }
    return argb;
  }

  /** {@code argb} with gray noise of standard deviation {@code sigma} (8-bit levels). */
  static int[] noisy(int[] argb, double sigma, long seed) {
    Random r = new Random(seed);
    int[] out = new int[argb.length];
    for (int i = 0; i < argb.length; i++) {
      int g = (int) Math.max(0, Math.min(255, Math.round((argb[i] & 0xff)
          + sigma * r.nextGaussian())));
      out[i] = 0xff000000 | g << 16 | g << 8 | g;
    }
    return out;
  }

  /** Every frame of a video, decoded. */
  static List<VideoFrame> frames(Path video) throws Exception {
    List<VideoFrame> out = new ArrayList<>();
    try (FrameReader reader = FrameReader.open(video)) {
      VideoFrame f;
      while ((f = reader.next()) != null) {
        out.add(f);
      }
    }
    return out;
  }
}
