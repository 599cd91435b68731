package io.github.colorize.model;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Converts {@link ModelMetadata} to and from the text {@code metadata_props} of an ONNX file, under
 * the keys of {@link MetadataKeys}.
 */
public final class MetadataCodec {

  /** The keys without which a file relies on defaults for something the pipeline needs. */
  private static final List<String> ESSENTIAL = List.of(MetadataKeys.FORMAT_VERSION,
      MetadataKeys.GAMUT, MetadataKeys.BINS, MetadataKeys.INPUT_NORMALIZATION,
      MetadataKeys.OUTPUT_STRIDE, MetadataKeys.OUTPUT);

  /**
   * Metadata read from a file.
   *
   * @param metadata the values, defaults filled in
   * @param missingKeys the essential keys the file lacked (their values came from the defaults)
   */
  public record Decoded(ModelMetadata metadata, List<String> missingKeys) {
    public Decoded {
      checkNotNull(metadata, "metadata");
      missingKeys = List.copyOf(missingKeys);
    }

    /** Whether the file had none of the essential keys. */
    public boolean allDefaults() {
      return missingKeys.size() == ESSENTIAL.size();
    }
  }

  private MetadataCodec() {}

  /** The metadata as {@code metadata_props} entries, in a stable order. */
  public static Map<String, String> encode(ModelMetadata m) {
    checkNotNull(m, "metadata");
    Map<String, String> props = new LinkedHashMap<>();
    props.put(MetadataKeys.FORMAT_VERSION, Integer.toString(m.formatVersion()));
    props.put(MetadataKeys.GAMUT, m.gamutId());
    props.put(MetadataKeys.BINS, Integer.toString(m.binCount()));
    props.put(MetadataKeys.INPUT_NORMALIZATION, m.inputNormalization().toString());
    props.put(MetadataKeys.OUTPUT_STRIDE, Integer.toString(m.outputStride()));
    props.put(MetadataKeys.OUTPUT, outputText(m.outputKind()));
    props.put(MetadataKeys.TEMPERATURE, Double.toString(m.temperature()));
    if (m.inputSize() > 0) {
      props.put(MetadataKeys.INPUT_SIZE, Integer.toString(m.inputSize()));
    }
    if (m.hasPrior()) {
      StringJoiner prior = new StringJoiner(",");
      for (double p : m.prior()) {
        prior.add(Double.toString(p));
      }
      props.put(MetadataKeys.PRIOR, prior.toString());
    }
    if (!m.modelCard().isEmpty()) {
      props.put(MetadataKeys.MODEL_CARD, m.modelCard());
    }
    for (Map.Entry<String, String> e : m.extra().entrySet()) {
      props.put(MetadataKeys.PREFIX + e.getKey(), e.getValue());
    }
    return props;
  }

  /**
   * Reads the {@code colorize.*} entries of {@code props}; keys that are absent take their value
   * from {@code defaults}. Entries outside the {@code colorize.} namespace are ignored.
   *
   * @param source the file, for messages
   * @throws ModelFormatException if a value cannot be parsed or is out of range
   */
  public static Decoded decode(Map<String, String> props, ModelMetadata defaults, String source) {
    checkNotNull(props, "props");
    checkNotNull(defaults, "defaults");
    List<String> missing = new ArrayList<>();
    for (String key : ESSENTIAL) {
      if (!props.containsKey(key)) {
        missing.add(key);
      }
    }
    try {
      ModelMetadata.Builder b = defaults.toBuilder();
      String v;
      if ((v = props.get(MetadataKeys.FORMAT_VERSION)) != null) {
        b.formatVersion(parseInt(MetadataKeys.FORMAT_VERSION, v, source));
      }
      String gamut = props.getOrDefault(MetadataKeys.GAMUT, defaults.gamutId());
      int bins = defaults.binCount();
      if ((v = props.get(MetadataKeys.BINS)) != null) {
        bins = parseInt(MetadataKeys.BINS, v, source);
      }
      b.gamut(gamut, bins);
      if ((v = props.get(MetadataKeys.INPUT_NORMALIZATION)) != null) {
        b.inputNormalization(InputNormalization.parse(v));
      }
      if ((v = props.get(MetadataKeys.OUTPUT_STRIDE)) != null) {
        b.outputStride(parseInt(MetadataKeys.OUTPUT_STRIDE, v, source));
      }
      if ((v = props.get(MetadataKeys.OUTPUT)) != null) {
        b.outputKind(parseOutput(v, source));
      }
      if ((v = props.get(MetadataKeys.TEMPERATURE)) != null) {
        b.temperature(parseDouble(MetadataKeys.TEMPERATURE, v, source));
      }
      if ((v = props.get(MetadataKeys.INPUT_SIZE)) != null) {
        b.inputSize(parseInt(MetadataKeys.INPUT_SIZE, v, source));
      }
      if ((v = props.get(MetadataKeys.PRIOR)) != null) {
        b.prior(parsePrior(v, source));
      } else if (!missing.contains(MetadataKeys.BINS)) {
        // A file stating its own bins must not inherit a prior sized for the defaults' bins.
        b.prior(new double[0]);
      }
      if ((v = props.get(MetadataKeys.MODEL_CARD)) != null) {
        b.modelCard(v);
      }
      Map<String, String> extra = new LinkedHashMap<>(defaults.extra());
      for (Map.Entry<String, String> e : props.entrySet()) {
        String key = e.getKey();
        if (key.startsWith(MetadataKeys.PREFIX)
            && !MetadataKeys.isCoreName(key.substring(MetadataKeys.PREFIX.length()))) {
          extra.put(key.substring(MetadataKeys.PREFIX.length()), e.getValue());
        }
      }
      b.extra(extra);
      return new Decoded(b.build(), missing);
    } catch (ModelFormatException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(source, "bad colorize metadata: " + e.getMessage(), e);
    }
  }

  static String outputText(OutputKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private static OutputKind parseOutput(String v, String source) {
    for (OutputKind k : OutputKind.values()) {
      if (outputText(k).equals(v.trim().toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new ModelFormatException(source,
        "metadata " + MetadataKeys.OUTPUT + " is '" + v + "', expected 'logits' or 'ab'");
  }

  private static int parseInt(String key, String v, String source) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ModelFormatException(source,
          "metadata " + key + " is '" + v + "', expected an integer", e);
    }
  }

  private static double parseDouble(String key, String v, String source) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new ModelFormatException(source,
          "metadata " + key + " is '" + v + "', expected a number", e);
    }
  }

  private static double[] parsePrior(String v, String source) {
    String t = v.trim();
    if (t.isEmpty()) {
      return new double[0];
    }
    String[] parts = t.split("[,\\s]+");
    double[] prior = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        prior[i] = Double.parseDouble(parts[i]);
      } catch (NumberFormatException e) {
        throw new ModelFormatException(source, "metadata " + MetadataKeys.PRIOR + " value #" + i
            + " is '" + parts[i] + "', expected comma-separated numbers", e);
      }
      if (!(prior[i] >= 0) || Double.isInfinite(prior[i])) {
        throw new ModelFormatException(source, "metadata " + MetadataKeys.PRIOR + " value #" + i
            + " is " + parts[i] + ", expected a finite probability >= 0");
      }
    }
    return prior;
  }
}
