package io.github.colorize.cli.serve;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Stops the server on SIGTERM and SIGINT before the JVM begins its shutdown.
 *
 * <p>Why not only a shutdown hook: ONNX Runtime registers a hook of its own that releases its
 * native environment, and the JVM runs all hooks at once, so a photo still in the network when
 * the signal came crashed the process (SIGSEGV in libonnxruntime) instead of finishing. Handling
 * the signals lets the requests in flight finish first; the process then exits normally and the
 * hooks find nothing running.
 */
public final class ShutdownSignals {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

  private ShutdownSignals() {}

  /**
   * On SIGTERM or SIGINT, runs {@code stop} on a new thread (once per signal). Where a signal
   * cannot be handled (some JVMs reserve SIGINT), it is left to the JVM's shutdown hooks.
   */
  public static void onTerminate(Runnable stop) {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), signal -> {
          LOG.info("colorize serve: SIG{} received, finishing the requests in flight", name);
          new Thread(stop, "colorize-serve-SIG" + name).start();
        });
      } catch (IllegalArgumentException e) {
        LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
      }
    }
  }
}
