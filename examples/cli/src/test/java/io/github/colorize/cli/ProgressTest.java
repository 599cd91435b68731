package io.github.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

/** Progress away from a terminal: plain lines, and rates written as 0.5/s, not .5/s. */
class ProgressTest {

  @Test
  void withoutATerminalTheBarIsPlainLinesWithReadableRates() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (ProgressBar bar = Progress.bar("colorize", 10,
        new Progress.Lines(out, Duration.ZERO), 20)) {
      Thread.sleep(2200); // one photo in over 2 s: a rate below 1/s
      bar.step();
      Thread.sleep(100);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\r").contains("colorize").contains("1/10")
        .containsPattern("\\b0\\.\\d/s").doesNotContainPattern("[^0-9]\\.\\d/s");
  }

  @Test
  void linesAreWrittenAtMostOncePerInterval() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Progress.Lines lines = new Progress.Lines(out, Duration.ofHours(1));
    lines.accept("colorize 10% 1/10");
    lines.accept("colorize 20% 2/10");
    lines.close();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
