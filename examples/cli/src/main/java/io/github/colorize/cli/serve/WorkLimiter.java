package io.github.colorize.cli.serve;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the work: at most {@code maxConcurrent} photos are worked on at once and at most
 * {@code queue} more requests wait; a request beyond that is turned away at once (503 with a
 * Retry-After estimate) instead of piling up threads and memory.
 */
final class WorkLimiter {

  /** Called when a request starts its work, before the photo is touched (for tests and logs). */
  interface WorkHook {
    void beforeWork() throws InterruptedException;
  }

  private final int maxConcurrent;
  private final int queue;
  private final Semaphore admitted;
  private final Semaphore workers;
  private final WorkHook hook;
  /** Mean seconds of one unit of work, as an exponential moving average (micros). */
  private final AtomicLong meanMicros = new AtomicLong(1_000_000);
  private volatile boolean draining;

  WorkLimiter(int maxConcurrent, int queue, WorkHook hook) {
    checkArgument(maxConcurrent > 0, "maxConcurrent is %s, expected > 0", maxConcurrent);
    checkArgument(queue >= 0, "queue is %s, expected >= 0", queue);
    this.maxConcurrent = maxConcurrent;
    this.queue = queue;
    this.admitted = new Semaphore(maxConcurrent + queue);
    this.workers = new Semaphore(maxConcurrent, true);
    this.hook = hook;
  }

  /**
   * Admits a request or turns it away; the returned permit must be closed when the request is
   * done (its body read or not).
   *
   * @throws ApiException BUSY when the workers and the queue are full, SHUTTING_DOWN after
   *     {@link #drain()}
   */
  Permit admit() {
    if (draining) {
      throw new ApiException(ApiException.Code.SHUTTING_DOWN,
          "the server is shutting down; try another instance or retry later");
    }
    if (!admitted.tryAcquire()) {
      throw new ApiException(ApiException.Code.BUSY, String.format(
          "the server is busy: %d photos in work and %d waiting (--max-concurrent %d, --queue"
              + " %d); retry after %d s", maxConcurrent, queue, maxConcurrent, queue,
          retryAfterSeconds()));
    }
    return new Permit();
  }

  /** Seconds after which a turned-away request may find room: the queue's expected wait. */
  long retryAfterSeconds() {
    double mean = meanMicros.get() / 1e6;
    return Math.max(1, (long) Math.ceil(mean * (queue + 1) / maxConcurrent));
  }

  /** Lets no new request in: they are answered SHUTTING_DOWN; those admitted go on. */
  void drain() {
    draining = true;
  }

  boolean draining() {
    return draining;
  }

  /** Requests admitted now (working or waiting). */
  int admittedNow() {
    return maxConcurrent + queue - admitted.availablePermits();
  }

  /** One admitted request. */
  final class Permit implements AutoCloseable {
    private boolean closed;

    private Permit() {}

    /** Runs {@code work} when a worker is free (waits in the queue until then). */
    <T> T work(Callable<T> work) throws Exception {
      workers.acquire();
      long start = System.nanoTime();
      try {
        if (hook != null) {
          hook.beforeWork();
        }
        return work.call();
      } finally {
        workers.release();
        long micros = (System.nanoTime() - start) / 1_000;
        meanMicros.updateAndGet(m -> (m * 7 + micros) / 8);
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        admitted.release();
      }
    }
  }
}
