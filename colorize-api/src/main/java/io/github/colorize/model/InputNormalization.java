package io.github.colorize.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.color.SrgbTransfer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the network's input is computed from CIE L (0..100): {@code (v - center) / scale}, where v
 * is L itself ({@link Domain#LIGHTNESS}) or the 8-bit sRGB value of the gray of lightness L
 * ({@link Domain#SRGB_GRAY}: Y from L, then the sRGB transfer curve, times 255), the scaling of
 * an encoder trained on RGB photos fed a gray one (R = G = B).
 *
 * @param center subtracted from v
 * @param scale v - center is divided by it
 * @param domain what v is
 */
public record InputNormalization(float center, float scale, Domain domain) {

  /** What the normalization starts from. */
  public enum Domain {
    /** CIE L, 0..100. */
    LIGHTNESS,
    /** The sRGB value 0..255 (not rounded) of the neutral gray with lightness L. */
    SRGB_GRAY
  }

  /** {@code (L - 50) / 100}: the PyTorch port and colorize's own eccv16 models. */
  public static final InputNormalization PYTORCH = new InputNormalization(50f, 100f);
  /** {@code L - 50}: the authors' released Caffe model. */
  public static final InputNormalization CAFFE = new InputNormalization(50f, 1f);
  /**
   * {@code (sRGB(L) - 128) / 128}: the gray photo as an ImageNet encoder trained on RGB in
   * [-1, 1] sees it (TensorFlow's MobileNetV2 scaling).
   */
  public static final InputNormalization SRGB_GRAY_M1_1 =
      new InputNormalization(128f, 128f, Domain.SRGB_GRAY);

  private static final Pattern FORM = Pattern.compile(
      "\\(?\\s*(L|sRGB\\(L\\))\\s*-\\s*([0-9.eE+-]+)\\s*\\)?\\s*(?:/\\s*([0-9.eE+-]+))?");
  /** CIE's epsilon in the L to Y inverse: 6/29. */
  private static final double DELTA = 6.0 / 29.0;

  public InputNormalization {
    checkArgument(Float.isFinite(center), "center is %s, expected a finite number", center);
    checkArgument(Float.isFinite(scale) && scale > 0, "scale is %s, expected a finite number > 0",
        scale);
    checkNotNull(domain, "domain");
  }

  /** {@code (L - center) / scale}. */
  public InputNormalization(float center, float scale) {
    this(center, scale, Domain.LIGHTNESS);
  }

  /** Normalizes one L value. */
  public float apply(float l) {
    float v = domain == Domain.LIGHTNESS ? l : (float) srgbGray(l);
    return (v - center) / scale;
  }

  /** The sRGB value (0..255, not rounded) of the neutral gray whose CIE lightness is {@code l}. */
  public static double srgbGray(double l) {
    double t = (Math.min(100, Math.max(0, l)) + 16) / 116;
    double y = t > DELTA ? t * t * t : 3 * DELTA * DELTA * (t - 4.0 / 29.0);
    double linear = Math.min(1, Math.max(0, y));
    double encoded = linear <= SrgbTransfer.ENCODE_THRESHOLD ? linear * 12.92
        : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
    return 255 * encoded;
  }

  /**
   * Parses the text form written in model metadata: {@code "(L-50)/100"}, {@code "L-50"} or
   * {@code "(sRGB(L)-128)/128"}.
   *
   * @throws IllegalArgumentException if {@code text} has another form
   */
  public static InputNormalization parse(String text) {
    checkNotNull(text, "text");
    Matcher m = FORM.matcher(text.trim());
    checkArgument(m.matches(), "input normalization '%s' is not understood, expected a form like"
        + " '(L-50)/100', 'L-50' or '(sRGB(L)-128)/128'", text);
    try {
      Domain domain = m.group(1).equals("L") ? Domain.LIGHTNESS : Domain.SRGB_GRAY;
      float center = Float.parseFloat(m.group(2));
      float scale = m.group(3) == null ? 1f : Float.parseFloat(m.group(3));
      return new InputNormalization(center, scale, domain);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("input normalization '" + text + "' has a bad number", e);
    }
  }

  /** The text form, e.g. {@code (L-50)/100}; {@link #parse} reads it back. */
  @Override
  public String toString() {
    String v = domain == Domain.LIGHTNESS ? "L" : "sRGB(L)";
    String c = fmt(center);
    return scale == 1f ? v + "-" + c : "(" + v + "-" + c + ")/" + fmt(scale);
  }

  private static String fmt(float v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Float.toString(v);
  }
}
