package io.github.colorize.spark;

import java.io.Serializable;

/**
 * One photo of a {@link ColorizeJob} run.
 *
 * @param uri the input's qualified URI
 * @param outputExisted whether its output existed when the run started (listed on the driver):
 *     such a photo is {@code skipped}, while an output that a failed attempt of this run's own
 *     task wrote is redone and counted {@code done}
 */
record PhotoTask(String uri, boolean outputExisted) implements Serializable {}
