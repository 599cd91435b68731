package io.github.colorize.video;

import java.nio.file.Path;

/** Colorizes args[0] into args[1] in a JVM of its own, for {@link InterruptionTest}. */
public final class InterruptChild {

  private InterruptChild() {}

  public static void main(String[] args) throws Exception {
    try (VideoColorizer video = VideoColorizer.builder().threads(1).build()) {
      video.colorize(Path.of(args[0]), Path.of(args[1]));
    }
  }
}
