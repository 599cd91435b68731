package io.github.colorize.cli;

import picocli.CommandLine.Option;

/** {@code -v/--verbose}: stack traces on errors and debug logs. */
final class Verbosity {

  /** Set once any command sees -v, read by the error handler. */
  static volatile boolean enabled;

  @Option(names = {"-v", "--verbose"}, description = "Show stack traces and debug logs.")
  void verbose(boolean verbose) {
    this.verbose = verbose;
    enabled |= verbose;
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.log.io.github.colorize", "debug");
      System.setProperty("org.slf4j.simpleLogger.log.io.github.colorize.Colorizer", "debug");
      System.setProperty("org.slf4j.simpleLogger.log.io.github.colorize.video.VideoColorizer",
          "debug");
    }
  }

  boolean verbose;
}
