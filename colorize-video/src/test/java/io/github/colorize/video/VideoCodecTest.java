package io.github.colorize.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;

import io.github.colorize.Colorizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each {@link VideoCodec} written for real by FFmpeg, read back and checked. */
class VideoCodecTest {

  static Colorizer colorizer;

  @BeforeAll
  static void open() {
    colorizer = Colorizer.builder().threads(2).build();
  }

  @AfterAll
  static void close() {
    colorizer.close();
  }

  @ParameterizedTest(name = "{0} in .{1}")
  @CsvSource({
      "h264, mp4, h264, yuv420p, true",
      "vp9, webm, vp9, yuv420p, false",
      "av1, mp4, av1, yuv420p10le, true",
      "av1, mkv, av1, yuv420p10le, true",
      "ffv1, mkv, ffv1, yuv444p10le, true",
      "prores, mov, prores, yuv422p10le, true"})
  void writesTheCodecKeepingFramesTimingAudioAndLightness(String id, String extension,
      String decoderName, String pixelFormat, boolean audio, @TempDir Path dir)
      throws Exception {
    // 64 x 64: SVT-AV1's smallest frame.
    Path in = Clips.mp4(dir.resolve("in.mp4"), 64, 64, 12, 12, audio,
        i -> Clips.scene(64, 64, 2, i * 0.5));
    Path out = dir.resolve("out." + extension);
    try (VideoColorizer video = VideoColorizer.builder().colorizer(colorizer)
        .codec(VideoCodec.of(id)).build()) {
      VideoReport report = video.colorize(in, out);
      assertThat(report.frames()).isEqualTo(12);
      assertThat(report.audioStreams()).isEqualTo(audio ? 1 : 0);
    }
    VideoInfo info = VideoInfo.probe(out);
    // The name of the decoder FFmpeg picked (AV1's is libaom-av1 in this build).
    assertThat(info.videoCodec()).contains(decoderName);
    assertThat(info.width()).isEqualTo(64);
    assertThat(info.height()).isEqualTo(64);
    assertThat(info.frameRate()).isCloseTo(12.0, within(0.01));
    assertThat(info.audioStreams()).isEqualTo(audio ? 1 : 0);
    assertThat(writtenPixelFormat(out)).isEqualTo(pixelFormat);

    List<VideoFrame> b = Clips.frames(out);
    assertThat(b).hasSize(12);
    double chroma = Clips.assertLightnessKept(Clips.frames(in), b, id);
    assertThat(chroma).as("%s: mean chroma (colorized, not gray)", id).isGreaterThan(2);
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("in.mp4", "out." + extension);
  }

  @ParameterizedTest(name = "{0}: 44x33 written as 44x{2}")
  @CsvSource({"ffv1, mkv, 33", "prores, mov, 33", "h264, mp4, 34", "vp9, webm, 34"})
  void padsAnOddHeightOnlyFor420(String id, String extension, int height, @TempDir Path dir)
      throws Exception {
    // An odd height (JavaCV's recorder rescales an odd width, so the writer pads every odd width).
    Path in = Clips.write(dir.resolve("odd.mkv"), "matroska", "ffv1", 44, 33, 3, 12, false,
        i -> Clips.scene(44, 33, 2, i));
    assertThat(VideoInfo.probe(in).height()).isEqualTo(33);
    Path out = dir.resolve("out." + extension);
    try (VideoColorizer video = VideoColorizer.builder().colorizer(colorizer)
        .codec(VideoCodec.of(id)).build()) {
      video.colorize(in, out);
    }
    VideoInfo info = VideoInfo.probe(out);
    assertThat(info.width()).isEqualTo(44);
    assertThat(info.height()).isEqualTo(height);
  }

  @Test
  void refusesACodecTheContainerCannotHoldBeforeWritingAnything(@TempDir Path dir)
      throws Exception {
    Path in = Clips.mp4(dir.resolve("in.mp4"), 32, 24, 2, 12, false,
        i -> Clips.scene(32, 24, 2, i));
    Path out = dir.resolve("master.mp4");
    try (VideoColorizer video = VideoColorizer.builder().colorizer(colorizer)
        .codec(VideoCodec.FFV1).build()) {
      assertThatThrownBy(() -> video.colorize(in, out))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("master.mp4").hasMessageContaining("ffv1")
          .hasMessageContaining("mkv, avi");
    }
    assertThat(dir.toFile().list()).containsExactly("in.mp4");
  }

  @Test
  void refusesFramesTooSmallForAv1(@TempDir Path dir) throws Exception {
    Path in = Clips.mp4(dir.resolve("small.mp4"), 64, 48, 2, 12, false,
        i -> Clips.scene(64, 48, 2, i));
    try (VideoColorizer video = VideoColorizer.builder().colorizer(colorizer)
        .codec(VideoCodec.AV1).build()) {
      assertThatThrownBy(() -> video.colorize(in, dir.resolve("out.mp4")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("small.mp4 is 64x48").hasMessageContaining("at least 64x64");
    }
    assertThat(dir.toFile().list()).containsExactly("small.mp4");
  }

  @Test
  void namesAreCaseInsensitiveAndUnknownOnesListed() {
    assertThat(VideoCodec.of("AV1")).isEqualTo(VideoCodec.AV1);
    assertThat(VideoCodec.of("prores")).isEqualTo(VideoCodec.PRORES);
    assertThatThrownBy(() -> VideoCodec.of("hevc")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'hevc'").hasMessageContaining("h264, vp9, av1, ffv1, prores");
  }

  private static String writtenPixelFormat(Path file) throws Exception {
    try (FrameReader r = FrameReader.open(file)) {
      var context = r.formatContext();
      for (int i = 0; i < context.nb_streams(); i++) {
        var par = context.streams(i).codecpar();
        if (par.codec_type() == AVMEDIA_TYPE_VIDEO) {
          return av_get_pix_fmt_name(par.format()).getString();
        }
      }
    }
    throw new AssertionError("no video stream in " + file);
  }
}
