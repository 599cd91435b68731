package io.github.colorize.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelLoopTest {

  @Test
  void coversEveryIndexExactlyOnce() {
    for (int n : new int[] {0, 1, 7, 100, 1000, 12_345}) {
      AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(n, 1));
      ParallelLoop.forRange(n, 64, (from, to) -> {
        assertThat(to - from).isBetween(1, 64);
        for (int i = from; i < to; i++) {
          seen.incrementAndGet(i);
        }
      });
      for (int i = 0; i < n; i++) {
        assertThat(seen.get(i)).as("index %s of %s", i, n).isEqualTo(1);
      }
    }
  }

  @Test
  void smallLoopsStayOnTheCallingThread() {
    Thread caller = Thread.currentThread();
    ParallelLoop.forRange(100, 100, (from, to) -> assertThat(Thread.currentThread()).isSameAs(caller));
  }

  @Test
  void runsInTheCallersPool() throws Exception {
    ForkJoinPool pool = new ForkJoinPool(2);
    try {
      Set<Thread> threads = ConcurrentHashMap.newKeySet();
      pool.submit(() -> ParallelLoop.forRange(1000, 1, (from, to) -> threads.add(
          Thread.currentThread()))).get();
      assertThat(threads).isNotEmpty().allMatch(t -> pool.equals(
          t instanceof java.util.concurrent.ForkJoinWorkerThread w ? w.getPool() : null));
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> ParallelLoop.forRange(-1, 1, (f, t) -> { }))
        .hasMessage("n is -1, expected >= 0");
    assertThatThrownBy(() -> ParallelLoop.forRange(1, 0, (f, t) -> { }))
        .hasMessage("grain is 0, expected >= 1");
  }
}
