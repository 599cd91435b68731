package io.github.colorize.model.caffe;

/**
 * The geometry of a Caffe Convolution or Deconvolution layer, resolved from its
 * {@code convolution_param}: the repeated {@code kernel_size}, {@code stride}, {@code pad} and
 * {@code dilation} (one value for both axes, or one per axis), overridden by {@code kernel_h/_w},
 * {@code stride_h/_w}, {@code pad_h/_w} where given. Defaults are Caffe's: stride 1, pad 0,
 * dilation 1, group 1, bias on.
 */
record ConvolutionSpec(long numOutput, boolean biasTerm, long kernelH, long kernelW,
    long strideH, long strideW, long padH, long padW, long dilationH, long dilationW, long group,
    long axis) {

  /**
   * @throws IllegalArgumentException if a list has more than two values or the kernel is missing
   */
  static ConvolutionSpec of(ProtoFields p) {
    long[] kernel = pair(p, "kernel_size", "kernel_h", "kernel_w", 0);
    if (kernel[0] <= 0 || kernel[1] <= 0) {
      throw new IllegalArgumentException("convolution_param has no kernel_size (or kernel_h and"
          + " kernel_w)");
    }
    long[] stride = pair(p, "stride", "stride_h", "stride_w", 1);
    long[] pad = pair(p, "pad", "pad_h", "pad_w", 0);
    long[] dilation = pair(p, "dilation", null, null, 1);
    return new ConvolutionSpec(p.integer("num_output", 0), p.bool("bias_term", true), kernel[0],
        kernel[1], stride[0], stride[1], pad[0], pad[1], dilation[0], dilation[1],
        p.integer("group", 1), p.integer("axis", 1));
  }

  private static long[] pair(ProtoFields p, String list, String h, String w, long defaultValue) {
    var values = p.integers(list);
    if (values.size() > 2) {
      throw new IllegalArgumentException("convolution_param has " + values.size() + " values of "
          + list + ", expected 1 or 2 for a 2-D convolution");
    }
    long[] out = {defaultValue, defaultValue};
    if (values.size() == 1) {
      out[0] = values.get(0);
      out[1] = values.get(0);
    } else if (values.size() == 2) {
      out[0] = values.get(0);
      out[1] = values.get(1);
    }
    if (h != null && p.has(h)) {
      out[0] = p.integer(h, defaultValue);
    }
    if (w != null && p.has(w)) {
      out[1] = p.integer(w, defaultValue);
    }
    return out;
  }

  /** Whether the two describe the same computation (the bias flag aside). */
  boolean sameGeometry(ConvolutionSpec o) {
    return numOutput == o.numOutput && kernelH == o.kernelH && kernelW == o.kernelW
        && strideH == o.strideH && strideW == o.strideW && padH == o.padH && padW == o.padW
        && dilationH == o.dilationH && dilationW == o.dilationW && group == o.group;
  }

  @Override
  public String toString() {
    return "num_output " + numOutput + ", kernel " + dims(kernelH, kernelW) + ", stride "
        + dims(strideH, strideW) + ", pad " + dims(padH, padW) + ", dilation "
        + dims(dilationH, dilationW) + (group != 1 ? ", group " + group : "")
        + (biasTerm ? "" : ", no bias");
  }

  private static String dims(long h, long w) {
    return h == w ? Long.toString(h) : h + "x" + w;
  }
}
