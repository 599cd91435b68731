package io.github.colorize.video;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The container and video codec an output file name asks for: H.264 (OpenH264, the encoder in
 * the LGPL FFmpeg build JavaCV ships) in MP4, MOV, MKV or AVI; VP9 in WebM.
 *
 * @param extension the file name's extension, lower case
 * @param container FFmpeg's muxer name
 * @param videoCodec FFmpeg's encoder name
 */
record OutputFormat(String extension, String container, String videoCodec) {

  private static final String H264 = "libopenh264";

  private static final Map<String, OutputFormat> BY_EXTENSION = Map.of(
      "mp4", new OutputFormat("mp4", "mp4", H264),
      "m4v", new OutputFormat("m4v", "mp4", H264),
      "mov", new OutputFormat("mov", "mov", H264),
      "mkv", new OutputFormat("mkv", "matroska", H264),
      "avi", new OutputFormat("avi", "avi", H264),
      "webm", new OutputFormat("webm", "webm", "libvpx-vp9"));

  /** The extensions understood, for messages. */
  static final String SUPPORTED = "mp4, m4v, mov, mkv, avi, webm";

  /**
   * The format {@code path}'s extension names.
   *
   * @throws IllegalArgumentException for another extension
   */
  static OutputFormat of(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    OutputFormat format = BY_EXTENSION.get(ext);
    if (format == null) {
      throw new IllegalArgumentException("output " + path + " has extension '" + ext
          + "', expected one of " + SUPPORTED + " (the container is chosen by the extension)");
    }
    return format;
  }
}
