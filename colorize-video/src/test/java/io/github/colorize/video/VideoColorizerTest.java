package io.github.colorize.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoColorizerTest {

  static VideoColorizer video;
  static VideoColorizer perFrame;

  @BeforeAll
  static void open() {
    video = VideoColorizer.builder().threads(2).build();
    perFrame = VideoColorizer.builder().colorizer(video.colorizer())
        .temporal(TemporalOptions.off()).build();
  }

  @AfterAll
  static void close() {
    perFrame.close();
    video.close();
  }

  @Test
  void keepsFrameCountSizeRateTimingAndAudio(@TempDir Path dir) throws Exception {
    Path in = Clips.mp4(dir.resolve("in.mp4"), 64, 48, 24, 12, true,
        i -> Clips.scene(64, 48, 1, i * 0.5));
    Path out = dir.resolve("out.mp4");
    VideoReport report = video.colorize(in, out);

    VideoInfo src = VideoInfo.probe(in);
    VideoInfo dst = VideoInfo.probe(out);
    assertThat(report.frames()).isEqualTo(24);
    assertThat(report.audioStreams()).isEqualTo(1);
    assertThat(dst.width()).isEqualTo(64);
    assertThat(dst.height()).isEqualTo(48);
    assertThat(dst.frameRate()).isCloseTo(12.0, within(0.01));
    assertThat(dst.videoCodec()).isEqualTo("h264");
    assertThat(dst.audioStreams()).isEqualTo(1);
    assertThat(dst.audioCodec()).isEqualTo(src.audioCodec()).isEqualTo("aac");
    List<VideoFrame> a = Clips.frames(in);
    List<VideoFrame> b = Clips.frames(out);
    assertThat(b).hasSize(a.size()).hasSize(24);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).timestampMicros()).as("timestamp of frame %s", i)
          .isCloseTo(a.get(i).timestampMicros(), within(1000L));
    }
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("in.mp4", "out.mp4");
    // The stream says which YUV matrix and range it holds (after the audio was muxed in).
    try (FrameReader r = FrameReader.open(out)) {
      var streams = r.formatContext();
      boolean found = false;
      for (int i = 0; i < streams.nb_streams(); i++) {
        var par = streams.streams(i).codecpar();
        if (par.codec_type() == org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO) {
          assertThat(par.color_space())
              .isEqualTo(org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_SMPTE170M);
          assertThat(par.color_range())
              .isEqualTo(org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG);
          found = true;
        }
      }
      assertThat(found).isTrue();
    }
  }

  @Test
  void keepsEachFramesLightnessWithinTheEncodersLoss(@TempDir Path dir) throws Exception {
    Path in = Clips.mp4(dir.resolve("in.mp4"), 64, 48, 12, 24, false,
        i -> Clips.scene(64, 48, 2, i));
    Path out = dir.resolve("out.mkv");
    video.colorize(in, out);
    List<VideoFrame> b = Clips.frames(out);
    assertThat(b).hasSize(12);
    double chroma = Clips.assertLightnessKept(Clips.frames(in), b, "out.mkv");
    // The frames were colorized, not copied gray.
    assertThat(chroma).isGreaterThan(2);
  }

  @Test
  void smoothingLowersFlickerOnAStillNoisyClipAndResetsAtItsCut(@TempDir Path dir)
      throws Exception {
    // 12 frames of one still scene with sensor noise, then 12 of another: a cut half-way.
    Path in = Clips.write(dir.resolve("in.mkv"), "matroska", "ffv1", 64, 48, 24, 24, false,
        i -> Clips.noisy(Clips.scene(64, 48, i < 12 ? 3 : 4, 0), 6, i));
    VideoReport smooth = video.colorize(in, dir.resolve("smooth.mkv"));
    VideoReport plain = perFrame.colorize(in, dir.resolve("plain.mkv"));
    assertThat(smooth.sceneCuts()).isEqualTo(1);
    assertThat(plain.sceneCuts()).isZero();
    double smoothFlicker = FlickerMeter.measure(dir.resolve("smooth.mkv"));
    double plainFlicker = FlickerMeter.measure(dir.resolve("plain.mkv"));
    // H.264's own chroma noise on a noisy 64x48 clip adds a floor (~0.5) to both; the frames
    // before encoding are compared more strictly in FrameColorizerTest.
    assertThat(smoothFlicker).isLessThan(plainFlicker * 0.85);
  }

  @Test
  void keepsTheDisplayRotation(@TempDir Path dir) throws Exception {
    for (boolean audio : new boolean[] {true, false}) {
      Path in = Clips.write(dir.resolve("in" + audio + ".mp4"), "mp4", "libopenh264", 32, 24, 4,
          12, audio, 90, i -> Clips.scene(32, 24, 2, i));
      Path out = dir.resolve("out" + audio + ".mp4");
      perFrame.colorize(in, out);
      double source;
      double written;
      try (FrameReader a = FrameReader.open(in); FrameReader b = FrameReader.open(out)) {
        source = a.displayRotation();
        written = b.displayRotation();
      }
      assertThat(Math.abs(source)).as("the test clip's rotation").isEqualTo(90);
      assertThat(written).as("output rotation, audio %s", audio).isEqualTo(source);
    }
    // No display matrix in, none out.
    Path plain = Clips.mp4(dir.resolve("plain.mp4"), 32, 24, 4, 12, false,
        i -> Clips.scene(32, 24, 2, i));
    perFrame.colorize(plain, dir.resolve("plain-out.mp4"));
    try (FrameReader r = FrameReader.open(dir.resolve("plain-out.mp4"))) {
      assertThat(r.displayRotation()).isZero();
    }
  }

  @Test
  void colorizesFromAStreamIntoAStream(@TempDir Path dir) throws Exception {
    Path in = Clips.mp4(dir.resolve("in.mp4"), 32, 24, 6, 12, true,
        i -> Clips.scene(32, 24, 6, i));
    Path out = dir.resolve("out.mkv");
    try (var input = java.nio.file.Files.newInputStream(in);
        var output = java.nio.file.Files.newOutputStream(out)) {
      VideoReport report = video.colorize(input, output, "mkv");
      assertThat(report.frames()).isEqualTo(6);
      assertThat(report.audioStreams()).isEqualTo(1);
    }
    VideoInfo info = VideoInfo.probe(out);
    assertThat(info.width()).isEqualTo(32);
    assertThat(info.format()).contains("matroska");
    assertThat(Clips.frames(out)).hasSize(6);
  }

  @Test
  void writesVp9IntoWebm(@TempDir Path dir) throws Exception {
    Path in = Clips.mp4(dir.resolve("in.mp4"), 32, 24, 5, 10, false,
        i -> Clips.scene(32, 24, 8, i));
    Path out = dir.resolve("out.webm");
    assertThat(video.colorize(in, out).frames()).isEqualTo(5);
    VideoInfo info = VideoInfo.probe(out);
    assertThat(info.videoCodec()).isEqualTo("vp9");
    assertThat(info.format()).contains("webm");
    assertThat(Clips.frames(out)).hasSize(5);
  }

  @Test
  void padsAnOddSideByRepeatingTheLastRowWithoutRescaling(@TempDir Path dir) throws Exception {
    // JavaCV's recorder rescales odd widths, so the input has an odd height (FFV1 keeps it).
    Path in = Clips.write(dir.resolve("odd.mkv"), "matroska", "ffv1", 44, 33, 4, 10, false,
        i -> Clips.scene(44, 33, 7, i));
    assertThat(VideoInfo.probe(in).height()).isEqualTo(33);
    Path out = dir.resolve("out.mkv");
    video.colorize(in, out);
    List<VideoFrame> a = Clips.frames(in);
    List<VideoFrame> b = Clips.frames(out);
    assertThat(b).hasSize(4);
    assertThat(b.get(0).width()).isEqualTo(44);
    assertThat(b.get(0).height()).isEqualTo(34);
    // The original pixels keep their place (no rescale): L matches within the encoder's loss.
    Clips.assertLightnessKept(a, b, "odd.mkv");
  }
}
