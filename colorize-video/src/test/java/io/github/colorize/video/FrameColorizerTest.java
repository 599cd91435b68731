package io.github.colorize.video;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.Colorizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FrameColorizerTest {

  static Colorizer colorizer;

  @BeforeAll
  static void open() {
    colorizer = Colorizer.builder().threads(2).build();
  }

  @AfterAll
  static void close() {
    colorizer.close();
  }

  /** A still scene with sensor noise, 16 frames. */
  private static List<VideoFrame> noisyStill(int seed) {
    List<VideoFrame> frames = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      frames.add(new VideoFrame(64, 48, Clips.noisy(Clips.scene(64, 48, seed, 0), 6, i),
          i * 40_000L));
    }
    return frames;
  }

  private static double flicker(List<int[]> frames) {
    FlickerMeter meter = new FlickerMeter();
    for (int[] f : frames) {
      meter.accept(f, 64, 48);
    }
    return meter.flicker();
  }

  @Test
  void smoothingCutsTheFlickerOfAStillNoisyScene() {
    List<VideoFrame> frames = noisyStill(3);
    List<int[]> plain = new ArrayList<>();
    List<int[]> smooth = new ArrayList<>();
    FrameColorizer off = new FrameColorizer(colorizer.pipeline(), TemporalOptions.off());
    FrameColorizer on = new FrameColorizer(colorizer.pipeline(), TemporalOptions.defaults());
    for (VideoFrame f : frames) {
      plain.addAll(off.colorize(List.of(f)));
      smooth.addAll(on.colorize(List.of(f)));
    }
    double plainFlicker = flicker(plain);
    double smoothFlicker = flicker(smooth);
    assertThat(smoothFlicker).isLessThan(plainFlicker / 2);
  }

  @Test
  void withoutSmoothingEachFrameIsThePhotoResult() {
    FrameColorizer off = new FrameColorizer(colorizer.pipeline(), TemporalOptions.off());
    List<VideoFrame> frames = noisyStill(4).subList(0, 3);
    List<int[]> out = off.colorize(frames);
    for (int i = 0; i < frames.size(); i++) {
      int[] photo = colorizer.pipeline().colorize(io.github.colorize.image.Photo.ofArgb(64, 48,
          frames.get(i).argb(), false, "photo"));
      assertThat(out.get(i)).containsExactly(photo);
    }
  }

  @Test
  void batchesGiveTheSameFramesAsOneAtATime() {
    List<VideoFrame> frames = noisyStill(5).subList(0, 6);
    FrameColorizer single = new FrameColorizer(colorizer.pipeline(), TemporalOptions.defaults());
    FrameColorizer batched = new FrameColorizer(colorizer.pipeline(), TemporalOptions.defaults());
    List<int[]> a = new ArrayList<>();
    for (VideoFrame f : frames) {
      a.addAll(single.colorize(List.of(f)));
    }
    List<int[]> b = new ArrayList<>(batched.colorize(frames.subList(0, 4)));
    b.addAll(batched.colorize(frames.subList(4, 6)));
    for (int i = 0; i < frames.size(); i++) {
      int[] x = a.get(i);
      int[] y = b.get(i);
      int maxDiff = 0;
      for (int p = 0; p < x.length; p++) {
        for (int s = 0; s < 24; s += 8) {
          maxDiff = Math.max(maxDiff, Math.abs((x[p] >> s & 0xff) - (y[p] >> s & 0xff)));
        }
      }
      // The engine may sum a batch in another order: at most a level of rounding.
      assertThat(maxDiff).as("frame %s", i).isLessThanOrEqualTo(1);
    }
  }
}
