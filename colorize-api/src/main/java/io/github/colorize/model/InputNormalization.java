package io.github.colorize.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the network's input is computed from CIE L (0..100): {@code (L - center) / scale}.
 *
 * @param center subtracted from L
 * @param scale L - center is divided by it
 */
public record InputNormalization(float center, float scale) {

  /** {@code (L - 50) / 100}: the PyTorch port and colorize's own models. */
  public static final InputNormalization PYTORCH = new InputNormalization(50f, 100f);
  /** {@code L - 50}: the authors' released Caffe model. */
  public static final InputNormalization CAFFE = new InputNormalization(50f, 1f);

  private static final Pattern FORM =
      Pattern.compile("\\(?\\s*L\\s*-\\s*([0-9.eE+-]+)\\s*\\)?\\s*(?:/\\s*([0-9.eE+-]+))?");

  public InputNormalization {
    checkArgument(Float.isFinite(center), "center is %s, expected a finite number", center);
    checkArgument(Float.isFinite(scale) && scale > 0, "scale is %s, expected a finite number > 0",
        scale);
  }

  /** Normalizes one L value. */
  public float apply(float l) {
    return (l - center) / scale;
  }

  /**
   * Parses the text form written in model metadata: {@code "(L-50)/100"} or {@code "L-50"}.
   *
   * @throws IllegalArgumentException if {@code text} has another form
   */
  public static InputNormalization parse(String text) {
    checkNotNull(text, "text");
    Matcher m = FORM.matcher(text.trim());
    checkArgument(m.matches(),
        "input normalization '%s' is not understood, expected a form like '(L-50)/100' or 'L-50'",
        text);
    try {
      float center = Float.parseFloat(m.group(1));
      float scale = m.group(2) == null ? 1f : Float.parseFloat(m.group(2));
      return new InputNormalization(center, scale);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("input normalization '" + text + "' has a bad number", e);
    }
  }

  /** The text form, e.g. {@code (L-50)/100}; {@link #parse} reads it back. */
  @Override
  public String toString() {
    String c = fmt(center);
    return scale == 1f ? "L-" + c : "(L-" + c + ")/" + fmt(scale);
  }

  private static String fmt(float v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Float.toString(v);
  }
}
