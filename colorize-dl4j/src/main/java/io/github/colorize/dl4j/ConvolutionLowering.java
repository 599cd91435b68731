package io.github.colorize.dl4j;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.tensor.FloatTensor;
import java.util.Arrays;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;

/**
 * ONNX Conv (2-D, group 1 or depthwise) and ConvTranspose (group 1) as SameDiff conv2d,
 * depthwise conv2d and deconv2d, with the exact
 * space-to-batch rewrite of dilated convolutions that oneDNN builds of ND4J cannot run.
 */
final class ConvolutionLowering {

  private static final Set<String> CONV_ATTRIBUTES =
      Set.of("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides");
  private static final Set<String> CONV_TRANSPOSE_ATTRIBUTES = Set.of("auto_pad", "dilations",
      "group", "kernel_shape", "pads", "strides", "output_padding", "output_shape");
  /** ONNX ConvTranspose weight [C_in, C_out, kh, kw] to ND4J deconv2d's [kh, kw, C_out, C_in]. */
  static final int[] CONV_TRANSPOSE_TO_ENGINE = {2, 3, 1, 0};
  /**
   * ONNX Conv weight [C_out, C_in, kh, kw] to ND4J conv2d's default [kh, kw, C_in, C_out] (YXIO).
   * conv2d takes OIYX too, but its backprop op ignores that setting in 1.0.0-M2.1.
   */
  static final int[] CONV_TO_ENGINE = {2, 3, 1, 0};
  /** ONNX depthwise Conv weight [C, 1, kh, kw] to ND4J depthwise conv2d's [kh, kw, C, 1]. */
  static final int[] DEPTHWISE_TO_ENGINE = {2, 3, 0, 1};

  private final ConversionContext ctx;

  ConvolutionLowering(ConversionContext ctx) {
    this.ctx = ctx;
  }

  /** The geometry of one convolution, validated. */
  record Geometry(int kh, int kw, int sh, int sw, int dh, int dw, int top, int left, int bottom,
      int right) {

    boolean dilated() {
      return dh > 1 || dw > 1;
    }

    boolean symmetric() {
      return top == bottom && left == right;
    }

    long convOut(long in, boolean height) {
      if (in < 0) {
        return -1;
      }
      int k = height ? kh : kw;
      int s = height ? sh : sw;
      int d = height ? dh : dw;
      int pad = height ? top + bottom : left + right;
      return Math.floorDiv(in + pad - (long) d * (k - 1) - 1, s) + 1;
    }

    long convTransposeOut(long in, boolean height) {
      if (in < 0) {
        return -1;
      }
      int k = height ? kh : kw;
      int s = height ? sh : sw;
      int d = height ? dh : dw;
      int pad = height ? top + bottom : left + right;
      return (in - 1) * s - pad + (long) d * (k - 1) + 1;
    }
  }

  /**
   * Lowers a Conv node whose output is named {@code outputName}; {@code folded} (nullable) holds
   * the weight and bias with a following BatchNormalization folded in.
   */
  SDVariable conv(OnnxNode node, String outputName, FoldedConv folded) {
    checkArgument(node.inputs().size() == 2 || node.inputs().size() == 3,
        "node '%s' (Conv) has %s inputs, expected 2 or 3 (X, W, optional B)", node.label(),
        node.inputs().size());
    Validation.attributes(node, CONV_ATTRIBUTES);
    FloatTensor w = weightInitializer(node);
    Geometry g = geometry(node, w);
    long[] xShape = ctx.inputShape(node.inputs().get(0));
    boolean depthwise = isDepthwise(node, w);
    checkChannels(node, xShape, depthwise ? w.dim(0) : w.dim(1));
    long[] outShape = outputShape(node, xShape, w.dim(0), g, false);
    SDVariable x = ctx.input(node, node.inputs().get(0));
    if (depthwise) {
      return depthwise(node, outputName, folded, x, g, outShape);
    }

    SDVariable weight;
    SDVariable bias;
    if (folded != null) {
      weight = ctx.constant("__" + node.outputs().get(0) + "_folded_w", folded.weight(), CONV_TO_ENGINE);
      bias = ctx.constant("__" + node.outputs().get(0) + "_folded_b", folded.bias(), new int[0]);
    } else {
      weight = ctx.weight(node, node.inputs().get(1), CONV_TO_ENGINE, true);
      bias = hasBias(node) ? ctx.weight(node, node.inputs().get(2), new int[0], true) : null;
    }

    SDVariable y;
    if (g.dilated() && ctx.rewriteDilation) {
      y = spaceToBatchConv(node, outputName, x, xShape, weight, bias, w.dim(1), w.dim(0), g);
    } else {
      if (!g.symmetric()) {
        x = pad(node, x, g.top(), g.bottom(), g.left(), g.right());
      }
      int ph = g.symmetric() ? g.top() : 0;
      int pw = g.symmetric() ? g.left() : 0;
      Conv2DConfig config = Conv2DConfig.builder().kH(g.kh()).kW(g.kw()).sH(g.sh()).sW(g.sw())
          .pH(ph).pW(pw).dH(g.dh()).dW(g.dw()).dataFormat("NCHW")
          .weightsFormat(WeightsFormat.YXIO).build();
      y = bias == null ? ctx.sd.cnn().conv2d(outputName, x, weight, config)
          : ctx.sd.cnn().conv2d(outputName, x, weight, bias, config);
    }
    ctx.define(outputName, y, outShape);
    return y;
  }

  /** A depthwise Conv: SameDiff's depthwise conv2d, weight [kh, kw, C, 1]. */
  private SDVariable depthwise(OnnxNode node, String outputName, FoldedConv folded, SDVariable x,
      Geometry g, long[] outShape) {
    checkArgument(!g.dilated(), "node '%s' (Conv): dilated depthwise convolutions are not"
        + " supported, expected dilations [1, 1]", node.label());
    SDVariable weight;
    SDVariable bias;
    if (folded != null) {
      weight = ctx.constant("__" + node.outputs().get(0) + "_folded_w", folded.weight(),
          DEPTHWISE_TO_ENGINE);
      bias = ctx.constant("__" + node.outputs().get(0) + "_folded_b", folded.bias(), new int[0]);
    } else {
      weight = ctx.weight(node, node.inputs().get(1), DEPTHWISE_TO_ENGINE, true);
      bias = hasBias(node) ? ctx.weight(node, node.inputs().get(2), new int[0], true) : null;
    }
    if (!g.symmetric()) {
      x = pad(node, x, g.top(), g.bottom(), g.left(), g.right());
    }
    int ph = g.symmetric() ? g.top() : 0;
    int pw = g.symmetric() ? g.left() : 0;
    Conv2DConfig config = Conv2DConfig.builder().kH(g.kh()).kW(g.kw()).sH(g.sh()).sW(g.sw())
        .pH(ph).pW(pw).dH(1).dW(1).dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build();
    SDVariable y = bias == null ? ctx.sd.cnn().depthWiseConv2d(outputName, x, weight, config)
        : ctx.sd.cnn().depthWiseConv2d(outputName, x, weight, bias, config);
    ctx.define(outputName, y, outShape);
    return y;
  }

  /** Lowers a ConvTranspose node. */
  SDVariable convTranspose(OnnxNode node, String outputName, FoldedConv folded) {
    checkArgument(node.inputs().size() == 2 || node.inputs().size() == 3,
        "node '%s' (ConvTranspose) has %s inputs, expected 2 or 3 (X, W, optional B)",
        node.label(), node.inputs().size());
    Validation.attributes(node, CONV_TRANSPOSE_ATTRIBUTES);
    checkArgument(!node.attributes().containsKey("output_shape"),
        "node '%s' (ConvTranspose): attribute output_shape is not supported; give pads instead",
        node.label());
    long[] outputPadding = node.intsAttr("output_padding", new long[] {0, 0});
    checkArgument(Arrays.stream(outputPadding).allMatch(p -> p == 0),
        "node '%s' (ConvTranspose): output_padding %s is not supported, expected all zeros",
        node.label(), Arrays.toString(outputPadding));
    FloatTensor w = weightInitializer(node);
    Geometry g = geometry(node, w);
    checkArgument(g.symmetric(),
        "node '%s' (ConvTranspose): asymmetric pads [%s, %s, %s, %s] are not supported, expected"
            + " top == bottom and left == right", node.label(), g.top(), g.left(), g.bottom(),
        g.right());
    checkArgument(!g.dilated() || !ctx.rewriteDilation,
        "node '%s' (ConvTranspose): dilations [%s, %s] cannot run on this ND4J build (oneDNN"
            + " rejects dilated convolutions); expected dilations [1, 1]", node.label(), g.dh(),
        g.dw());
    long[] xShape = ctx.inputShape(node.inputs().get(0));
    checkChannels(node, xShape, w.dim(0));
    long[] outShape = outputShape(node, xShape, w.dim(1), g, true);
    SDVariable x = ctx.input(node, node.inputs().get(0));

    SDVariable weight;
    SDVariable bias;
    if (folded != null) {
      weight = ctx.constant("__" + node.outputs().get(0) + "_folded_w", folded.weight(),
          CONV_TRANSPOSE_TO_ENGINE);
      bias = ctx.constant("__" + node.outputs().get(0) + "_folded_b", folded.bias(), new int[0]);
    } else {
      weight = ctx.weight(node, node.inputs().get(1), CONV_TRANSPOSE_TO_ENGINE, true);
      bias = hasBias(node) ? ctx.weight(node, node.inputs().get(2), new int[0], true) : null;
    }
    DeConv2DConfig config = DeConv2DConfig.builder().kH(g.kh()).kW(g.kw()).sH(g.sh()).sW(g.sw())
        .pH(g.top()).pW(g.left()).dH(g.dh()).dW(g.dw()).isSameMode(false).dataFormat("NCHW")
        .build();
    SDVariable y = bias == null ? ctx.sd.cnn().deconv2d(outputName, x, weight, config)
        : ctx.sd.cnn().deconv2d(outputName, x, weight, bias, config);
    ctx.define(outputName, y, outShape);
    return y;
  }

  /** A Conv with one filter per input channel: group = C, weight {@code [C, 1, kh, kw]}. */
  static boolean isDepthwise(OnnxNode node, FloatTensor w) {
    long group = node.intAttr("group", 1);
    return node.opType().equals("Conv") && group > 1 && w.rank() == 4 && w.dim(0) == group
        && w.dim(1) == 1;
  }

  static boolean hasBias(OnnxNode node) {
    return node.inputs().size() == 3 && !node.inputs().get(2).isEmpty();
  }

  private FloatTensor weightInitializer(OnnxNode node) {
    String name = node.inputs().get(1);
    checkArgument(ctx.graph.initializers().containsKey(name) && !ctx.isValue(name),
        "node '%s' (%s): weight '%s' must be an initializer", node.label(), node.opType(), name);
    FloatTensor w = ctx.graph.initializers().get(name);
    checkArgument(w.rank() == 4,
        "node '%s' (%s): only 2-D convolutions are supported, weight '%s' has shape %s",
        node.label(), node.opType(), name, Arrays.toString(w.shape()));
    if (hasBias(node)) {
      int outChannels = node.opType().equals("Conv") ? w.dim(0) : w.dim(1);
      FloatTensor b = ctx.graph.initializer(node.inputs().get(2), node);
      checkArgument(b.rank() == 1 && b.dim(0) == outChannels,
          "node '%s' (%s): bias '%s' has shape %s, expected [%s]", node.label(), node.opType(),
          node.inputs().get(2), Arrays.toString(b.shape()), outChannels);
    }
    return w;
  }

  static Geometry geometry(OnnxNode node, FloatTensor w) {
    String autoPad = node.stringAttr("auto_pad", "NOTSET");
    checkArgument(autoPad.equals("NOTSET") || autoPad.equals("VALID"),
        "node '%s' (%s): auto_pad %s is not supported, expected NOTSET (explicit pads) or VALID",
        node.label(), node.opType(), autoPad);
    long group = node.intAttr("group", 1);
    checkArgument(group == 1 || isDepthwise(node, w),
        "node '%s' (%s): group %s with weight %s is not supported, expected 1 or a depthwise"
            + " Conv (group = channels, weight [C, 1, kh, kw])", node.label(), node.opType(),
        group, Arrays.toString(w.shape()));
    long[] kernel = node.intsAttr("kernel_shape", new long[] {w.dim(2), w.dim(3)});
    checkArgument(kernel.length == 2 && kernel[0] == w.dim(2) && kernel[1] == w.dim(3),
        "node '%s' (%s): kernel_shape %s does not match weight shape %s", node.label(),
        node.opType(), Arrays.toString(kernel), Arrays.toString(w.shape()));
    long[] strides = node.intsAttr("strides", new long[] {1, 1});
    long[] dilations = node.intsAttr("dilations", new long[] {1, 1});
    long[] pads = node.intsAttr("pads", new long[] {0, 0, 0, 0});
    checkArgument(strides.length == 2 && strides[0] >= 1 && strides[1] >= 1,
        "node '%s' (%s): strides %s, expected two values >= 1", node.label(), node.opType(),
        Arrays.toString(strides));
    checkArgument(dilations.length == 2 && dilations[0] >= 1 && dilations[1] >= 1,
        "node '%s' (%s): dilations %s, expected two values >= 1", node.label(), node.opType(),
        Arrays.toString(dilations));
    checkArgument(pads.length == 4 && Arrays.stream(pads).allMatch(p -> p >= 0),
        "node '%s' (%s): pads %s, expected four values >= 0 [top, left, bottom, right]",
        node.label(), node.opType(), Arrays.toString(pads));
    checkArgument(!autoPad.equals("VALID") || Arrays.stream(pads).allMatch(p -> p == 0),
        "node '%s' (%s): auto_pad VALID with non-zero pads %s", node.label(), node.opType(),
        Arrays.toString(pads));
    return new Geometry((int) kernel[0], (int) kernel[1], (int) strides[0], (int) strides[1],
        (int) dilations[0], (int) dilations[1], (int) pads[0], (int) pads[1], (int) pads[2],
        (int) pads[3]);
  }

  private static void checkChannels(OnnxNode node, long[] xShape, int expected) {
    if (xShape == null) {
      return;
    }
    checkArgument(xShape.length == 4,
        "node '%s' (%s): input '%s' has rank %s, expected 4 (N, C, H, W)", node.label(),
        node.opType(), node.inputs().get(0), xShape.length);
    checkArgument(xShape[1] < 0 || xShape[1] == expected,
        "node '%s' (%s): input '%s' has %s channels but the weight expects %s", node.label(),
        node.opType(), node.inputs().get(0), xShape[1], expected);
  }

  private static long[] outputShape(OnnxNode node, long[] xShape, long outChannels, Geometry g,
      boolean transpose) {
    long n = xShape == null ? -1 : xShape[0];
    long h = xShape == null ? -1 : xShape[2];
    long w = xShape == null ? -1 : xShape[3];
    long oh = transpose ? g.convTransposeOut(h, true) : g.convOut(h, true);
    long ow = transpose ? g.convTransposeOut(w, false) : g.convOut(w, false);
    checkArgument((h < 0 || oh >= 1) && (w < 0 || ow >= 1),
        "node '%s' (%s): its %sx%s input is too small, the output would be %sx%s", node.label(),
        node.opType(), h, w, oh, ow);
    return new long[] {n, outChannels, oh, ow};
  }

  private SDVariable pad(OnnxNode node, SDVariable x, int top, int bottom, int left, int right) {
    SDVariable paddings = ctx.sd.constant(ctx.uniqueName("__" + node.label() + "_paddings"),
        org.nd4j.linalg.factory.Nd4j.createFromArray(
            new int[][] {{0, 0}, {0, 0}, {top, bottom}, {left, right}}));
    return ctx.sd.nn().pad(ctx.uniqueName("__" + node.label() + "_padded"), x, paddings, 0.0);
  }

  /**
   * A dilated convolution as undilated convolutions on the input's dilation phases (exact).
   *
   * <p>With dilation d, output row {@code d*i + r} (stride 1) reads padded input rows {@code d*(i +
   * k) + r} only: phase r of the input. So: pad (plus a few rows so that the size is a multiple of
   * d), fold the d x d phases into the batch axis, convolve without dilation and padding, unfold,
   * crop to the true output size, and subsample for strides above 1.
   */
  private SDVariable spaceToBatchConv(OnnxNode node, String outputName, SDVariable x,
      long[] xShape, SDVariable weight, SDVariable bias, long inChannels, long outChannels,
      Geometry g) {
    checkArgument(xShape != null && xShape[2] > 0 && xShape[3] > 0,
        "node '%s' (Conv): dilations [%s, %s] are rewritten for this ND4J build (oneDNN rejects"
            + " dilated convolutions), which needs the input size: convert with"
            + " ConversionOptions.inputSize(height, width)", node.label(), g.dh(), g.dw());
    String p = "__" + node.label();
    int dh = g.dh();
    int dw = g.dw();
    // When the pads are symmetric multiples of the dilation, each phase needs only pads / d on
    // each side, which the phase convolution applies itself: no padded copy of the input.
    boolean phasePads = g.symmetric() && g.top() % dh == 0 && g.left() % dw == 0;
    long hp = xShape[2] + (phasePads ? 0 : g.top() + g.bottom());
    long wp = xShape[3] + (phasePads ? 0 : g.left() + g.right());
    long extraH = Math.floorMod(-hp, dh);
    long extraW = Math.floorMod(-wp, dw);
    SDVariable padded = x;
    if (phasePads && extraH + extraW > 0) {
      padded = pad(node, x, 0, (int) extraH, 0, (int) extraW);
    } else if (!phasePads) {
      padded = pad(node, x, g.top(), (int) (g.bottom() + extraH), g.left(),
          (int) (g.right() + extraW));
    }
    int convPadH = phasePads ? g.top() / dh : 0;
    int convPadW = phasePads ? g.left() / dw : 0;
    long hq = (hp + extraH) / dh;
    long wq = (wp + extraW) / dw;
    // [N, C, hq, dh, wq, dw] -> [dh, dw, N, C, hq, wq] -> [dh*dw*N, C, hq, wq]
    SDVariable split = ctx.sd.reshape(ctx.uniqueName(p + "_s2b_split"), padded, -1, inChannels,
        hq, dh, wq, dw);
    SDVariable phases = ctx.sd.permute(ctx.uniqueName(p + "_s2b_perm"), split, 3, 5, 0, 1, 2, 4);
    SDVariable batched = ctx.sd.reshape(ctx.uniqueName(p + "_s2b"), phases, -1, inChannels, hq, wq);
    Conv2DConfig config = Conv2DConfig.builder().kH(g.kh()).kW(g.kw()).sH(1).sW(1).pH(convPadH)
        .pW(convPadW).dH(1).dW(1).dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build();
    String convName = ctx.uniqueName(p + "_phase_conv");
    SDVariable conv = bias == null ? ctx.sd.cnn().conv2d(convName, batched, weight, config)
        : ctx.sd.cnn().conv2d(convName, batched, weight, bias, config);
    long oh = hq + 2L * convPadH - (g.kh() - 1);
    long ow = wq + 2L * convPadW - (g.kw() - 1);
    // [dh*dw*N, O, oh, ow] -> [dh, dw, N, O, oh, ow] -> [N, O, oh, dh, ow, dw] -> [N, O, oh*dh, ow*dw]
    SDVariable unsplit = ctx.sd.reshape(ctx.uniqueName(p + "_b2s_split"), conv, dh, dw, -1,
        outChannels, oh, ow);
    SDVariable interleaved = ctx.sd.permute(ctx.uniqueName(p + "_b2s_perm"), unsplit, 2, 3, 4, 0,
        5, 1);
    long fullH = xShape[2] + g.top() + g.bottom() - (long) dh * (g.kh() - 1);
    long fullW = xShape[3] + g.left() + g.right() - (long) dw * (g.kw() - 1);
    boolean crop = oh * dh != fullH || ow * dw != fullW;
    boolean strided = g.sh() > 1 || g.sw() > 1;
    if (!crop && !strided) {
      return ctx.sd.reshape(outputName, interleaved, -1, outChannels, oh * dh, ow * dw);
    }
    SDVariable merged = ctx.sd.reshape(ctx.uniqueName(p + "_b2s"), interleaved, -1, outChannels,
        oh * dh, ow * dw);
    // Begin and end masks on axes 0 and 1 keep the whole batch and every channel.
    return ctx.sd.stridedSlice(outputName, merged, new long[] {0, 0, 0, 0},
        new long[] {0, 0, fullH, fullW}, new long[] {1, 1, g.sh(), g.sw()}, 0b0011, 0b0011, 0, 0,
        0);
  }
}
