package io.github.colorize.cli;

import picocli.CommandLine.IVersionProvider;

/** The tool's version from its jar manifest. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String v = ColorizeCommand.class.getPackage().getImplementationVersion();
    return new String[] {"colorize " + (v == null ? "(development build)" : v),
        "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")
            + " " + System.getProperty("os.arch")};
  }
}
