package io.github.colorize.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code colorize.*} metadata of a model file: what the pipeline needs to feed the network
 * and read its output, and what a user needs to judge the model.
 *
 * @param formatVersion version of this metadata layout
 * @param gamutId the ab gamut the logits index, e.g. {@code zhang2016-313}
 * @param binCount number of bins of that gamut
 * @param inputNormalization how L is normalized for the input
 * @param outputStride input size / output size (4 for eccv16)
 * @param outputKind logits or ab
 * @param temperature the annealed-mean temperature recommended for this model
 * @param inputSize the network input side recommended for this model (the scale it was trained
 *     at), 0 when the file does not say; a colorizer uses it unless told another size
 * @param prior the empirical color prior of the training set over the bins, empty if unknown
 * @param modelCard free-form description
 * @param extra every other {@code colorize.*} entry (recipe, data manifest, metrics, license...)
 *     by its name without the {@code colorize.} prefix (a prefix given here is removed); see
 *     {@link MetadataKeys}
 */
public record ModelMetadata(int formatVersion, String gamutId, int binCount,
    InputNormalization inputNormalization, int outputStride, OutputKind outputKind,
    double temperature, int inputSize, double[] prior, String modelCard,
    Map<String, String> extra) {

  /** The metadata layout written by this version. */
  public static final int FORMAT_VERSION = 1;
  /** The paper's gamut. */
  public static final String ZHANG2016_GAMUT = "zhang2016-313";
  /** The family of a file that names none: the paper's network. */
  public static final String ECCV16_FAMILY = "eccv16";
  /** The paper's annealed-mean temperature. */
  public static final double PAPER_TEMPERATURE = 0.38;

  public ModelMetadata {
    checkArgument(formatVersion >= 1, "formatVersion is %s, expected >= 1", formatVersion);
    checkNotNull(gamutId, "gamutId");
    checkArgument(binCount >= 2, "binCount is %s, expected >= 2", binCount);
    checkNotNull(inputNormalization, "inputNormalization");
    checkArgument(outputStride >= 1, "outputStride is %s, expected >= 1", outputStride);
    checkNotNull(outputKind, "outputKind");
    checkArgument(temperature > 0 && temperature <= 10,
        "temperature is %s, expected in (0, 10]", temperature);
    checkArgument(inputSize == 0 || (inputSize >= 8 && inputSize % 8 == 0),
        "inputSize is %s, expected 0 (unknown) or a multiple of 8", inputSize);
    checkNotNull(prior, "prior");
    checkArgument(prior.length == 0 || prior.length == binCount,
        "prior has %s values, expected 0 or binCount = %s", prior.length, binCount);
    prior = prior.clone();
    checkNotNull(modelCard, "modelCard");
    checkNotNull(extra, "extra");
    Map<String, String> names = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : extra.entrySet()) {
      String name = e.getKey().startsWith(MetadataKeys.PREFIX)
          ? e.getKey().substring(MetadataKeys.PREFIX.length()) : e.getKey();
      checkArgument(!name.isEmpty(), "extra metadata has an empty name");
      checkArgument(!MetadataKeys.isCoreName(name),
          "extra metadata '%s' would shadow the field of that name; set the field instead", name);
      names.put(name, checkNotNull(e.getValue(), "value of extra metadata '%s'", name));
    }
    extra = Collections.unmodifiableMap(names);
  }

  /**
   * The paper's defaults for a file without metadata: gamut of 313 bins, (L-50)/100, stride 4,
   * logits, T = 0.38, no recommended input size, no prior.
   */
  public static ModelMetadata paperDefaults() {
    return new ModelMetadata(FORMAT_VERSION, ZHANG2016_GAMUT, 313, InputNormalization.PYTORCH, 4,
        OutputKind.LOGITS, PAPER_TEMPERATURE, 0, new double[0], "", Map.of());
  }

  /** The prior (a copy), empty if the file had none. */
  @Override
  public double[] prior() {
    return prior.clone();
  }

  /** Whether the file carries its training prior. */
  public boolean hasPrior() {
    return prior.length > 0;
  }

  /** The license named in {@link #extra()}, or empty. */
  public String license() {
    return extra.getOrDefault(MetadataKeys.LICENSE, "");
  }

  /** Network families this version runs, by the name {@link MetadataKeys#FAMILY} records. */
  public static final java.util.List<String> KNOWN_FAMILIES =
      java.util.List.of(ECCV16_FAMILY, "mobilenetv2-unet");

  /**
   * The network family named in {@link #extra()} ({@value MetadataKeys#FAMILY}), {@value
   * #ECCV16_FAMILY} when the file does not say.
   */
  public String family() {
    return extra.getOrDefault(MetadataKeys.FAMILY, ECCV16_FAMILY);
  }

  /** The encoder named in {@link #extra()} ({@value MetadataKeys#ENCODER}), or empty. */
  public String encoder() {
    return extra.getOrDefault(MetadataKeys.ENCODER, "");
  }

  /** A builder starting from {@link #paperDefaults()}. */
  public static Builder builder() {
    return paperDefaults().toBuilder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  // Records compare arrays by identity; metadata is a value, so compare the prior's contents.
  @Override
  public boolean equals(Object o) {
    return o instanceof ModelMetadata m && formatVersion == m.formatVersion
        && gamutId.equals(m.gamutId) && binCount == m.binCount
        && inputNormalization.equals(m.inputNormalization) && outputStride == m.outputStride
        && outputKind == m.outputKind && Double.compare(temperature, m.temperature) == 0
        && inputSize == m.inputSize
        && Arrays.equals(prior, m.prior) && modelCard.equals(m.modelCard)
        && extra.equals(m.extra);
  }

  @Override
  public int hashCode() {
    return Objects.hash(formatVersion, gamutId, binCount, inputNormalization, outputStride,
        outputKind, temperature, inputSize, Arrays.hashCode(prior), modelCard, extra);
  }

  @Override
  public String toString() {
    return "ModelMetadata[format " + formatVersion + ", " + gamutId + " (" + binCount + " bins), "
        + "input " + inputNormalization + ", " + outputKind.name().toLowerCase(Locale.ROOT)
        + " at stride " + outputStride + ", T=" + temperature
        + (inputSize > 0 ? ", input size " + inputSize : "") + ", prior "
        + (hasPrior() ? prior.length + " values" : "none") + ", extra " + extra.keySet() + "]";
  }

  /** Builds {@link ModelMetadata}; every setter replaces one field. */
  public static final class Builder {
    private int formatVersion;
    private String gamutId;
    private int binCount;
    private InputNormalization inputNormalization;
    private int outputStride;
    private OutputKind outputKind;
    private double temperature;
    private int inputSize;
    private double[] prior;
    private String modelCard;
    private final Map<String, String> extra;

    private Builder(ModelMetadata m) {
      formatVersion = m.formatVersion;
      gamutId = m.gamutId;
      binCount = m.binCount;
      inputNormalization = m.inputNormalization;
      outputStride = m.outputStride;
      outputKind = m.outputKind;
      temperature = m.temperature;
      inputSize = m.inputSize;
      prior = m.prior;
      modelCard = m.modelCard;
      extra = new LinkedHashMap<>(m.extra);
    }

    public Builder formatVersion(int value) {
      formatVersion = value;
      return this;
    }

    /** The gamut id and its bin count together, e.g. {@code ("zhang2016-313", 313)}. */
    public Builder gamut(String id, int bins) {
      gamutId = id;
      binCount = bins;
      return this;
    }

    public Builder inputNormalization(InputNormalization value) {
      inputNormalization = value;
      return this;
    }

    public Builder outputStride(int value) {
      outputStride = value;
      return this;
    }

    public Builder outputKind(OutputKind value) {
      outputKind = value;
      return this;
    }

    public Builder temperature(double value) {
      temperature = value;
      return this;
    }

    /** The recommended network input side, 0 for none. */
    public Builder inputSize(int value) {
      inputSize = value;
      return this;
    }

    /** The training prior over the bins (copied), or an empty array for none. */
    public Builder prior(double[] value) {
      prior = value.clone();
      return this;
    }

    public Builder modelCard(String value) {
      modelCard = value;
      return this;
    }

    /** Sets one extra entry by its name without the prefix, e.g. {@code ("license", "MIT")}. */
    public Builder extra(String name, String value) {
      extra.put(name, value);
      return this;
    }

    /** Replaces all extra entries. */
    public Builder extra(Map<String, String> values) {
      extra.clear();
      extra.putAll(values);
      return this;
    }

    /**
     * The metadata.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public ModelMetadata build() {
      return new ModelMetadata(formatVersion, gamutId, binCount, inputNormalization,
          outputStride, outputKind, temperature, inputSize, prior, modelCard, extra);
    }
  }
}
