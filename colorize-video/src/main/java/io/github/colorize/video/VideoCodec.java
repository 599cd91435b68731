package io.github.colorize.video;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The video codec {@link VideoColorizer} writes, with the FFmpeg encoder and pixel format it uses.
 *
 * <p>H.264 is the default of MP4, MOV, MKV and AVI because every player reads it, but it is the
 * one that adds the most flicker of its own: the LGPL FFmpeg build has only OpenH264, which
 * writes 8-bit 4:2:0 and re-quantizes chroma frame after frame on grainy luma (docs/BENCHMARKS.md,
 * "Video"). The 10-bit codecs round chroma four times finer and keep the smoothed colors steadier
 * in the file: {@link #AV1} for delivery, {@link #FFV1} (lossless, the archival format) and
 * {@link #PRORES} for masters.
 */
public enum VideoCodec {

  /** H.264 (OpenH264), 8-bit 4:2:0, at the configured bit rate; MP4, M4V, MOV, MKV, AVI. */
  H264("libopenh264", "yuv420p", false, List.of("mp4", "m4v", "mov", "mkv", "avi"),
      // OpenH264 otherwise drops frames to meet the bit rate: every frame must come out.
      Map.of("allow_skip_frames", "0")),

  /** VP9 (libvpx), 8-bit 4:2:0, at the configured bit rate; WebM, MKV, MP4. */
  VP9("libvpx-vp9", "yuv420p", false, List.of("webm", "mkv", "mp4", "m4v"),
      // libvpx's defaults are its slowest: measured 3.3 frames/s at 320x240 for the whole job.
      Map.of("deadline", "good", "cpu-used", "5", "row-mt", "1")),

  /**
   * AV1 (SVT-AV1, preset 8), 10-bit 4:2:0, at the configured bit rate, frames of at least 64 x
   * 64; MP4, M4V, MKV, WebM. SVT-AV1 prints its settings to standard error when it starts: it
   * does not log through FFmpeg, and reads its level from the native environment variable
   * {@code SVT_LOG} (2: warnings and errors), which the {@code colorize} command sets and an
   * application sets before starting the JVM.
   */
  AV1("libsvtav1", "yuv420p10le", false, List.of("mp4", "m4v", "mkv", "webm"),
      // Faster presets give back the steadiness (preset 10: flicker 0.41 of per-frame, 8: 0.29).
      Map.of("preset", "8")),

  /** FFV1 version 3, 10-bit 4:4:4, lossless (large files); MKV, AVI. */
  FFV1("ffv1", "yuv444p10le", true, List.of("mkv", "avi"),
      // Version 3 with per-slice checksums, as archives write it.
      Map.of("level", "3", "slicecrc", "1")),

  /** Apple ProRes 422 HQ (FFmpeg's prores_ks), 10-bit 4:2:2, intra-only; MOV, MKV. */
  PRORES("prores_ks", "yuv422p10le", true, List.of("mov", "mkv"), Map.of("profile", "3"));

  private final String encoder;
  private final String pixelFormat;
  private final boolean fixedQuality;
  private final List<String> extensions;
  private final Map<String, String> encoderOptions;

  VideoCodec(String encoder, String pixelFormat, boolean fixedQuality, List<String> extensions,
      Map<String, String> encoderOptions) {
    this.encoder = encoder;
    this.pixelFormat = pixelFormat;
    this.fixedQuality = fixedQuality;
    this.extensions = extensions;
    this.encoderOptions = encoderOptions;
  }

  /** FFmpeg's name of the encoder. */
  public String encoder() {
    return encoder;
  }

  /** FFmpeg's name of the pixel format written. */
  public String pixelFormat() {
    return pixelFormat;
  }

  /** The options FFmpeg's encoder is opened with. */
  Map<String, String> encoderOptions() {
    return encoderOptions;
  }

  /** Whether its size is set by the codec itself (lossless or a fixed profile), not a bit rate. */
  boolean fixedQuality() {
    return fixedQuality;
  }

  /** The (lower-case) file extensions whose containers can hold it. */
  public List<String> extensions() {
    return extensions;
  }

  /** Whether a file with this (lower-case) extension can hold it. */
  public boolean fitsExtension(String extension) {
    return extensions.contains(extension);
  }

  /**
   * Checks that frames of {@code width} x {@code height} from {@code source} can be written.
   *
   * @throws IllegalArgumentException if SVT-AV1 cannot take them (a side under 64)
   */
  void checkFrameSize(Object source, int width, int height) {
    if (this == AV1 && (width < 64 || height < 64)) {
      throw new IllegalArgumentException(source + " is " + width + "x" + height + ", too small"
          + " for av1 (SVT-AV1 takes frames of at least 64x64); use h264, vp9 or ffv1");
    }
  }

  /** The lower-case name used on the command line ({@code h264}, {@code av1}, ...). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The codec called {@code id} (any case).
   *
   * @throws IllegalArgumentException for another name, listing the known ones
   */
  public static VideoCodec of(String id) {
    for (VideoCodec codec : values()) {
      if (codec.id().equalsIgnoreCase(id.trim())) {
        return codec;
      }
    }
    throw new IllegalArgumentException("video codec '" + id + "' is unknown, expected one of "
        + "h264, vp9, av1, ffv1, prores");
  }
}
