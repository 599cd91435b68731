package io.github.colorize.model.catalog.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP server on 127.0.0.1 (the JDK's own) serving fixture bytes under paths, each with a
 * behaviour: whole files with Range support, errors, bodies cut short or stalled. Records every
 * request's path and Range header. Shared with other modules' tests through the test-jar.
 */
public final class FixtureServer implements AutoCloseable {

  /** How a path answers. */
  public enum Behaviour {
    /** 200 with the bytes, or 206 for a Range request. */
    SERVE,
    /** 404. */
    NOT_FOUND,
    /** 500. */
    SERVER_ERROR,
    /** The first request declares the full length but the connection closes after half; later
     * requests are served (with Range). */
    CUT_ONCE,
    /** Every request without Range sends half the bytes, then stalls until the server closes. */
    STALL,
    /** Ignores Range: always 200 with the whole file. */
    NO_RANGE,
    /** 200 with the whole file, sent in 20 pieces 150 ms apart (3 s). */
    SLOW
  }

  /** One request: its path and Range header (null if none). */
  public record Request(String path, String range) {}

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
  private final Map<String, Integer> served = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  private FixtureServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fixture-server");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server on a free port of 127.0.0.1. */
  public static FixtureServer start() throws IOException {
    return new FixtureServer();
  }

  /** Serves {@code bytes} at {@code path} with the given behaviour; returns its URL. */
  public URI serve(String path, byte[] bytes, Behaviour behaviour) {
    files.put(path, bytes);
    behaviours.put(path, behaviour);
    return uri(path);
  }

  /** The URL of a path on this server. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** Every request so far. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String range = ex.getRequestHeaders().getFirst("Range");
    requests.add(new Request(path, range));
    Behaviour b = behaviours.getOrDefault(path, Behaviour.NOT_FOUND);
    byte[] bytes = files.get(path);
    int count = served.merge(path, 1, Integer::sum);
    try (ex) {
      switch (b) {
        case NOT_FOUND -> ex.sendResponseHeaders(404, -1);
        case SERVER_ERROR -> ex.sendResponseHeaders(500, -1);
        case NO_RANGE -> send(ex, bytes, 0, bytes.length, false);
        case SLOW -> {
          ex.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = ex.getResponseBody()) {
            int piece = (bytes.length + 19) / 20;
            for (int at = 0; at < bytes.length; at += piece) {
              out.write(bytes, at, Math.min(piece, bytes.length - at));
              out.flush();
              Thread.sleep(150);
            }
          }
        }
        case CUT_ONCE -> {
          if (count == 1) {
            ex.sendResponseHeaders(200, bytes.length);
            OutputStream out = ex.getResponseBody();
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            // Closing the exchange with bytes missing drops the connection mid-body.
            return;
          }
          sendRange(ex, bytes, range);
        }
        case STALL -> {
          if (range == null) {
            ex.sendResponseHeaders(200, bytes.length);
            OutputStream out = ex.getResponseBody();
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            closing.await(60, TimeUnit.SECONDS);
            return;
          }
          sendRange(ex, bytes, range);
        }
        default -> sendRange(ex, bytes, range);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client went away or the body was cut on purpose.
    }
  }

  private static void sendRange(HttpExchange ex, byte[] bytes, String range) throws IOException {
    Matcher m = range == null ? null : RANGE.matcher(range);
    if (m != null && m.matches()) {
      int from = Integer.parseInt(m.group(1));
      if (from >= bytes.length) {
        ex.getResponseHeaders().add("Content-Range", "bytes */" + bytes.length);
        ex.sendResponseHeaders(416, -1);
        return;
      }
      send(ex, bytes, from, bytes.length, true);
    } else {
      send(ex, bytes, 0, bytes.length, false);
    }
  }

  private static void send(HttpExchange ex, byte[] bytes, int from, int to, boolean partial)
      throws IOException {
    if (partial) {
      ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (to - 1) + "/"
          + bytes.length);
    }
    ex.sendResponseHeaders(partial ? 206 : 200, to - from);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes, from, to - from);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
  }
}
