package io.github.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import io.github.colorize.cli.ColorizeCommandTest.Run;
import io.github.colorize.video.VideoInfo;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code colorize video} end to end on a clip the test encodes (H.264 + AAC in MP4). */
class VideoCommandTest {

  @TempDir static Path shared;
  static Path clip;

  @BeforeAll
  static void writeClip() throws Exception {
    clip = writeClip(shared.resolve("clip.mp4"), 48, 32);
  }

  /** A gray gradient moving over 10 frames at 10 frames/s, with a sine tone. */
  static Path writeClip(Path clip, int width, int height) throws Exception {
    return writeClip(clip, width, height, 0);
  }

  /** As above, with uniform noise of {@code noise} levels added (seeded). */
  static Path writeClip(Path clip, int width, int height, int noise) throws Exception {
    Random random = new Random(7);
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(clip.toFile(), width, height, 1)) {
      r.setFormat("mp4");
      r.setVideoCodecName("libopenh264");
      r.setFrameRate(10);
      r.setVideoBitrate(1_000_000);
      r.setAudioCodecName("aac");
      r.setSampleRate(22050);
      r.start();
      Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
      for (int i = 0; i < 10; i++) {
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            int v = (x * 5 + y * 3 + i * 4) % 256 + (noise > 0 ? random.nextInt(noise) : 0);
            byte g = (byte) Math.min(255, v);
            int o = y * frame.imageStride + 3 * x;
            buf.put(o, g).put(o + 1, g).put(o + 2, g);
          }
        }
        r.record(frame, AV_PIX_FMT_BGR24);
        short[] s = new short[2205];
        for (int k = 0; k < s.length; k++) {
          s[k] = (short) (5000 * Math.sin(k * 0.1));
        }
        r.recordSamples(22050, 1, ShortBuffer.wrap(s));
      }
      r.stop();
    }
    return clip;
  }

  @Test
  void av1KeepsSvtAv1QuietOnStandardError(@TempDir Path dir) throws Exception {
    // In a child JVM: SVT-AV1 writes to the process's own stderr, which only a child can catch.
    Path in = writeClip(dir.resolve("in.mp4"), 64, 64);
    Path out = dir.resolve("out.mp4");
    ChildJvm.Result r = ChildJvm.run(dir, List.of("-Xmx512m"), ColorizeCommand.class,
        "video", in.toString(), "-o", out.toString(), "--codec", "av1");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(VideoInfo.probe(out).videoCodec()).contains("av1");
    assertThat(r.err()).doesNotContain("Svt[info]");
  }

  @Test
  void colorizesAClipKeepingItsShapeAndAudio(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("color.mkv");
    Run r = ColorizeCommandTest.run("video", clip.toString(), "-o", out.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("10 frames").contains("1 audio stream(s) copied");
    VideoInfo info = VideoInfo.probe(out);
    assertThat(info.width()).isEqualTo(48);
    assertThat(info.height()).isEqualTo(32);
    assertThat(info.frameRate()).isEqualTo(10.0);
    assertThat(info.audioCodec()).isEqualTo("aac");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void perFrameAndTemporalOptionsAreAccepted(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("plain.mp4");
    Run r = ColorizeCommandTest.run("video", clip.toString(), "-o", out.toString(),
        "--temporal", "off", "--batch", "4", "--size", "64");
    assertThat(r.status()).as(r.err()).isZero();
    Run tuned = ColorizeCommandTest.run("video", clip.toString(), "-o", out.toString(),
        "--force", "--smoothing", "0.9", "--cut-threshold", "0.3", "--motion", "off");
    assertThat(tuned.status()).as(tuned.err()).isZero();
    assertThat(tuned.out()).contains("0 scene cuts");
  }

  @Test
  void theCodecCanBeChosenAndIsCheckedAgainstTheContainer(@TempDir Path dir) throws Exception {
    Path master = dir.resolve("master.mkv");
    Run r = ColorizeCommandTest.run("video", clip.toString(), "-o", master.toString(),
        "--codec", "ffv1");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(VideoInfo.probe(master).videoCodec()).isEqualTo("ffv1");
    assertThat(VideoInfo.probe(master).audioCodec()).isEqualTo("aac");

    Run unknown = ColorizeCommandTest.run("video", clip.toString(), "-o",
        dir.resolve("x.mp4").toString(), "--codec", "hevc");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.err()).contains("video codec 'hevc' is unknown");

    Run misfit = ColorizeCommandTest.run("video", clip.toString(), "-o",
        dir.resolve("x.mp4").toString(), "--codec", "ffv1");
    assertThat(misfit.status()).isEqualTo(1);
    assertThat(misfit.err()).contains("a .mp4 file cannot hold ffv1 video");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(master);
    }
  }

  @Test
  void theBitRateFollowsBitsPerPixel(@TempDir Path dir) throws Exception {
    // Noise: the encoder spends what it is given.
    Path noisy = writeClip(dir.resolve("noisy.mp4"), 160, 120, 60);
    Path small = dir.resolve("small.mp4");
    Path large = dir.resolve("large.mp4");
    Run a = ColorizeCommandTest.run("video", noisy.toString(), "-o", small.toString(),
        "--bits-per-pixel", "0.1");
    Run b = ColorizeCommandTest.run("video", noisy.toString(), "-o", large.toString(),
        "--bits-per-pixel", "20");
    assertThat(a.status()).as(a.err()).isZero();
    assertThat(b.status()).as(b.err()).isZero();
    // 160x120 at 10 frames/s: 0.1 bit/pixel is under the 200 kbit/s floor, 20 is 3.8 Mbit/s.
    assertThat(Files.size(large)).isGreaterThan(Files.size(small) * 3 / 2);
    Run bad = ColorizeCommandTest.run("video", clip.toString(), "-o",
        dir.resolve("x.mp4").toString(), "--bits-per-pixel", "0");
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err()).contains("bits per pixel is 0.0, expected in (0, 24]");
  }

  @Test
  void aBadOptionValueIsAUsageError(@TempDir Path dir) {
    Run r = ColorizeCommandTest.run("video", clip.toString(), "-o",
        dir.resolve("x.mp4").toString(), "--smoothing", "1.5");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("smoothing is 1.5, expected in [0, 0.99]");
  }

  @Test
  void errorsAreOneLineAndLeaveNothing(@TempDir Path dir) throws Exception {
    Path text = Files.writeString(dir.resolve("notes.mp4"), "not a film");
    Run notVideo = ColorizeCommandTest.run("video", text.toString(), "-o",
        dir.resolve("out.mp4").toString());
    assertThat(notVideo.status()).isEqualTo(1);
    assertThat(notVideo.err()).contains("colorize: error: " + text + " is not a video");
    assertThat(notVideo.err().lines().filter(l -> l.startsWith("colorize:"))).hasSize(1);

    Path empty = Files.createFile(dir.resolve("empty.avi"));
    Run zero = ColorizeCommandTest.run("video", empty.toString(), "-o",
        dir.resolve("out.mp4").toString());
    assertThat(zero.status()).isEqualTo(1);
    assertThat(zero.err()).contains("empty (0 bytes)");

    Path taken = Files.writeString(dir.resolve("taken.mp4"), "mine");
    Run exists = ColorizeCommandTest.run("video", clip.toString(), "-o", taken.toString());
    assertThat(exists.status()).isEqualTo(1);
    assertThat(exists.err()).contains("taken.mp4 exists (pass --force");
    assertThat(Files.readString(taken)).isEqualTo("mine");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("notes.mp4", "empty.avi", "taken.mp4");
    }
  }
}
