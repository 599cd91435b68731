package io.github.colorize.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input fails with one clear message and leaves nothing under the output's name. */
class VideoErrorsTest {

  static VideoColorizer video;

  @BeforeAll
  static void open() {
    video = VideoColorizer.builder().threads(2).build();
  }

  @AfterAll
  static void close() {
    video.close();
  }

  private static void assertNothingWritten(Path dir, String... kept) throws Exception {
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(kept);
    }
  }

  @Test
  void aTextFileIsNotAVideo(@TempDir Path dir) throws Exception {
    Path in = Files.writeString(dir.resolve("notes.mp4"), "these are not frames\n".repeat(50));
    assertThatThrownBy(() -> video.colorize(in, dir.resolve("out.mp4")))
        .isInstanceOf(VideoFormatException.class)
        .hasMessageContaining(in.toString()).hasMessageContaining("not a video");
    assertNothingWritten(dir, "notes.mp4");
  }

  @Test
  void aPhotoIsNotAVideo(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("photo.png");
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(16, 16,
        java.awt.image.BufferedImage.TYPE_INT_RGB), "png", in.toFile());
    assertThatThrownBy(() -> video.colorize(in, dir.resolve("out.mp4")))
        .isInstanceOf(VideoFormatException.class)
        .hasMessageContaining(in.toString()).hasMessageContaining("still picture");
    assertNothingWritten(dir, "photo.png");
  }

  @Test
  void aFileWithoutAVideoStream(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("sound.m4a");
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(in.toFile(), 1)) {
      r.setFormat("mp4");
      r.setAudioCodecName("aac");
      r.setSampleRate(Clips.SAMPLE_RATE);
      r.start();
      r.recordSamples(Clips.SAMPLE_RATE, 1, ShortBuffer.wrap(new short[Clips.SAMPLE_RATE]));
      r.stop();
    }
    assertThatThrownBy(() -> video.colorize(in, dir.resolve("out.mp4")))
        .isInstanceOf(VideoFormatException.class)
        .hasMessageContaining(in.toString()).hasMessageContaining("no video stream")
        .hasMessageContaining("aac");
    assertNothingWritten(dir, "sound.m4a");
  }

  @Test
  void aVideoCodecFfmpegCannotDecode(@TempDir Path dir) throws Exception {
    Path good = Clips.mp4(dir.resolve("good.mp4"), 32, 32, 4, 10, false,
        i -> Clips.scene(32, 32, 1, i));
    // The same file with its sample entry renamed from H.264 ('avc1') to MPEG-5 EVC ('evc1'),
    // which the demuxer knows and this FFmpeg build has no decoder for.
    byte[] bytes = Files.readAllBytes(good);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("avc1", text.indexOf("stsd"));
    assertThat(at).isPositive();
    ByteBuffer.wrap(bytes).put(at, "evc1".getBytes(StandardCharsets.ISO_8859_1));
    Path in = Files.write(dir.resolve("odd.mp4"), bytes);
    Files.delete(good);
    assertThatThrownBy(() -> video.colorize(in, dir.resolve("out.mp4")))
        .isInstanceOf(VideoFormatException.class)
        .hasMessageContaining(in.toString()).hasMessageContaining("cannot be decoded");
    assertNothingWritten(dir, "odd.mp4");
  }

  @Test
  void anEmptyFile(@TempDir Path dir) throws Exception {
    Path in = Files.createFile(dir.resolve("empty.mp4"));
    assertThatThrownBy(() -> video.colorize(in, dir.resolve("out.mp4")))
        .isInstanceOf(VideoFormatException.class)
        .hasMessage(in + " is empty (0 bytes), expected a video file");
    assertNothingWritten(dir, "empty.mp4");
  }

  @Test
  void aMissingFile(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> video.colorize(dir.resolve("gone.mp4"), dir.resolve("out.mp4")))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("gone.mp4");
    assertNothingWritten(dir);
  }

  @Test
  void anExistingOutputIsKeptUnlessReplaced(@TempDir Path dir) throws Exception {
    Path in = Clips.mp4(dir.resolve("in.mp4"), 32, 32, 3, 10, false,
        i -> Clips.scene(32, 32, 1, i));
    Path out = Files.writeString(dir.resolve("out.mp4"), "mine");
    assertThatThrownBy(() -> video.colorize(in, out))
        .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("out.mp4")
        .hasMessageContaining("--force");
    assertThat(Files.readString(out)).isEqualTo("mine");
    assertNothingWritten(dir, "in.mp4", "out.mp4");

    video.colorize(in, out, StandardCopyOption.REPLACE_EXISTING);
    assertThat(VideoInfo.probe(out).width()).isEqualTo(32);
    assertNothingWritten(dir, "in.mp4", "out.mp4");
  }

  @Test
  void anUnwritableOutputFolder(@TempDir Path dir) throws Exception {
    Path in = Clips.mp4(dir.resolve("in.mp4"), 32, 32, 3, 10, false,
        i -> Clips.scene(32, 32, 1, i));
    Path folder = Files.createDirectory(dir.resolve("locked"));
    folder.toFile().setWritable(false, false);
    // root writes anywhere it may; sysfs refuses new files even to root.
    boolean root = Files.isWritable(folder);
    Path target = root ? Path.of("/sys/colorized.mp4") : folder.resolve("out.mp4");
    try {
      assertThatThrownBy(() -> video.colorize(in, target))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining(target.getParent().toString())
          .hasMessageContaining("cannot be written");
      assertThat(target).doesNotExist();
      assertNothingWritten(folder);
    } finally {
      folder.toFile().setWritable(true, false);
    }
  }

  @Test
  void aMissingOutputFolder(@TempDir Path dir) throws Exception {
    Path in = Clips.mp4(dir.resolve("in.mp4"), 32, 32, 3, 10, false,
        i -> Clips.scene(32, 32, 1, i));
    assertThatThrownBy(() -> video.colorize(in, dir.resolve("no/such/out.mp4")))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("does not exist");
  }

  @Test
  void audioTheContainerCannotHoldFailsBeforeAnyFrame(@TempDir Path dir) throws Exception {
    Path in = Clips.mp4(dir.resolve("in.mp4"), 32, 32, 3, 10, true,
        i -> Clips.scene(32, 32, 1, i));
    assertThatThrownBy(() -> video.colorize(in, dir.resolve("out.webm")))
        .hasMessageContaining("the audio of " + in + " (aac) cannot be copied into a .webm")
        .hasMessageContaining(".mkv");
    assertNothingWritten(dir, "in.mp4");
  }

  @Test
  void anUnknownOutputExtension(@TempDir Path dir) throws Exception {
    Path in = Clips.mp4(dir.resolve("in.mp4"), 32, 32, 3, 10, false,
        i -> Clips.scene(32, 32, 1, i));
    assertThatThrownBy(() -> video.colorize(in, dir.resolve("out.gif")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'gif'")
        .hasMessageContaining("mp4, m4v, mov, mkv, avi, webm");
    assertNothingWritten(dir, "in.mp4");
  }
}
