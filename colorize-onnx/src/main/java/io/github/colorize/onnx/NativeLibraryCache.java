package io.github.colorize.onnx;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks ONNX Runtime's native libraries once per version into a user cache folder and points
 * ONNX Runtime at them ({@value #ORT_PATH_PROPERTY}), instead of letting it copy them into a new
 * temporary folder at every start (which left an {@code onnxruntime-java*} folder behind per run,
 * and cost the GPU build 4-6 s a start).
 *
 * <p>The folder: the system property {@value #CACHE_PROPERTY}, else the environment variable
 * {@value #CACHE_ENV}, else {@code $XDG_CACHE_HOME/colorize/onnxruntime}, else {@code
 * ~/.cache/colorize/onnxruntime}; inside it {@code VERSION/PLATFORM-FLAVOR} (flavor {@code cpu},
 * or {@code gpu} for the onnxruntime_gpu build, whose libraries differ under the same version).
 * The libraries are unpacked into a temporary sibling and renamed into place in one step, so
 * concurrent first starts neither see half a folder nor fail. An application that set
 * {@value #ORT_PATH_PROPERTY} itself is left alone; where nothing can be cached (no jar, a
 * read-only home), ONNX Runtime does as it always did.
 */
final class NativeLibraryCache {

  /** ONNX Runtime's own property: the folder its native libraries are loaded from. */
  static final String ORT_PATH_PROPERTY = "onnxruntime.native.path";
  /** Overrides the cache folder. */
  static final String CACHE_PROPERTY = "colorize.onnxruntime.cache";
  /** Overrides the cache folder when the property is unset. */
  static final String CACHE_ENV = "COLORIZE_ONNXRUNTIME_CACHE";

  private static final Logger log = LoggerFactory.getLogger(NativeLibraryCache.class);
  private static final String NATIVE_PREFIX = "ai/onnxruntime/native/";
  /** Written last: a folder without it is not used. */
  private static final String COMPLETE = ".complete";

  private static boolean installed;

  private NativeLibraryCache() {}

  /**
   * Points ONNX Runtime at the cached libraries, unpacking them on the first run of a version.
   * Call before the first use of any ONNX Runtime class that loads the library; later calls do
   * nothing. Never throws: on any failure ONNX Runtime loads its libraries its own way.
   */
  static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    if (System.getProperty(ORT_PATH_PROPERTY) != null) {
      log.debug("{} is set to {}: not caching ONNX Runtime's libraries", ORT_PATH_PROPERTY,
          System.getProperty(ORT_PATH_PROPERTY));
      return;
    }
    try {
      Path jar = ortJar();
      if (jar == null) {
        return;
      }
      Path folder = ensureUnpacked(jar, cacheRoot());
      if (folder != null) {
        System.setProperty(ORT_PATH_PROPERTY, folder.toString());
        log.debug("ONNX Runtime's native libraries load from {}", folder);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("cannot cache ONNX Runtime's native libraries ({}); it unpacks them itself",
          e.toString());
    }
  }

  /** The cache root from the property, the environment or the user's cache folder. */
  static Path cacheRoot() {
    String configured = System.getProperty(CACHE_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(CACHE_ENV);
    }
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("colorize").resolve("onnxruntime");
  }

  /** The jar ONNX Runtime's classes come from, or null when they do not come from a jar. */
  private static Path ortJar() {
    try {
      var source = OrtEnvironment.class.getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        return null;
      }
      Path path = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(path) ? path : null;
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The folder holding this platform's native libraries from {@code jar}, unpacked under {@code
   * root} unless a complete copy is there already; null if the jar has none for this platform.
   */
  static Path ensureUnpacked(Path jar, Path root) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      String platform = platform();
      String prefix = NATIVE_PREFIX + platform + "/";
      boolean any = false;
      boolean gpu = false;
      for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
        JarEntry entry = e.nextElement();
        if (entry.getName().startsWith(prefix) && !entry.isDirectory()) {
          any = true;
          gpu |= entry.getName().contains("providers_cuda");
        }
      }
      if (!any) {
        return null;
      }
      String version = version(file);
      Path folder = root.resolve(version).resolve(platform + "-" + (gpu ? "gpu" : "cpu"));
      if (Files.exists(folder.resolve(COMPLETE))) {
        return folder;
      }
      Files.createDirectories(folder.getParent());
      Path temp = folder.resolveSibling("." + folder.getFileName() + "."
          + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
      Files.createDirectory(temp);
      try {
        for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
          JarEntry entry = e.nextElement();
          String name = entry.getName();
          if (name.startsWith(prefix) && !entry.isDirectory() && name.indexOf('/',
              prefix.length()) < 0) {
            try (InputStream in = file.getInputStream(entry)) {
              Files.copy(in, temp.resolve(name.substring(prefix.length())));
            }
          }
        }
        Files.createFile(temp.resolve(COMPLETE));
        publish(temp, folder);
      } finally {
        deleteTree(temp);
      }
      log.info("unpacked ONNX Runtime {} native libraries into {} (once per version)", version,
          folder);
      return folder;
    }
  }

  /** Renames the unpacked folder into place; a concurrent first start may have won the race. */
  private static void publish(Path temp, Path folder) throws IOException {
    if (Files.exists(folder) && !Files.exists(folder.resolve(COMPLETE))) {
      // An incomplete copy of a run killed before this scheme's rename existed: replace it.
      deleteTree(folder);
    }
    try {
      Files.move(temp, folder, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, folder);
    } catch (IOException e) {
      // Lost the race: Linux reports a rename onto a filled folder as a plain
      // FileSystemException ("Directory not empty"), not DirectoryNotEmptyException.
      if (!Files.exists(folder.resolve(COMPLETE))) {
        throw e;
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The version of the ONNX Runtime jar, from its Maven metadata or manifest. */
  private static String version(JarFile file) throws IOException {
    for (String artifact : new String[] {"onnxruntime", "onnxruntime_gpu"}) {
      JarEntry pom = file.getJarEntry(
          "META-INF/maven/com.microsoft.onnxruntime/" + artifact + "/pom.properties");
      if (pom != null) {
        Properties p = new Properties();
        try (InputStream in = file.getInputStream(pom)) {
          p.load(in);
        }
        if (p.getProperty("version") != null) {
          return p.getProperty("version");
        }
      }
    }
    String v = file.getManifest() == null ? null
        : file.getManifest().getMainAttributes().getValue("Implementation-Version");
    if (v != null) {
      return v;
    }
    // Unknown version: key the folder by the jar's size and date, so two builds never mix.
    return "unknown-" + Files.size(Path.of(file.getName())) + "-"
        + Files.getLastModifiedTime(Path.of(file.getName())).toMillis();
  }

  /** ONNX Runtime's name for this platform's native folder (as its loader computes it). */
  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String o = os.contains("mac") || os.contains("darwin") ? "osx"
        : os.contains("win") ? "win" : os.contains("nux") ? "linux" : "android";
    String a = arch.startsWith("amd64") || arch.startsWith("x86_64") ? "x64"
        : arch.startsWith("x86") ? "x86" : arch;
    return o + "-" + a;
  }
}
