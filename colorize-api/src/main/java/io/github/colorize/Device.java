package io.github.colorize;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Locale;

/**
 * Where a backend runs the network: the CPU, or a CUDA GPU by index.
 *
 * @param kind the kind of device
 * @param index the device index, 0 for the CPU
 */
public record Device(Kind kind, int index) {

  /** The kinds of device a backend may offer. */
  public enum Kind {
    CPU,
    CUDA
  }

  private static final Device CPU = new Device(Kind.CPU, 0);

  public Device {
    checkNotNull(kind, "kind");
    checkArgument(index >= 0, "device index is %s, expected >= 0", index);
    checkArgument(kind != Kind.CPU || index == 0, "the CPU device has index 0, got %s", index);
  }

  /** The CPU. */
  public static Device cpu() {
    return CPU;
  }

  /** CUDA GPU number {@code index}. */
  public static Device cuda(int index) {
    return new Device(Kind.CUDA, index);
  }

  /** Whether this is the CPU. */
  public boolean isCpu() {
    return kind == Kind.CPU;
  }

  /**
   * Parses {@code cpu}, {@code cuda} (GPU 0) or {@code cuda:N}, as the command line takes them.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Device parse(String text) {
    checkNotNull(text, "text");
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("cpu")) {
      return cpu();
    }
    if (t.equals("cuda") || t.equals("gpu")) {
      return cuda(0);
    }
    if (t.startsWith("cuda:")) {
      try {
        return cuda(Integer.parseInt(t.substring(5)));
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException(
        "device '" + text + "' is not understood, expected 'cpu', 'cuda' or 'cuda:N'");
  }

  @Override
  public String toString() {
    return isCpu() ? "cpu" : "cuda:" + index;
  }
}
