package io.github.colorize.cli.serve;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.github.colorize.Colorizer;
import io.github.colorize.cli.serve.ApiException.Code;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinGson;
import java.io.IOException;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code colorize serve}: the colorizer behind HTTP, on Javalin (Jetty). {@code GET /} is a page
 * to drop a photo on; {@code /api/} answers programs. See the README's "colorize serve" section
 * for the routes, and {@link ApiException.Code} for the errors.
 *
 * <pre>{@code
 * try (ColorizeServer server = new ColorizeServer(ServeConfig.builder().port(0).build(),
 *     Colorizer.builder().build(), size -> Colorizer.builder().inputSize(size).build())) {
 *   server.start();
 *   // ... server.url() ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} shuts down gracefully: new requests are refused, those in flight finish
 * (up to {@link ServeConfig#drainTimeout()}), then the colorizers are closed.
 */
public final class ColorizeServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ColorizeServer.class);
  /** The access log: one line per request. */
  private static final Logger ACCESS = LoggerFactory.getLogger("io.github.colorize.cli.serve.access");
  /** Uploads up to this size stay in memory; larger multipart parts go to the temp folder. */
  private static final int IN_MEMORY_PART_BYTES = 1 << 20;

  private final ServeConfig config;
  private final Colorizers colorizers;
  private final WorkLimiter limiter;
  private final UploadCache uploads;
  private final Path tempDir;
  private final Javalin app;
  private final CountDownLatch closed = new CountDownLatch(1);
  private boolean started;
  private boolean closing;

  /**
   * A server (not yet listening) that owns {@code colorizer} and the ones {@code sizes} builds.
   *
   * @param sizes builds a colorizer like {@code colorizer} for another network input size
   */
  public ColorizeServer(ServeConfig config, Colorizer colorizer, IntFunction<Colorizer> sizes) {
    this(config, colorizer, sizes, null);
  }

  /** As above, with a hook that runs before each unit of work (tests hold requests with it). */
  ColorizeServer(ServeConfig config, Colorizer colorizer, IntFunction<Colorizer> sizes,
      WorkLimiter.WorkHook hook) {
    this.config = checkNotNull(config, "config");
    this.colorizers = new Colorizers(colorizer, sizes);
    this.limiter = new WorkLimiter(config.maxConcurrent(), config.queue(), hook);
    this.uploads = new UploadCache(config.cacheBytes(), config.cacheTtl());
    try {
      this.tempDir = Files.createTempDirectory("colorize-serve-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder for uploads", e);
    }
    ColorizeApi api = new ColorizeApi(config, colorizers, limiter, uploads);
    StaticPage page = StaticPage.load();
    this.app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.startupWatcherEnabled = false;
      cfg.jsonMapper(new JavalinGson());
      cfg.jetty.defaultHost = config.host();
      cfg.jetty.defaultPort = config.port();
      cfg.jetty.multipartConfig.cacheDirectory(tempDir.toString());
      cfg.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
      cfg.jetty.multipartConfig.maxTotalRequestSize(config.maxUploadBytes() + 64 * 1024,
          SizeUnit.BYTES);
      cfg.jetty.multipartConfig.maxInMemoryFileSize(IN_MEMORY_PART_BYTES, SizeUnit.BYTES);
      // Jetty's StatisticsHandler (in Javalin's server) makes stop() wait for requests in flight.
      cfg.jetty.modifyServer(server -> server.setStopTimeout(config.drainTimeout().toMillis()));
      cfg.requestLogger.http(ColorizeServer::logAccess);
      cfg.http.prefer405over404 = true;
      // Requests Jetty turns away before routing (e.g. path traversal) get the JSON body too.
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
      cfg.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(
          new JsonErrorHandler()));
    });
    app.get("/", page::index);
    app.get("/app.js", page::script);
    app.get("/style.css", page::style);
    app.get("/api/health", this::health);
    app.get("/api/info", ctx -> ctx.json(ServerInfo.of(colorizers.main(), config)));
    app.post("/api/colorize", api::colorize);
    app.post("/api/uploads", api::upload);
    app.get("/api/uploads/{id}/lightness", api::lightness);
    app.get("/api/uploads/{id}/color", api::uploadColor);
    app.exception(ApiException.class, this::answer);
    app.exception(HttpResponseException.class, ColorizeServer::answerHttpError);
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      answer(new ApiException(Code.INTERNAL, "internal error: " + e), ctx);
    });
  }

  /** Starts listening; returns at once. */
  public synchronized ColorizeServer start() {
    checkState(!started, "already started");
    started = true;
    app.start();
    LOG.info("colorize serve: listening on {} ({} on {}, max {} concurrent, queue {})", url(),
        colorizers.main().backendName(), colorizers.main().device(), config.maxConcurrent(),
        config.queue());
    return this;
  }

  /** The port listened on (the free one chosen when the configuration said 0). */
  public int port() {
    return app.port();
  }

  /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
  public String url() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return "http://" + host + ":" + port() + "/";
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /** Requests that were admitted and not answered yet. */
  int admittedNow() {
    return limiter.admittedNow();
  }

  /** Uploads held for the page. */
  long uploadsHeld() {
    return uploads.size();
  }

  /** Where multipart uploads larger than 1 MiB are spooled while a request reads them. */
  Path tempDir() {
    return tempDir;
  }

  /**
   * Stops gracefully: refuses new work, lets requests in flight finish (up to the drain
   * timeout), stops listening, closes the colorizers and removes the temporary folder.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    try {
      limiter.drain();
      if (started) {
        LOG.info("colorize serve: stopping; {} request(s) in flight", requestsActive());
        awaitIdle();
        app.stop();
      }
      uploads.clear();
      colorizers.close();
      deleteTempDir();
      LOG.info("colorize serve: stopped");
    } finally {
      closed.countDown();
    }
  }

  /**
   * Waits until no request is in Jetty's handlers (answered, response written), up to the drain
   * timeout. Jetty's own graceful stop does not wait for a request whose body is still being
   * read, so the server keeps listening meanwhile and answers new work SHUTTING_DOWN.
   */
  private void awaitIdle() {
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    while (requestsActive() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (requestsActive() > 0) {
      LOG.warn("colorize serve: {} request(s) still in flight after {} s; stopping anyway",
          requestsActive(), config.drainTimeout().toSeconds());
    }
  }

  private int requestsActive() {
    StatisticsHandler stats = app.jettyServer().server()
        .getChildHandlerByClass(StatisticsHandler.class);
    return stats != null ? stats.getRequestsActive() : limiter.admittedNow();
  }

  private void health(Context ctx) {
    boolean ready = !limiter.draining() && !colorizers.main().isClosed();
    ctx.status(ready ? 200 : 503).json(new Health(ready ? "ready" : "shutting_down",
        limiter.admittedNow(), config.maxConcurrent() + config.queue()));
  }

  /** The body of GET /api/health. */
  record Health(String status, int requestsInFlight, int capacity) {}

  private void answer(ApiException e, Context ctx) {
    if (e.code() == Code.BUSY || e.code() == Code.SHUTTING_DOWN) {
      ctx.header("Retry-After", Long.toString(limiter.retryAfterSeconds()));
    }
    if (e.code().status >= 500) {
      LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
    } else {
      LOG.debug("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
    }
    ctx.status(e.code().status).json(e.body());
  }

  /**
   * Javalin's own error answers (no route, wrong method) in the API's JSON body; a 405 names
   * the methods the path takes in {@code Allow}, as HTTP asks.
   */
  private static void answerHttpError(HttpResponseException e, Context ctx) {
    String message = e.getMessage() + " (" + ctx.method() + " " + ctx.path() + ")";
    if (e.getStatus() == 405) {
      // Javalin lists the path's methods as the single detail of its 405.
      String allow = String.join(", ", e.getDetails().values().stream()
          .flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim)
          .filter(m -> !m.isEmpty()).toList());
      ctx.header("Allow", allow);
      message = ctx.method() + " is not allowed on " + ctx.path() + "; it takes " + allow;
    }
    ctx.status(e.getStatus()).json(new ApiException(Code.forStatus(e.getStatus()), message)
        .body());
  }

  private static void logAccess(Context ctx, Float millis) {
    String query = ctx.queryString();
    ACCESS.info(String.format(Locale.ROOT, "%s \"%s %s%s\" %d %.0f ms", ctx.ip(), ctx.method(),
        ctx.path(), query == null ? "" : "?" + query, ctx.statusCode(), millis));
  }

  private void deleteTempDir() {
    try (Stream<Path> files = Files.walk(tempDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("cannot delete {}: {}", p, e.toString());
        }
      });
    } catch (IOException e) {
      LOG.warn("cannot clean up {}: {}", tempDir, e.toString());
    }
  }

  /** The page's three files, read once from the class path. */
  private record StaticPage(byte[] html, byte[] js, byte[] css) {

    static StaticPage load() {
      return new StaticPage(read("index.html"), read("app.js"), read("style.css"));
    }

    private static byte[] read(String name) {
      try (InputStream in = ColorizeServer.class.getResourceAsStream("page/" + name)) {
        if (in == null) {
          throw new IllegalStateException("the page's " + name + " is missing from the class"
              + " path (io/github/colorize/cli/serve/page/)");
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void index(Context ctx) {
      ctx.contentType("text/html; charset=utf-8").result(html);
    }

    void script(Context ctx) {
      ctx.contentType("text/javascript; charset=utf-8").result(js);
    }

    void style(Context ctx) {
      ctx.contentType("text/css; charset=utf-8").result(css);
    }
  }
}
