package io.github.colorize.cli.serve;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;

/**
 * How {@link ColorizeServer} listens and what it accepts.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1}
 * @param port the port, 0 for a free one
 * @param maxUploadBytes the largest upload body accepted (413 above)
 * @param maxPixels the most pixels an uploaded image may have (413 above)
 * @param maxConcurrent photos worked on at once
 * @param queue requests that may wait for a worker; more are answered 503
 * @param cacheBytes what the page's uploads (their predicted distributions) may hold in memory
 * @param cacheTtl how long an upload is kept after its last use
 * @param drainTimeout how long a shutdown waits for requests in flight
 */
public record ServeConfig(String host, int port, long maxUploadBytes, long maxPixels,
    int maxConcurrent, int queue, long cacheBytes, Duration cacheTtl, Duration drainTimeout) {

  /** Checks the values. */
  public ServeConfig {
    checkNotNull(host, "host");
    checkArgument(port >= 0 && port <= 65_535, "port is %s, expected 0 to 65535", port);
    checkArgument(maxUploadBytes > 0 && maxUploadBytes <= Integer.MAX_VALUE - 8,
        "max upload is %s bytes, expected 1 to 2 GiB", maxUploadBytes);
    checkArgument(maxPixels > 0, "max pixels is %s, expected > 0", maxPixels);
    checkArgument(maxConcurrent > 0, "max concurrent is %s, expected > 0", maxConcurrent);
    checkArgument(queue >= 0, "queue is %s, expected >= 0", queue);
    checkArgument(cacheBytes >= 0, "cache is %s bytes, expected >= 0", cacheBytes);
    checkNotNull(cacheTtl, "cacheTtl");
    checkNotNull(drainTimeout, "drainTimeout");
  }

  /** A builder with the defaults of {@code colorize serve}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ServeConfig}; each value defaults to {@code colorize serve}'s. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private long maxUploadBytes = 50L << 20;
    private long maxPixels = 50_000_000L;
    private int maxConcurrent = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int queue = 16;
    private long cacheBytes = 256L << 20;
    private Duration cacheTtl = Duration.ofMinutes(10);
    private Duration drainTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /** The address to bind. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port, 0 for a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The largest upload accepted, in bytes. */
    public Builder maxUploadBytes(long bytes) {
      this.maxUploadBytes = bytes;
      return this;
    }

    /** The most pixels an uploaded image may have. */
    public Builder maxPixels(long pixels) {
      this.maxPixels = pixels;
      return this;
    }

    /** Photos worked on at once. */
    public Builder maxConcurrent(int n) {
      this.maxConcurrent = n;
      return this;
    }

    /** Requests that may wait for a worker. */
    public Builder queue(int n) {
      this.queue = n;
      return this;
    }

    /** Memory for the page's uploads, in bytes. */
    public Builder cacheBytes(long bytes) {
      this.cacheBytes = bytes;
      return this;
    }

    /** How long an upload is kept after its last use. */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = ttl;
      return this;
    }

    /** How long a shutdown waits for requests in flight. */
    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = timeout;
      return this;
    }

    /** The configuration; throws IllegalArgumentException for a value out of range. */
    public ServeConfig build() {
      return new ServeConfig(host, port, maxUploadBytes, maxPixels, maxConcurrent, queue,
          cacheBytes, cacheTtl, drainTimeout);
    }
  }
}
