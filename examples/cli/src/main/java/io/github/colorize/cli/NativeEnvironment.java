package io.github.colorize.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's C environment, which native libraries read with {@code getenv} and Java cannot
 * change: through the C library's {@code setenv} (JNA).
 */
final class NativeEnvironment {

  private static final Logger LOG = LoggerFactory.getLogger(NativeEnvironment.class);

  /** The two functions of the C library used here. */
  interface CLibrary extends Library {
    int setenv(String name, String value, int overwrite);

    String getenv(String name);
  }

  private NativeEnvironment() {}

  /**
   * Sets {@code name} to {@code value} unless the environment already has it (the user's choice
   * wins).
   *
   * @return whether {@code name} now has a value; false, logged, where the C library cannot be
   *     reached
   */
  static boolean setIfAbsent(String name, String value) {
    try {
      return c().setenv(name, value, 0) == 0;
    } catch (LinkageError | RuntimeException e) {
      LOG.debug("cannot set {} in the native environment: {}", name, e.toString());
      return false;
    }
  }

  /** The value of {@code name} in the C environment, or null. */
  static String get(String name) {
    return c().getenv(name);
  }

  private static CLibrary c() {
    return (CLibrary) Native.loadLibrary("c", CLibrary.class);
  }
}
