package io.github.colorize.video;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a video file's frames to sRGB pixels, one at a time, with FFmpeg. Checks at
 * {@link #open} that the file is a video whose video stream can be decoded, and says which rule
 * it breaks otherwise.
 */
final class FrameReader implements AutoCloseable {

  /** Demuxers of single pictures: FFmpeg opens a photo as a one-frame "video". */
  private static final Set<String> PICTURE_FORMATS = Set.of("image2", "image2pipe");

  private static final Logger LOG = LoggerFactory.getLogger(FrameReader.class);

  static {
    // FFmpeg's own log goes straight to stderr: keep it quiet (every failure reaches the caller
    // as one exception) unless debug logging is on.
    avutil.av_log_set_level(LOG.isDebugEnabled() ? AV_LOG_WARNING : AV_LOG_FATAL);
  }

  private final Path file;
  private final FFmpegFrameGrabber grabber;
  private final VideoInfo info;

  private FrameReader(Path file, FFmpegFrameGrabber grabber, VideoInfo info) {
    this.file = file;
    this.grabber = grabber;
    this.info = info;
  }

  /**
   * Opens a video for decoding.
   *
   * @throws NoSuchFileException if it does not exist
   * @throws VideoFormatException if it is empty, not a video, has no video stream, or its video
   *     codec cannot be decoded
   */
  static FrameReader open(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
    if (Files.isDirectory(file)) {
      throw new VideoFormatException(file + " is a folder, expected a video file");
    }
    if (Files.size(file) == 0) {
      throw new VideoFormatException(file + " is empty (0 bytes), expected a video file");
    }
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    grabber.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24);
    try {
      grabber.start();
    } catch (FrameGrabber.Exception e) {
      closeQuietly(grabber);
      throw explain(file, e);
    }
    try {
      VideoInfo info = describe(file, grabber);
      return new FrameReader(file, grabber, info);
    } catch (IOException | RuntimeException e) {
      closeQuietly(grabber);
      throw e;
    }
  }

  private static VideoFormatException explain(Path file, FrameGrabber.Exception e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("avformat_open_input") || m.contains("avformat_find_stream_info")) {
      return new VideoFormatException(file + " is not a video FFmpeg can read (" + ffmpegError(m)
          + "); expected e.g. MP4, MKV, AVI, MOV or WebM", e);
    }
    if (m.contains("Did not find a video or audio stream")) {
      return new VideoFormatException(file + " has no video stream (no video or audio stream at"
          + " all); expected a video", e);
    }
    if (m.contains("Unsupported video format or codec")) {
      return new VideoFormatException(file + ": its video codec (" + m.replaceAll(".*: ", "")
          .replace(".", "") + ") cannot be decoded by this FFmpeg build; convert it first, e.g."
          + " to H.264", e);
    }
    if (m.contains("Unsupported audio format or codec")) {
      return new VideoFormatException(file + ": its audio codec cannot be decoded by this FFmpeg"
          + " build (" + m + ")", e);
    }
    return new VideoFormatException(file + " cannot be opened as a video: " + m, e);
  }

  /** FFmpeg's words for the error code in JavaCV's message ("... error -1094995529: ..."). */
  private static String ffmpegError(String message) {
    Matcher m = Pattern.compile("error (-\\d+)").matcher(message);
    if (!m.find()) {
      return message;
    }
    try (BytePointer buf = new BytePointer(256)) {
      avutil.av_make_error_string(buf, 256, Integer.parseInt(m.group(1)));
      return buf.getString();
    }
  }

  private static VideoInfo describe(Path file, FFmpegFrameGrabber grabber) throws IOException {
    AVFormatContext ctx = grabber.getFormatContext();
    String format = ctx.iformat() == null ? "?" : ctx.iformat().name().getString();
    int audioStreams = 0;
    String audioCodec = null;
    AVStream video = null;
    for (int i = 0; i < ctx.nb_streams(); i++) {
      AVStream s = ctx.streams(i);
      int type = s.codecpar().codec_type();
      if (type == AVMEDIA_TYPE_AUDIO) {
        if (audioStreams++ == 0) {
          audioCodec = avcodec_get_name(s.codecpar().codec_id()).getString();
        }
      } else if (type == AVMEDIA_TYPE_VIDEO && video == null) {
        video = s;
      }
    }
    if (video == null || !grabber.hasVideo()) {
      throw new VideoFormatException(file + " has no video stream (" + describeStreams(ctx)
          + "); expected a video");
    }
    if (PICTURE_FORMATS.contains(format) || format.endsWith("_pipe")) {
      throw new VideoFormatException(file + " is a still picture (" + format + ", "
          + grabber.getVideoCodecName() + "), expected a video; colorize photos with"
          + " 'colorize IN -o OUT'");
    }
    int width = grabber.getImageWidth();
    int height = grabber.getImageHeight();
    if (width <= 0 || height <= 0) {
      throw new VideoFormatException(file + ": its video stream has no frame size (" + width
          + "x" + height + "); the file may be truncated");
    }
    double rate = grabber.getVideoFrameRate();
    return new VideoInfo(width, height, rate, Math.max(0, grabber.getLengthInVideoFrames()),
        Math.max(0, grabber.getLengthInTime()), format, grabber.getVideoCodecName(), audioStreams,
        audioCodec);
  }

  private static String describeStreams(AVFormatContext ctx) {
    if (ctx.nb_streams() == 0) {
      return "it has no streams";
    }
    StringBuilder b = new StringBuilder("its streams:");
    for (int i = 0; i < ctx.nb_streams(); i++) {
      var par = ctx.streams(i).codecpar();
      b.append(i == 0 ? " " : ", ").append(avutil.av_get_media_type_string(par.codec_type()) == null
          ? "data" : avutil.av_get_media_type_string(par.codec_type()).getString())
          .append(' ').append(avcodec_get_name(par.codec_id()).getString());
    }
    return b.toString();
  }

  /** The demuxer's context (streams, codecs), owned by this reader. */
  AVFormatContext formatContext() {
    return grabber.getFormatContext();
  }

  /** What the file holds. */
  VideoInfo info() {
    return info;
  }

  /**
   * How players should turn the decoded frames, in degrees counterclockwise, from the video
   * stream's display matrix (phones record portrait video as landscape frames plus this); 0
   * without one.
   */
  double displayRotation() {
    try {
      double angle = grabber.getDisplayRotation();
      return Double.isFinite(angle) ? angle : 0;
    } catch (RuntimeException e) {
      LOG.debug("{}: unreadable display matrix, taken as none", file, e);
      return 0;
    }
  }

  /**
   * The next frame, or null at the end.
   *
   * @throws VideoFormatException if decoding fails
   */
  VideoFrame next() throws IOException {
    Frame frame;
    try {
      frame = grabber.grabImage();
    } catch (FrameGrabber.Exception e) {
      throw new VideoFormatException(file + ": decoding a frame failed: " + e.getMessage(), e);
    }
    if (frame == null) {
      return null;
    }
    return new VideoFrame(frame.imageWidth, frame.imageHeight, toArgb(frame), frame.timestamp);
  }

  /** The grabber's BGR24 buffer (reused by the next grab) as new 0xFFRRGGBB pixels. */
  static int[] toArgb(Frame frame) {
    int w = frame.imageWidth;
    int h = frame.imageHeight;
    ByteBuffer buf = (ByteBuffer) frame.image[0];
    int stride = frame.imageStride;
    int[] argb = new int[w * h];
    byte[] row = new byte[w * 3];
    for (int y = 0; y < h; y++) {
      buf.get(y * stride, row, 0, row.length);
      int o = y * w;
      for (int x = 0, i = 0; x < w; x++, i += 3) {
        argb[o + x] = 0xff000000 | (row[i + 2] & 0xff) << 16 | (row[i + 1] & 0xff) << 8
            | (row[i] & 0xff);
      }
    }
    return argb;
  }

  @Override
  public void close() {
    closeQuietly(grabber);
  }

  private static void closeQuietly(FFmpegFrameGrabber grabber) {
    try {
      grabber.close();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      // Closing after a failure: the failure is what the caller needs to see.
    }
  }
}
