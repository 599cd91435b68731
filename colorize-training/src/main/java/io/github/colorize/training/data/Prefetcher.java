package io.github.colorize.training.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Builds the next batches on background threads while the network trains on the current one,
 * and hands them out in iteration order whatever thread finished first.
 */
public final class Prefetcher implements AutoCloseable {

  private final BatchSource source;
  private final UnaryOperator<TrainingBatch> stage;
  private final ExecutorService workers;
  private final Deque<Future<TrainingBatch>> pending = new ArrayDeque<>();
  private final int depth;
  private long nextToSubmit;

  /**
   * @param source makes the batches
   * @param firstIteration the iteration of the first batch {@link #next()} returns
   * @param threads loader threads
   * @param depth batches built ahead
   */
  public Prefetcher(BatchSource source, long firstIteration, int threads, int depth) {
    this(source, UnaryOperator.identity(), firstIteration, threads, depth);
  }

  /**
   * @param source makes the batches
   * @param stage applied to each batch on the loader thread (e.g. a frozen encoder)
   * @param firstIteration the iteration of the first batch {@link #next()} returns
   * @param threads loader threads
   * @param depth batches built ahead
   */
  public Prefetcher(BatchSource source, UnaryOperator<TrainingBatch> stage, long firstIteration,
      int threads, int depth) {
    this.source = checkNotNull(source, "source");
    this.stage = checkNotNull(stage, "stage");
    checkArgument(firstIteration >= 0, "first iteration is %s, expected >= 0", firstIteration);
    checkArgument(threads >= 1, "loader threads is %s, expected >= 1", threads);
    checkArgument(depth >= 1, "prefetch depth is %s, expected >= 1", depth);
    AtomicInteger count = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "colorize-loader-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.depth = depth;
    this.nextToSubmit = firstIteration;
    for (int i = 0; i < depth; i++) {
      submit();
    }
  }

  private void submit() {
    long iteration = nextToSubmit++;
    pending.addLast(workers.submit(() -> stage.apply(source.batch(iteration))));
  }

  /** The next batch, in iteration order; blocks until it is built. */
  public TrainingBatch next() throws InterruptedException {
    Future<TrainingBatch> head = pending.removeFirst();
    submit();
    try {
      return head.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("building a training batch failed", cause);
    }
  }

  /** Batches built ahead. */
  public int depth() {
    return depth;
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
