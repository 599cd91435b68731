package io.github.colorize.cli;

/** The tool's messages to people (the library itself only logs). */
final class Console {

  private Console() {}

  /** One error line on stderr. */
  static void error(String message) {
    System.err.println("colorize: " + message);
  }
}
