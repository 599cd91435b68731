package io.github.colorize.spi;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.Device;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends on the class path, found with {@link ServiceLoader}, and the choice among them.
 *
 * <p>Selection: a backend named by the caller (case-insensitive), else the one of highest
 * {@link BackendProvider#priority()} that is available on the device asked for, else (for a
 * device other than the CPU) the one of highest priority available on the CPU, which then falls
 * back or fails as {@link BackendOptions#requireDevice()} says. Every failure is a
 * {@link BackendException} whose message lists the backends found (name, engine version, jar)
 * and the Maven artifact to add.
 *
 * <p>Immutable and thread-safe.
 */
public final class BackendRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(BackendRegistry.class);

  /** The Maven artifacts of colorize's own backends, by backend name, best first. */
  public static final Map<String, String> KNOWN_ARTIFACTS = knownArtifacts();

  /** What to add when no backend is found. */
  static final String ADD_ARTIFACT = "add io.github.colorize:colorize-onnx (ONNX Runtime: CPU,"
      + " or CUDA with onnxruntime_gpu) or io.github.colorize:colorize-dl4j (Deeplearning4j, CPU)"
      + " to the dependencies";

  private final List<BackendProvider> providers;
  private final List<String> loadErrors;

  private static Map<String, String> knownArtifacts() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("onnx", "io.github.colorize:colorize-onnx");
    m.put("dl4j", "io.github.colorize:colorize-dl4j");
    return Collections.unmodifiableMap(m);
  }

  private BackendRegistry(List<BackendProvider> providers, List<String> loadErrors) {
    List<BackendProvider> sorted = new ArrayList<>(providers);
    sorted.sort(Comparator.comparingInt(BackendProvider::priority).reversed()
        .thenComparing(BackendProvider::name));
    this.providers = List.copyOf(sorted);
    this.loadErrors = List.copyOf(loadErrors);
  }

  /**
   * The providers registered in {@code META-INF/services/io.github.colorize.spi.BackendProvider}
   * visible to the thread's context class loader, else to colorize's own class loader. A provider
   * that fails to load is skipped with a warning, and named in later error messages.
   */
  public static BackendRegistry discover() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return discover(context != null ? context : BackendRegistry.class.getClassLoader());
  }

  /** The providers registered for {@code loader}; see {@link #discover()}. */
  public static BackendRegistry discover(ClassLoader loader) {
    checkNotNull(loader, "loader");
    List<BackendProvider> found = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Iterator<BackendProvider> it = ServiceLoader.load(BackendProvider.class, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError | LinkageError e) {
        // One broken jar must not hide the others; say why it was skipped.
        LOG.warn("skipping a colorize backend that failed to load: {}", e.toString());
        errors.add(e.toString());
      }
    }
    return new BackendRegistry(dedupe(found), errors);
  }

  /** A registry of exactly these providers (no discovery), e.g. for wiring by hand. */
  public static BackendRegistry of(Collection<? extends BackendProvider> providers) {
    checkNotNull(providers, "providers");
    List<BackendProvider> list = new ArrayList<>();
    for (BackendProvider p : providers) {
      list.add(checkNotNull(p, "a provider is null"));
    }
    return new BackendRegistry(dedupe(list), List.of());
  }

  /** Two providers of one name (a jar on the class path twice): the first wins, with a warning. */
  private static List<BackendProvider> dedupe(List<BackendProvider> providers) {
    List<BackendProvider> out = new ArrayList<>();
    for (BackendProvider p : providers) {
      Optional<BackendProvider> twin = out.stream()
          .filter(q -> q.name().equalsIgnoreCase(p.name())).findFirst();
      if (twin.isPresent()) {
        LOG.warn("two colorize backends are named '{}': {} from {} and {} from {}; using the"
            + " first", p.name(), twin.get().getClass().getName(), location(twin.get()),
            p.getClass().getName(), location(p));
      } else {
        out.add(p);
      }
    }
    return out;
  }

  /** The providers, highest priority first. */
  public List<BackendProvider> providers() {
    return providers;
  }

  /** The provider named {@code name} (case-insensitive), if any. */
  public Optional<BackendProvider> find(String name) {
    checkNotNull(name, "name");
    return providers.stream().filter(p -> p.name().equalsIgnoreCase(name.trim())).findFirst();
  }

  /**
   * Chooses a backend.
   *
   * @param name the backend's name, or null to take the best one available
   * @param device the device the caller wants
   * @return the provider; the caller opens it
   * @throws BackendException if no backend is on the class path, none has that name, or none
   *     can run here; the message lists what was found and the artifact to add
   */
  public BackendProvider select(String name, Device device) {
    checkNotNull(device, "device");
    checkArgument(name == null || !name.isBlank(), "backend name is blank, expected e.g. 'onnx'");
    if (providers.isEmpty()) {
      throw new BackendException("no colorize backend found on the class path"
          + (loadErrors.isEmpty() ? "" : " (some failed to load: " + loadErrors + ")")
          + "; " + ADD_ARTIFACT);
    }
    if (name != null) {
      BackendProvider named = find(name).orElseThrow(() -> new BackendException(
          "no colorize backend named '" + name.trim() + "'; " + describe()
          + advice(name.trim())));
      Availability cpu = availability(named, Device.cpu());
      // Usable on the CPU is enough: open() then falls back from another device, or fails.
      if (!cpu.available() && !availability(named, device).available()) {
        throw new BackendException("colorize backend '" + named.name() + "' cannot run here: "
            + cpu.reason() + "; " + describe());
      }
      return named;
    }
    for (BackendProvider p : providers) {
      if (availability(p, device).available()) {
        return p;
      }
    }
    if (!device.isCpu()) {
      for (BackendProvider p : providers) {
        if (availability(p, Device.cpu()).available()) {
          return p;
        }
      }
    }
    throw new BackendException("no colorize backend can run here; " + describe());
  }

  /** For a name colorize knows, the artifact that holds it; else nothing (describe() lists). */
  private static String advice(String name) {
    String artifact = KNOWN_ARTIFACTS.get(name.toLowerCase(Locale.ROOT));
    return artifact == null ? ""
        : "\nthe '" + name.toLowerCase(Locale.ROOT) + "' backend is in " + artifact
            + ": add it to the dependencies";
  }

  /**
   * The backends found, one per line: name, priority, engine version, CPU availability and the
   * jar or folder its classes came from; then colorize's own backends that are missing, with
   * their artifacts. Calls {@link BackendProvider#version()} and
   * {@link BackendProvider#availability}, which may load native libraries.
   */
  public String describe() {
    StringBuilder text = new StringBuilder("backends found on the class path:");
    if (providers.isEmpty()) {
      text.append(" none");
    }
    for (BackendProvider p : providers) {
      Availability cpu = availability(p, Device.cpu());
      text.append("\n  - ").append(p.name()).append(" (").append(version(p))
          .append(", priority ").append(p.priority()).append(", ")
          .append(cpu.available() ? "available on the cpu" : "unavailable: " + cpu.reason())
          .append(") from ").append(location(p));
    }
    for (String error : loadErrors) {
      text.append("\n  - failed to load: ").append(error);
    }
    List<String> missing = new ArrayList<>();
    KNOWN_ARTIFACTS.forEach((name, artifact) -> {
      if (find(name).isEmpty()) {
        missing.add(name + " (" + artifact + ")");
      }
    });
    if (!missing.isEmpty()) {
      text.append("\ncolorize backends not on the class path: ")
          .append(String.join(", ", missing));
    }
    return text.toString();
  }

  /** The provider's availability; a provider that throws counts as unavailable. */
  private static Availability availability(BackendProvider p, Device device) {
    try {
      Availability a = p.availability(device);
      return a != null ? a : Availability.no(p.name() + " returned no availability");
    } catch (RuntimeException | LinkageError e) {
      return Availability.no("its availability check failed: " + e);
    }
  }

  private static String version(BackendProvider p) {
    try {
      return p.version();
    } catch (RuntimeException | LinkageError e) {
      return "version unknown: " + e;
    }
  }

  /**
   * Where the provider's class was loaded from: its jar or class folder, from the class's
   * {@link CodeSource}; {@code "unknown location"} when the class loader does not say.
   */
  public static String location(BackendProvider provider) {
    checkNotNull(provider, "provider");
    try {
      CodeSource source = provider.getClass().getProtectionDomain().getCodeSource();
      URL url = source == null ? null : source.getLocation();
      if (url == null) {
        return "unknown location";
      }
      try {
        return "file".equals(url.getProtocol()) ? Path.of(url.toURI()).toString() : url.toString();
      } catch (URISyntaxException | IllegalArgumentException e) {
        return url.toString();
      }
    } catch (SecurityException e) {
      return "unknown location (" + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return "BackendRegistry" + providers.stream().map(BackendProvider::name).toList();
  }
}
