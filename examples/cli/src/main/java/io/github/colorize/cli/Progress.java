package io.github.colorize.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on stderr, so that stdout stays clean for results (e.g. --json): a bar redrawn in
 * place on a terminal; elsewhere (a log file, a pipe) no bar, but one plain line every
 * {@link #LINE_INTERVAL} for long runs (a short run shows only its command's summary).
 */
final class Progress {

  /** How often a run whose stderr is no terminal reports its progress. */
  static final Duration LINE_INTERVAL = Duration.ofSeconds(30);

  private Progress() {}

  /** A bar counting {@code unit}s (e.g. " frames"), with their rate and the time left. */
  static ProgressBar bar(String task, long total, String unit) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(
            new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(500).setUnit(unit, 1).showSpeed().build();
  }

  static ProgressBar bar(String task, long total) {
    ProgressBarConsumer consumer = stderrIsTerminal()
        ? new ConsoleProgressBarConsumer(System.err) : new Lines(System.err, LINE_INTERVAL);
    return bar(task, total, consumer, 500);
  }

  /** A bar drawn by {@code consumer}, updated every {@code updateMillis}. */
  static ProgressBar bar(String task, long total, ProgressBarConsumer consumer,
      int updateMillis) {
    // "0.5/s", not the library's default "#.#" pattern's ".5/s".
    DecimalFormat rate = new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT));
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(consumer)
        .setUpdateIntervalMillis(updateMillis).showSpeed(rate).build();
  }

  /**
   * Whether stderr is a terminal. Java cannot ask that of one stream: on Linux stderr's file
   * descriptor is looked at; elsewhere the console (stdin and stdout) stands in for it.
   */
  static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.exists(fd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return false;
      }
    }
    return System.console() != null;
  }

  /** The bar as a plain line (no carriage return, no redraw) at most once per interval. */
  static final class Lines implements ProgressBarConsumer {
    private final PrintStream out;
    private final long intervalNanos;
    private long last = System.nanoTime();

    Lines(PrintStream out, Duration interval) {
      this.out = out;
      this.intervalNanos = interval.toNanos();
    }

    @Override
    public int getMaxRenderedLength() {
      return 100;
    }

    @Override
    public void accept(String rendered) {
      long now = System.nanoTime();
      if (now - last >= intervalNanos) {
        last = now;
        out.println(rendered.strip());
        out.flush();
      }
    }

    @Override
    public void clear() {}

    @Override
    public void close() {}
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
