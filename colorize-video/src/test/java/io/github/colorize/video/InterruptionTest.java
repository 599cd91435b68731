package io.github.colorize.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job stopped half-way (SIGTERM, as Ctrl-C's SIGINT: the JVM's shutdown hooks run). */
class InterruptionTest {

  @Test
  void aStoppedJobLeavesNothingUnderTheOutputsName(@TempDir Path dir) throws Exception {
    Path in = Clips.mp4(dir.resolve("in.mp4"), 160, 120, 250, 25, true,
        i -> Clips.scene(160, 120, 1, i * 0.25));
    Path out = dir.resolve("out.mp4");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", classpath,
        InterruptChild.class.getName(), in.toString(), out.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    try {
      // Wait until frames are being written into the hidden file.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Path partial = null;
      while (partial == null && System.nanoTime() < deadline && child.isAlive()) {
        try (var files = Files.list(dir)) {
          partial = files.filter(p -> p.getFileName().toString().startsWith(".out.mp4."))
              .filter(p -> p.toFile().length() > 0).findFirst().orElse(null);
        }
        Thread.sleep(50);
      }
      assertThat(partial).as("a hidden partial file while the child runs; child log: %s",
          Files.readString(dir.resolve("child.log"))).isNotNull();
      child.destroy();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("in.mp4", "child.log");
    }
  }
}
