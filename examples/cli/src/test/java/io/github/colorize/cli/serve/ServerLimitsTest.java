package io.github.colorize.cli.serve;

import static io.github.colorize.cli.serve.ServeTestSupport.get;
import static io.github.colorize.cli.serve.ServeTestSupport.json;
import static io.github.colorize.cli.serve.ServeTestSupport.photoPng;
import static io.github.colorize.cli.serve.ServeTestSupport.post;
import static io.github.colorize.cli.serve.ServeTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.Colorizer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The work limit and the graceful stop, made deterministic with a hook that holds the first
 * request inside its work until the test lets it go.
 */
class ServerLimitsTest {

  private static byte[] photo;

  @BeforeAll
  static void photo() throws IOException {
    photo = photoPng("sisters-1850s.jpg", 200);
  }

  /** Holds every request that starts work until {@link #release()}; counts those that started. */
  private static final class Gate implements WorkLimiter.WorkHook {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch released = new CountDownLatch(1);

    @Override
    public void beforeWork() throws InterruptedException {
      entered.countDown();
      released.await();
    }

    void release() {
      released.countDown();
    }
  }

  private static ColorizeServer server(int queue, Gate gate) {
    ServeConfig config = ServeConfig.builder().port(0).maxConcurrent(1).queue(queue).build();
    return new ColorizeServer(config, ServeTestSupport.colorizer(),
        size -> Colorizer.builder().inputSize(size).build(), gate).start();
  }

  private static CompletableFuture<HttpResponse<byte[]>> postAsync(String url) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return post(url + "api/colorize", photo, "image/png");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void aFullQueueIsAnswered503WithRetryAfter() throws Exception {
    Gate gate = new Gate();
    try (ColorizeServer server = server(1, gate)) {
      String url = server.url();
      CompletableFuture<HttpResponse<byte[]>> working = postAsync(url);
      assertThat(gate.entered.await(60, TimeUnit.SECONDS)).isTrue();
      // One worker busy: the next request waits in the queue of 1...
      CompletableFuture<HttpResponse<byte[]>> waiting = postAsync(url);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (server.admittedNow() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(server.admittedNow()).isEqualTo(2);
      // ... and the one after that is turned away at once.
      HttpResponse<byte[]> busy = post(url + "api/colorize", photo, "image/png");
      assertThat(busy.statusCode()).as(text(busy)).isEqualTo(503);
      assertThat(json(busy).get("error").getAsString()).isEqualTo("busy");
      assertThat(busy.headers().firstValue("Retry-After")).hasValueSatisfying(
          v -> assertThat(Long.parseLong(v)).isPositive());
      // Health stays answerable while the workers are busy.
      assertThat(get(url + "api/health").statusCode()).isEqualTo(200);

      gate.release();
      assertThat(working.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(waiting.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(server.admittedNow()).isZero();
      assertThat(post(url + "api/colorize", photo, "image/png").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void queueZeroTurnsAwayTheSecondRequest() throws Exception {
    Gate gate = new Gate();
    try (ColorizeServer server = server(0, gate)) {
      CompletableFuture<HttpResponse<byte[]>> working = postAsync(server.url());
      assertThat(gate.entered.await(60, TimeUnit.SECONDS)).isTrue();
      HttpResponse<byte[]> busy = post(server.url() + "api/uploads", photo, "image/png");
      assertThat(busy.statusCode()).isEqualTo(503);
      assertThat(busy.headers().firstValue("Retry-After")).isPresent();
      gate.release();
      assertThat(working.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void closeLetsTheRequestInFlightFinishAndThenStopsListening() throws Exception {
    Gate gate = new Gate();
    ColorizeServer server = server(4, gate);
    String url = server.url();
    CompletableFuture<HttpResponse<byte[]>> working = postAsync(url);
    assertThat(gate.entered.await(60, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    Thread.sleep(300);
    assertThat(closing).isNotDone();
    gate.release();
    HttpResponse<byte[]> answer = working.get(60, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).as(text(answer)).isEqualTo(200);
    assertThat(ServeTestSupport.read(answer.body()).getWidth()).isEqualTo(200);
    closing.get(60, TimeUnit.SECONDS);
    assertThatThrownBy(() -> get(url + "api/health")).isInstanceOf(ConnectException.class);
    assertThat(server.tempDir()).doesNotExist();
  }
}
