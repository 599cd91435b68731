package io.github.colorize.spi;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Whether a backend can run on a device here, and if not, why.
 *
 * @param available whether it can
 * @param reason a human-readable explanation (what is missing, which artifact to add); empty when
 *     available
 */
public record Availability(boolean available, String reason) {

  public Availability {
    checkNotNull(reason, "reason");
  }

  /** Usable. */
  public static Availability yes() {
    return new Availability(true, "");
  }

  /** Not usable, because {@code reason}. */
  public static Availability no(String reason) {
    return new Availability(false, reason);
  }
}
