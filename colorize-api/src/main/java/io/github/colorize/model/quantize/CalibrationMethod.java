package io.github.colorize.model.quantize;

import java.util.Locale;

/** How an activation's quantization range is chosen from the values seen during calibration. */
public enum CalibrationMethod {
  /** The smallest and largest value seen: nothing clips, the step is widest. */
  MINMAX,
  /**
   * The 0.001st and 99.999th percentiles of the values seen: rare outliers clip, every other
   * value gets a finer step.
   */
  PERCENTILE,
  /**
   * The clipping threshold whose 8-bit histogram loses the least information (smallest
   * Kullback-Leibler divergence from the full-precision histogram), as TensorRT calibrates.
   */
  ENTROPY;

  /** The name as the command line spells it: {@code minmax}, {@code percentile}, {@code entropy}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The method called {@code text}, case-insensitive.
   *
   * @throws IllegalArgumentException for another name, listing the valid ones
   */
  public static CalibrationMethod parse(String text) {
    for (CalibrationMethod m : values()) {
      if (m.cliName().equalsIgnoreCase(text.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException("calibration method '" + text
        + "' is unknown; expected minmax, percentile or entropy");
  }
}
