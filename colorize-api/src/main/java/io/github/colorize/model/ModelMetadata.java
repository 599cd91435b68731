package io.github.colorize.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * @param prior the empirical color prior of the training set over the bins, empty if unknown
 * @param modelCard free-form description
 * @param extra every other {@code colorize.*} entry (recipe, data manifest, metrics, license...)
 */
public record ModelMetadata(int formatVersion, String gamutId, int binCount,
    InputNormalization inputNormalization, int outputStride, OutputKind outputKind,
    double temperature, double[] prior, String modelCard, Map<String, String> extra) {

  /** The metadata layout written by this version. */
  public static final int FORMAT_VERSION = 1;
  /** The paper's gamut. */
  public static final String ZHANG2016_GAMUT = "zhang2016-313";
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
    checkNotNull(prior, "prior");
    checkArgument(prior.length == 0 || prior.length == binCount,
        "prior has %s values, expected 0 or binCount = %s", prior.length, binCount);
    prior = prior.clone();
    checkNotNull(modelCard, "modelCard");
    extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /**
   * The paper's defaults for a file without metadata: gamut of 313 bins, (L-50)/100, stride 4,
   * logits, T = 0.38, no prior.
   */
  public static ModelMetadata paperDefaults() {
    return new ModelMetadata(FORMAT_VERSION, ZHANG2016_GAMUT, 313, InputNormalization.PYTORCH, 4,
        OutputKind.LOGITS, PAPER_TEMPERATURE, new double[0], "", Map.of());
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
}
