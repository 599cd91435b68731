package io.github.colorize.training.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads this process's resident memory from /proc (Linux); -1 elsewhere. */
public final class ProcessMemory {

  private ProcessMemory() {}

  /** Peak resident set size in MiB (VmHWM), or -1 where unknown. */
  public static long peakRssMb() {
    return statusField("VmHWM:");
  }

  /** Current resident set size in MiB (VmRSS), or -1 where unknown. */
  public static long rssMb() {
    return statusField("VmRSS:");
  }

  private static long statusField(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
