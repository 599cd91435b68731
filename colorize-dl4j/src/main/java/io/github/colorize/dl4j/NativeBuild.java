package io.github.colorize.dl4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The ND4J native build this JVM runs: version, classifier (portable, avx2, onednn...), and whether
 * it uses oneDNN (which rejects dilated convolutions). Loading it here loads ND4J's backend.
 *
 * @param nd4jVersion ND4J's version
 * @param classifier the native classifier loaded, e.g. {@code linux-x86_64-onednn-avx2}
 * @param oneDnn whether the build has oneDNN
 * @param openBlasCore the OpenBLAS kernel set forced through the {@code OPENBLAS_CORETYPE}
 *     environment variable, or empty when OpenBLAS picks one itself
 */
public record NativeBuild(String nd4jVersion, String classifier, boolean oneDnn,
    String openBlasCore) {

  private static final Pattern CLASSIFIER = Pattern.compile("/bindings/([^/]+)/[^/]*jnind4jcpu");

  private static volatile NativeBuild current;

  /**
   * The native build in use; loads ND4J on first call.
   *
   * @throws LinkageError (UnsatisfiedLinkError, NoClassDefFoundError...) if the native library
   *     cannot load
   */
  public static NativeBuild current() {
    NativeBuild b = current;
    if (b == null) {
      synchronized (NativeBuild.class) {
        b = current;
        if (b == null) {
          b = detect();
          current = b;
        }
      }
    }
    return b;
  }

  private static NativeBuild detect() {
    Nd4j.getBackend();
    String buildInfo = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
    boolean oneDnn = buildInfo.contains("HAVE_ONEDNN");
    String classifier = Loader.getPlatform();
    for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
      Matcher m = CLASSIFIER.matcher(e.getValue().replace('\\', '/'));
      if (m.find()) {
        classifier = m.group(1);
        break;
      }
    }
    return new NativeBuild(readNd4jVersion(), classifier, oneDnn, forcedOpenBlasCore());
  }

  private static String forcedOpenBlasCore() {
    String forced = System.getenv("OPENBLAS_CORETYPE");
    return forced == null ? "" : forced.trim();
  }

  private static String readNd4jVersion() {
    try (InputStream in = Nd4j.class.getResourceAsStream(
        "/META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      }
    } catch (IOException e) {
      // fall through
    }
    String v = Nd4j.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }

  /** E.g. {@code DL4J/ND4J 1.0.0-M2.1 (native linux-x86_64-onednn-avx2, oneDNN)}. */
  public String describe() {
    return "DL4J/ND4J " + nd4jVersion + " (native " + classifier + (oneDnn ? ", oneDNN" : "")
        + (openBlasCore.isEmpty() ? "" : ", OPENBLAS_CORETYPE=" + openBlasCore) + ")";
  }
}
