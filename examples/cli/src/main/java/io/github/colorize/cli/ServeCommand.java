package io.github.colorize.cli;

import io.github.colorize.Colorizer;
import io.github.colorize.cli.serve.ColorizeServer;
import io.github.colorize.cli.serve.ServeConfig;
import io.github.colorize.cli.serve.ShutdownSignals;
import io.github.colorize.image.ImageDecoder;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code colorize serve}: the colorizer as an HTTP service with a page to drop photos on. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serves a page to colorize photos in a browser (GET /) and an HTTP API: "
        + "POST /api/colorize, GET /api/info, GET /api/health. Stops gracefully on SIGTERM "
        + "or Ctrl-C: requests in flight finish.", ""},
    footer = {"", "Examples:",
        "  colorize serve                               http://127.0.0.1:8080/",
        "  colorize serve --host 0.0.0.0 --port 9000 --max-concurrent 2 --queue 8",
        "  curl -sS --data-binary @old.jpg -H 'Content-Type: image/jpeg' \\",
        "       'http://127.0.0.1:8080/api/colorize?format=jpg' -o old-color.jpg"})
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
      description = "Port (default: ${DEFAULT-VALUE}; 0 for a free one).")
  int port;

  @Option(names = "--max-upload-mb", paramLabel = "MB", defaultValue = "50",
      description = "Largest upload accepted, in MiB (default: ${DEFAULT-VALUE}); larger ones "
          + "are answered 413.")
  int maxUploadMb;

  @Option(names = "--max-megapixels", paramLabel = "MP", defaultValue = "50",
      description = "Most pixels an uploaded image may have, in millions (default: "
          + "${DEFAULT-VALUE}); larger ones are answered 413 before they are decoded.")
  double maxMegapixels;

  @Option(names = "--max-concurrent", paramLabel = "N",
      description = "Photos worked on at once (default: the number of cores).")
  Integer maxConcurrent;

  @Option(names = "--queue", paramLabel = "N", defaultValue = "16",
      description = "Requests that may wait for a worker (default: ${DEFAULT-VALUE}); more "
          + "are answered 503 with Retry-After.")
  int queue;

  @Option(names = "--cache-mb", paramLabel = "MB", defaultValue = "256",
      description = "Memory for the page's uploads kept for the temperature slider, in MiB "
          + "(default: ${DEFAULT-VALUE}); each is kept 10 minutes after its last use.")
  int cacheMb;

  @Mixin
  ColorizerOptions colorizer;

  @Mixin
  Verbosity verbosity;

  @Override
  public Integer call() throws Exception {
    ServeConfig.Builder config = ServeConfig.builder().host(host).port(port)
        .maxUploadBytes((long) maxUploadMb << 20)
        .maxPixels(Math.max(1, (long) (maxMegapixels * 1e6))).queue(queue)
        .cacheBytes((long) cacheMb << 20).cacheTtl(Duration.ofMinutes(10));
    if (maxConcurrent != null) {
      config.maxConcurrent(maxConcurrent);
    }
    ServeConfig cfg = config.build();
    if (cfg.maxPixels() > ImageDecoder.DEFAULT_MAX_PIXELS) {
      throw new IllegalArgumentException("--max-megapixels is " + maxMegapixels
          + ", expected at most " + ImageDecoder.DEFAULT_MAX_PIXELS / 1_000_000);
    }
    ColorizeServer server = new ColorizeServer(cfg, colorizer.build(), size -> colorizer.builder().inputSize(size).build());
    ShutdownSignals.onTerminate(server::close);
    // For other ways the JVM may end (System.exit elsewhere, SIGHUP): best effort.
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "colorize-serve-shutdown"));
    server.start();
    System.out.println("colorize serve: listening on " + server.url()
        + " (Ctrl-C or SIGTERM stops it)");
    System.out.flush();
    server.awaitClosed();
    return 0;
  }
}
