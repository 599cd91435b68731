package io.github.colorize.model;

/**
 * The {@code metadata_props} keys of a colorize model file. Every key starts with
 * {@value #PREFIX}; the values are text:
 *
 * <table>
 * <caption>Keys and their values</caption>
 * <tr><th>key</th><th>value</th></tr>
 * <tr><td>{@value #FORMAT_VERSION}</td><td>{@code 1}</td></tr>
 * <tr><td>{@value #GAMUT}</td><td>{@code zhang2016-313}</td></tr>
 * <tr><td>{@value #BINS}</td><td>{@code 313}</td></tr>
 * <tr><td>{@value #INPUT_NORMALIZATION}</td><td>{@code (L-50)/100} or {@code L-50}</td></tr>
 * <tr><td>{@value #OUTPUT_STRIDE}</td><td>{@code 4} (input size / output size)</td></tr>
 * <tr><td>{@value #OUTPUT}</td><td>{@code logits} or {@code ab}</td></tr>
 * <tr><td>{@value #TEMPERATURE}</td><td>{@code 0.38}</td></tr>
 * <tr><td>{@value #INPUT_SIZE}</td><td>recommended network input side, e.g. {@code 224}
 * (optional)</td></tr>
 * <tr><td>{@value #PRIOR}</td><td>the bins' training prior, comma-separated</td></tr>
 * <tr><td>{@value #MODEL_CARD}</td><td>free text</td></tr>
 * <tr><td>{@code colorize.<name>}</td><td>anything else, kept in
 * {@link ModelMetadata#extra()} under {@code <name>}, e.g. {@value #LICENSE},
 * {@value #RECIPE}, {@value #DATA_MANIFEST}, {@value #LOSS}, {@value #METRICS},
 * {@value #FAMILY}, {@value #ENCODER}</td></tr>
 * </table>
 */
public final class MetadataKeys {

  /** Every colorize key starts with this. */
  public static final String PREFIX = "colorize.";

  public static final String FORMAT_VERSION = PREFIX + "format_version";
  public static final String GAMUT = PREFIX + "gamut";
  public static final String BINS = PREFIX + "bins";
  public static final String INPUT_NORMALIZATION = PREFIX + "input_normalization";
  public static final String OUTPUT_STRIDE = PREFIX + "output_stride";
  public static final String OUTPUT = PREFIX + "output";
  public static final String TEMPERATURE = PREFIX + "temperature";
  public static final String INPUT_SIZE = PREFIX + "input_size";
  public static final String PRIOR = PREFIX + "prior";
  public static final String MODEL_CARD = PREFIX + "model_card";

  /** {@link ModelMetadata#extra()} name of the model's license. */
  public static final String LICENSE = "license";
  /** {@link ModelMetadata#extra()} name of the training recipe. */
  public static final String RECIPE = "recipe";
  /** {@link ModelMetadata#extra()} name of the training data manifest (or its hash). */
  public static final String DATA_MANIFEST = "data_manifest";
  /** {@link ModelMetadata#extra()} name of the loss variant trained with. */
  public static final String LOSS = "loss";
  /** {@link ModelMetadata#extra()} name of the evaluation metrics. */
  public static final String METRICS = "metrics";
  /**
   * {@link ModelMetadata#extra()} name of the network family: {@code eccv16} (also when absent)
   * or {@code mobilenetv2-unet} ({@link ModelMetadata#family()}).
   */
  public static final String FAMILY = "family";
  /** {@link ModelMetadata#extra()} name of the encoder a network borrows (its source, licence). */
  public static final String ENCODER = "encoder";

  private MetadataKeys() {}

  /** Whether {@code name} (without the prefix) is one of the fields {@link ModelMetadata} holds. */
  static boolean isCoreName(String name) {
    return switch (PREFIX + name) {
      case FORMAT_VERSION, GAMUT, BINS, INPUT_NORMALIZATION, OUTPUT_STRIDE, OUTPUT, TEMPERATURE,
          INPUT_SIZE, PRIOR, MODEL_CARD -> true;
      default -> false;
    };
  }
}
