package io.github.colorize.color;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.stream.IntStream;

/**
 * Runs a loop over {@code [0, n)} in contiguous ranges, in parallel when the loop is large.
 *
 * <p>The ranges run on the {@link java.util.concurrent.ForkJoinPool} of the calling thread: the
 * common pool (every core) unless the caller runs inside its own pool, which is how a caller bounds
 * the threads ({@code new ForkJoinPool(2).submit(() -> ...).join()}). Loops of at most one grain
 * run on the calling thread alone, so small images pay no scheduling cost.
 */
public final class ParallelLoop {

  /** The body of a loop over a range of indices. */
  @FunctionalInterface
  public interface RangeBody {
    /** Processes the indices {@code [from, to)}. */
    void run(int from, int to);
  }

  private ParallelLoop() {}

  /**
   * Calls {@code body} on consecutive ranges of at most {@code grain} indices covering
   * {@code [0, n)}, in parallel when there is more than one range. An exception thrown by the body
   * propagates to the caller (from another thread it may arrive wrapped in one of the same type).
   *
   * @param n number of indices, >= 0
   * @param grain largest range handed to one call, >= 1
   * @param body the work
   */
  public static void forRange(int n, int grain, RangeBody body) {
    checkArgument(n >= 0, "n is %s, expected >= 0", n);
    checkArgument(grain >= 1, "grain is %s, expected >= 1", grain);
    checkNotNull(body, "body");
    if (n <= grain) {
      if (n > 0) {
        body.run(0, n);
      }
      return;
    }
    int tasks = (int) ((n + (long) grain - 1) / grain);
    IntStream.range(0, tasks).parallel().forEach(t -> {
      int from = t * grain;
      body.run(from, (int) Math.min(n, (long) from + grain));
    });
  }
}
