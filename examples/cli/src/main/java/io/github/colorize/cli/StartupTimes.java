package io.github.colorize.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Where a run's wall time goes, for {@code --verbose}: the JVM's start to {@code main}, then each
 * step marked, logged at debug once the run is done. Marking costs a {@link System#nanoTime()}.
 */
final class StartupTimes {

  private static final int MAX_STEPS = 8;
  private static final List<String> STEPS = new ArrayList<>();
  private static long last;
  private static long mainNanos;
  private static Duration jvmToMain;

  private StartupTimes() {}

  /** Called first thing in {@code main}. */
  static synchronized void mainEntered() {
    mainNanos = System.nanoTime();
    last = mainNanos;
    jvmToMain = ProcessHandle.current().info().startInstant()
        .map(start -> Duration.between(start, Instant.now())).orElse(null);
  }

  /** Records the time since the previous mark under {@code step}. */
  static synchronized void mark(String step) {
    if (mainNanos == 0) {
      return; // not started through main (tests): nothing to report
    }
    long now = System.nanoTime();
    // The start-up is the point; a long batch's photos are not all listed.
    if (STEPS.size() < MAX_STEPS) {
      STEPS.add(String.format(Locale.ROOT, "%s %d ms", step, (now - last) / 1_000_000));
    }
    last = now;
  }

  /** Runs {@code work} and marks it. */
  static <T> T marked(String step, Supplier<T> work) {
    T result = work.get();
    mark(step);
    return result;
  }

  /** Logs the steps at debug. */
  static synchronized void log() {
    if (mainNanos == 0) {
      return;
    }
    LoggerFactory.getLogger(StartupTimes.class).debug("times: JVM start to main {}; {}; total"
        + " since main {} ms", jvmToMain == null ? "unknown" : jvmToMain.toMillis() + " ms",
        String.join(", ", STEPS), (System.nanoTime() - mainNanos) / 1_000_000);
  }
}
