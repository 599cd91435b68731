package io.github.colorize.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on stderr, so that stdout stays clean for results (e.g. --json). */
final class Progress {

  private Progress() {}

  static ProgressBar bar(String task, long total) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(
            new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(500).showSpeed().build();
  }

  /** A download's bar: MB done of the total, the rate and the time left. */
  static ProgressBar bytes(String task, long total, long done) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(
            new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
        .setUnit(" MB", 1_000_000).startsFrom(done, java.time.Duration.ZERO)
        .setUpdateIntervalMillis(500).showSpeed().build();
  }
}
