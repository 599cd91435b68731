package io.github.colorize.video;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The container an output file name asks for and the video codec written into it: by default
 * H.264 in MP4, M4V, MOV, MKV and AVI, VP9 in WebM; any {@link VideoCodec} the container holds
 * when one is asked for.
 *
 * @param extension the file name's extension, lower case
 * @param container FFmpeg's muxer name
 * @param codec the video codec
 */
record OutputFormat(String extension, String container, VideoCodec codec) {

  private static final Map<String, String> CONTAINERS = Map.of("mp4", "mp4", "m4v", "mp4",
      "mov", "mov", "mkv", "matroska", "avi", "avi", "webm", "webm");

  /** The extensions understood, for messages. */
  static final String SUPPORTED = "mp4, m4v, mov, mkv, avi, webm";

  /**
   * The format {@code path}'s extension names, with its default codec.
   *
   * @throws IllegalArgumentException for another extension
   */
  static OutputFormat of(Path path) {
    return of(path, null);
  }

  /**
   * The format {@code path}'s extension names, writing {@code codec} (its default when null).
   *
   * @throws IllegalArgumentException for another extension, or a codec it cannot hold
   */
  static OutputFormat of(Path path, VideoCodec codec) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    String container = CONTAINERS.get(ext);
    if (container == null) {
      throw new IllegalArgumentException("output " + path + " has extension '" + ext
          + "', expected one of " + SUPPORTED + " (the container is chosen by the extension)");
    }
    VideoCodec chosen = codec != null ? codec : ext.equals("webm") ? VideoCodec.VP9
        : VideoCodec.H264;
    if (!chosen.fitsExtension(ext)) {
      throw new IllegalArgumentException("output " + path + ": a ." + ext + " file cannot hold "
          + chosen.id() + " video, expected one of " + String.join(", ", chosen.extensions())
          + " for " + chosen.id());
    }
    return new OutputFormat(ext, container, chosen);
  }
}
