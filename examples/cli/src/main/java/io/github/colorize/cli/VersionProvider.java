package io.github.colorize.cli;

import io.github.colorize.spi.BackendProvider;
import io.github.colorize.spi.BackendRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the build's version, the ONNX Runtime it runs on, and the JVM. */
final class VersionProvider implements IVersionProvider {

  /** The version Maven wrote into version.properties at build time. */
  static String buildVersion() {
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (!v.isBlank() && !v.startsWith("${")) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through: an unknown version is no reason to fail --version
    }
    return "(unknown version: version.properties is missing from the build)";
  }

  @Override
  public String[] getVersion() {
    String runtime = "ONNX Runtime: not on the class path";
    for (BackendProvider p : BackendRegistry.discover().providers()) {
      if (p.name().equals("onnx")) {
        runtime = p.version();
      }
    }
    return new String[] {"colorize " + buildVersion(), runtime,
        "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")
            + " " + System.getProperty("os.arch")};
  }
}
