package io.github.colorize.model.testing;

/**
 * Heap bytes the current thread has allocated, for tests that check a step does not copy a model
 * file onto the heap (colorize-api's test jar, also for other modules' tests).
 */
public final class ThreadAllocations {

  private ThreadAllocations() {}

  /**
   * Bytes this thread has allocated on the heap so far (HotSpot's ThreadMXBean), through
   * reflection: the test sources compile inside the modules, which do not read java.management.
   */
  public static long soFar() {
    try {
      Object bean = Class.forName("java.lang.management.ManagementFactory")
          .getMethod("getThreadMXBean").invoke(null);
      return (long) Class.forName("com.sun.management.ThreadMXBean")
          .getMethod("getCurrentThreadAllocatedBytes").invoke(bean);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("this test needs HotSpot's com.sun.management.ThreadMXBean", e);
    }
  }
}
