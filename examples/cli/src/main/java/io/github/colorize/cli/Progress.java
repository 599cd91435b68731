package io.github.colorize.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on stderr, so that stdout stays clean for results (e.g. --json). */
final class Progress {

  private Progress() {}

  /** A bar counting {@code unit}s (e.g. " frames"), with their rate and the time left. */
  static ProgressBar bar(String task, long total, String unit) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(
            new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(500).setUnit(unit, 1).showSpeed().build();
  }

  static ProgressBar bar(String task, long total) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(
            new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(500).showSpeed().build();
  }
}
