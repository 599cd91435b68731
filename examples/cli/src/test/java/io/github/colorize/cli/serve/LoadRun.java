package io.github.colorize.cli.serve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load run against a running {@code colorize serve} (not a unit test). First it measures the
 * capacity with {@code maxConcurrent} clients in a closed loop, then it sends requests at twice
 * that rate (open loop, arrivals on a clock) for the given time, and prints photos/s, p50/p99
 * latency of the answered photos, the 503 share, other errors and the server's RSS.
 *
 * <pre>
 * java -jar examples/cli/target/colorize.jar serve --port 8090 --max-concurrent 2 --queue 4 &amp;
 * java -cp CLASSPATH io.github.colorize.cli.serve.LoadRun http://127.0.0.1:8090/ PID 2 120 \
 *     examples/images/*.jpg
 * </pre>
 *
 * Arguments: URL, server PID (for RSS), max-concurrent of the server, seconds, photo files.
 */
public final class LoadRun {

  private record Result(int status, long nanos) {}

  private LoadRun() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    long pid = Long.parseLong(args[1]);
    int workers = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    List<byte[]> photos = new ArrayList<>();
    for (int i = 4; i < args.length; i++) {
      photos.add(Files.readAllBytes(Path.of(args[i])));
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newFixedThreadPool(8)).build();
    URI api = URI.create(url + "api/colorize?format=jpg");
    System.out.printf(Locale.ROOT, "server RSS at start: %d MiB%n", rssMib(pid));

    // 1. Capacity: `workers` clients back to back for a fifth of the run (at least 15 s).
    int warm = Math.max(15, seconds / 5);
    List<Result> closed = closedLoop(http, api, photos, workers, warm);
    double capacity = closed.stream().filter(r -> r.status == 200).count() / (double) warm;
    System.out.printf(Locale.ROOT, "capacity (closed loop, %d clients, %d s): %.2f photos/s%n",
        workers, warm, capacity);

    // 2. Twice the capacity, arrivals on a clock, for `seconds`.
    double rate = 2 * capacity;
    long periodMicros = (long) (1e6 / rate);
    ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
    AtomicInteger errors = new AtomicInteger();
    ExecutorService senders = Executors.newCachedThreadPool();
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger sent = new AtomicInteger();
    long start = System.nanoTime();
    clock.scheduleAtFixedRate(() -> {
      int n = sent.getAndIncrement();
      long arrival = System.nanoTime();
      senders.submit(() -> {
        try {
          int status = send(http, api, photos.get(n % photos.size()));
          results.add(new Result(status, System.nanoTime() - arrival));
        } catch (IOException | InterruptedException e) {
          errors.incrementAndGet();
        }
      });
    }, 0, periodMicros, TimeUnit.MICROSECONDS);
    long rssMid = 0;
    for (int s = 0; s < seconds; s++) {
      Thread.sleep(1000);
      if (s == seconds / 2) {
        rssMid = rssMib(pid);
      }
    }
    clock.shutdownNow();
    senders.shutdown();
    senders.awaitTermination(5, TimeUnit.MINUTES);
    double elapsed = (System.nanoTime() - start) / 1e9;

    List<Long> ok = new ArrayList<>();
    int busy = 0;
    int other = 0;
    for (Result r : results) {
      if (r.status == 200) {
        ok.add(r.nanos);
      } else if (r.status == 503) {
        busy++;
      } else {
        other++;
      }
    }
    Collections.sort(ok);
    int total = results.size() + errors.get();
    System.out.printf(Locale.ROOT, "offered: %.2f requests/s for %d s (%d sent)%n", rate,
        seconds, sent.get());
    System.out.printf(Locale.ROOT, "answered photos: %d = %.2f photos/s over %.0f s%n",
        ok.size(), ok.size() / elapsed, elapsed);
    System.out.printf(Locale.ROOT, "latency of answered photos: p50 %.0f ms, p99 %.0f ms%n",
        percentile(ok, 0.50), percentile(ok, 0.99));
    System.out.printf(Locale.ROOT, "503 busy: %d of %d = %.1f%%; other statuses: %d;"
        + " transport errors: %d%n", busy, total, 100.0 * busy / Math.max(1, total), other,
        errors.get());
    System.out.printf(Locale.ROOT, "server RSS: mid-run %d MiB, end %d MiB%n", rssMid,
        rssMib(pid));
    System.exit(0);
  }

  private static List<Result> closedLoop(HttpClient http, URI api, List<byte[]> photos,
      int clients, int seconds) throws InterruptedException {
    ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int offset = c;
      Thread t = new Thread(() -> {
        for (int n = offset; System.nanoTime() < end; n += clients) {
          long t0 = System.nanoTime();
          try {
            results.add(new Result(send(http, api, photos.get(n % photos.size())),
                System.nanoTime() - t0));
          } catch (IOException | InterruptedException e) {
            return;
          }
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    return new ArrayList<>(results);
  }

  private static int send(HttpClient http, URI api, byte[] photo)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(api).timeout(Duration.ofMinutes(2))
        .header("Content-Type", "image/jpeg")
        .POST(HttpRequest.BodyPublishers.ofByteArray(photo)).build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
    return sorted.get(Math.max(0, i)) / 1e6;
  }

  private static long rssMib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }
}
