package io.github.colorize.model.catalog;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The models known by name and where each is published. The built-in catalogue knows
 * {@value #ECCV16}, the authors' release of Zhang, Isola &amp; Efros (ECCV 2016), from two sources
 * tried in order: their PyTorch state dict and their Caffe weights. Either gives the same network.
 *
 * <p>The system property {@value #CATALOG_PROPERTY} names a catalogue file to use instead (tests
 * point it at a local server; a mirror can too): one source per line, tab-separated
 * {@code name format url bytes sha256 [licence [description]]}, lines of one name tried in
 * order, {@code #} starts a comment.
 */
public final class ModelCatalog {

  /** The system property naming a catalogue file that replaces the built-in one. */
  public static final String CATALOG_PROPERTY = "colorize.models.catalog";
  /** The authors' released eccv16 model. */
  public static final String ECCV16 = "eccv16";
  /** The licence of the authors' weights. */
  public static final String AUTHORS_LICENCE = "BSD-2-Clause";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final String ECCV16_DESCRIPTION = "the authors' release of \"Colorful Image"
      + " Colorization\" (Zhang, Isola & Efros, ECCV 2016), full width, 32 M parameters";

  private static final ModelCatalog BUILT_IN = new ModelCatalog(List.of(new KnownModel(ECCV16,
      ECCV16_DESCRIPTION, AUTHORS_LICENCE, List.of(
          new Download(URI.create("https://colorizers.s3.us-east-2.amazonaws.com/"
              + "colorization_release_v2-9b330a0b.pth"), 128_976_165L,
              "9b330a0bae53f4ded77b1e23defbf78beaa09c10ebc4c4999e8e4f4a160b93f9",
              SourceFormat.PYTORCH),
          new Download(URI.create("http://eecs.berkeley.edu/~rich.zhang/projects/"
              + "2016_colorization/files/demo_v2/colorization_release_v2.caffemodel"),
              128_946_764L,
              "f5af1e602646328c792e1094f9876fe9cd4c09ac46fa886e5708a1abc89137b1",
              SourceFormat.CAFFE)))));

  private final Map<String, KnownModel> models = new LinkedHashMap<>();

  private ModelCatalog(List<KnownModel> models) {
    for (KnownModel m : models) {
      if (this.models.putIfAbsent(m.name(), m) != null) {
        throw new IllegalArgumentException("model '" + m.name() + "' is listed twice");
      }
    }
  }

  /** The built-in catalogue ({@value #ECCV16}). */
  public static ModelCatalog builtIn() {
    return BUILT_IN;
  }

  /** A catalogue of the given models. */
  public static ModelCatalog of(List<KnownModel> models) {
    return new ModelCatalog(checkNotNull(models, "models"));
  }

  /**
   * The catalogue in force: the file named by {@value #CATALOG_PROPERTY} if set, else the
   * built-in one.
   *
   * @throws IllegalArgumentException naming the file and line if that file is malformed
   */
  public static ModelCatalog current() {
    String file = System.getProperty(CATALOG_PROPERTY);
    if (file == null || file.isBlank()) {
      return BUILT_IN;
    }
    try {
      return read(Path.of(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model catalogue " + file + " (system"
          + " property " + CATALOG_PROPERTY + ")", e);
    }
  }

  /**
   * Reads a catalogue file (see the class comment for its lines).
   *
   * @throws IllegalArgumentException naming the file and line of a malformed line
   */
  public static ModelCatalog read(Path file) throws IOException {
    Map<String, List<Download>> sources = new LinkedHashMap<>();
    Map<String, String[]> first = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      try {
        if (f.length < 5) {
          throw new IllegalArgumentException("has " + f.length + " fields, expected name,"
              + " format, url, bytes, sha256 [, licence [, description]] separated by tabs");
        }
        Download d = new Download(URI.create(f[2]), Long.parseLong(f[3]), f[4],
            SourceFormat.valueOf(f[1].toUpperCase(Locale.ROOT)));
        sources.computeIfAbsent(f[0], k -> new ArrayList<>()).add(d);
        first.putIfAbsent(f[0], f);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("model catalogue " + file + " line " + (i + 1) + ": "
            + e.getMessage(), e);
      }
    }
    List<KnownModel> models = new ArrayList<>();
    sources.forEach((name, list) -> {
      String[] f = first.get(name);
      models.add(new KnownModel(name, f.length > 6 ? f[6] : name, f.length > 5 ? f[5]
          : "unknown", list));
    });
    return new ModelCatalog(models);
  }

  /** Every known model, in catalogue order. */
  public List<KnownModel> models() {
    return List.copyOf(models.values());
  }

  /** The model of that name, if known. */
  public Optional<KnownModel> find(String name) {
    return Optional.ofNullable(models.get(name));
  }

  /** The model one of whose sources has this SHA-256, and that source. */
  public Optional<Map.Entry<KnownModel, Download>> bySha256(String sha256) {
    for (KnownModel m : models.values()) {
      for (Download d : m.sources()) {
        if (d.sha256().equalsIgnoreCase(sha256)) {
          return Optional.of(Map.entry(m, d));
        }
      }
    }
    return Optional.empty();
  }

  /** Whether {@code text} has the form of a model name (not of a path). */
  public static boolean isName(String text) {
    return text != null && NAME.matcher(text).matches() && !text.endsWith(".onnx");
  }
}
