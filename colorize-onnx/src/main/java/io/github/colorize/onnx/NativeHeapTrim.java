package io.github.colorize.onnx;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the C heap's free pages back to the operating system once ONNX Runtime has built a
 * session for a large model.
 *
 * <p>Why: with all graph optimizations, ONNX Runtime copies every convolution weight into its
 * blocked (NCHWc) layout and frees the originals and the parsed file. glibc keeps most of those
 * freed pages (its dynamic mmap threshold puts them on the heap, which it trims only from the
 * top): for the 129 MB width-1.0 eccv16, ~150 MiB stay resident for the life of the process,
 * measured as a session holding 343 MiB RSS before and 193 MiB after a trim. HotSpot's
 * {@code System.trim_native_heap} diagnostic command (JDK 17.0.9 and later) calls glibc's
 * {@code malloc_trim}. Best effort: on another JVM or C library, or when the command fails, nothing
 * happens but a debug log line. The system property {@value #PROPERTY} {@code = false} turns it
 * off.
 */
final class NativeHeapTrim {

  private static final Logger LOG = LoggerFactory.getLogger(NativeHeapTrim.class);

  /** Set to {@code false} to leave the native heap alone. */
  static final String PROPERTY = "colorize.onnx.trimNativeHeap";
  /** Models smaller than this leave too little behind to be worth the trim's time. */
  static final long MIN_MODEL_BYTES = 16L << 20;

  private static final String MBEAN = "com.sun.management:type=DiagnosticCommand";
  private static final String OPERATION = "systemTrimNativeHeap";

  private NativeHeapTrim() {}

  /** Whether a session for a model of {@code modelBytes} bytes should be followed by a trim. */
  static boolean wanted(long modelBytes) {
    return modelBytes >= MIN_MODEL_BYTES
        && !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim());
  }

  /**
   * Trims the native heap.
   *
   * @return what the JVM reported (e.g. {@code "Trim native heap: RSS+Swap: 377M->225M
   *     (-152M)"}), or empty where it cannot trim
   */
  static Optional<String> trim() {
    try {
      Object result = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(MBEAN),
          OPERATION, new Object[] {null}, new String[] {String[].class.getName()});
      return Optional.of(String.valueOf(result).strip());
    } catch (JMException | RuntimeException | LinkageError e) {
      LOG.debug("cannot trim the native heap ({}); its free pages stay resident", e.toString());
      return Optional.empty();
    }
  }

  /** Trims after loading {@code source} when {@link #wanted}; logs what it gave. */
  static void afterLoading(String source, long modelBytes) {
    if (!wanted(modelBytes)) {
      return;
    }
    long start = System.nanoTime();
    trim().ifPresent(report -> LOG.debug("after loading {}: {} ({} ms)", source, report,
        (System.nanoTime() - start) / 1_000_000));
  }
}
