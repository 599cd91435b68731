package io.github.colorize.dl4j;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.tensor.FloatTensor;
import java.util.Arrays;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * ONNX BatchNormalization written out with elementwise ops: in inference {@code x * k + c} from
 * the running statistics, in training the batch statistics (SameDiff's batchNorm op has no working
 * gradient in 1.0.0-M2.1).
 */
final class BatchNormLowering {

  private static final Set<String> ATTRIBUTES =
      Set.of("epsilon", "momentum", "training_mode", "spatial");
  static final float DEFAULT_EPSILON = 1e-5f;
  static final float DEFAULT_MOMENTUM = 0.9f;

  private final ConversionContext ctx;

  BatchNormLowering(ConversionContext ctx) {
    this.ctx = ctx;
  }

  /** Checks the node's form; returns its channel count. */
  static int validate(OnnxNode node, ConversionContext ctx) {
    checkArgument(node.inputs().size() == 5,
        "node '%s' (BatchNormalization) has %s inputs, expected 5 (X, scale, B, mean, var)",
        node.label(), node.inputs().size());
    Validation.attributes(node, ATTRIBUTES);
    Validation.outputs(node, 1);
    checkArgument(node.intAttr("training_mode", 0) == 0,
        "node '%s' (BatchNormalization): training_mode 1 is not supported in a model file",
        node.label());
    checkArgument(node.intAttr("spatial", 1) == 1,
        "node '%s' (BatchNormalization): spatial 0 is not supported", node.label());
    FloatTensor scale = ctx.graph.initializer(node.inputs().get(1), node);
    int channels = scale.size();
    for (int i = 1; i < 5; i++) {
      String name = node.inputs().get(i);
      checkArgument(ctx.graph.initializers().containsKey(name) && !ctx.isValue(name),
          "node '%s' (BatchNormalization): input '%s' must be an initializer", node.label(), name);
      FloatTensor t = ctx.graph.initializer(name, node);
      checkArgument(t.rank() == 1 && t.dim(0) == channels,
          "node '%s' (BatchNormalization): '%s' has shape %s, expected [%s]", node.label(), name,
          Arrays.toString(t.shape()), channels);
    }
    long[] xShape = ctx.inputShape(node.inputs().get(0));
    checkArgument(xShape == null || (xShape.length >= 2 && (xShape[1] < 0 || xShape[1] == channels)),
        "node '%s' (BatchNormalization): input '%s' has shape %s, expected [N, %s, ...]",
        node.label(), node.inputs().get(0), xShape == null ? "?" : Arrays.toString(xShape),
        channels);
    return channels;
  }

  /** The node as {@code y = x * k + c}: k and c in double precision. */
  static double[][] affine(OnnxNode node, ConversionContext ctx) {
    float[] scale = ctx.graph.initializer(node.inputs().get(1), node).data();
    float[] beta = ctx.graph.initializer(node.inputs().get(2), node).data();
    float[] mean = ctx.graph.initializer(node.inputs().get(3), node).data();
    float[] var = ctx.graph.initializer(node.inputs().get(4), node).data();
    double eps = node.floatAttr("epsilon", DEFAULT_EPSILON);
    double[] k = new double[scale.length];
    double[] c = new double[scale.length];
    for (int i = 0; i < k.length; i++) {
      checkArgument(var[i] + eps > 0,
          "node '%s' (BatchNormalization): variance %s of channel %s plus epsilon is not positive",
          node.label(), var[i], i);
      k[i] = scale[i] / Math.sqrt(var[i] + eps);
      c[i] = beta[i] - mean[i] * k[i];
    }
    return new double[][] {k, c};
  }

  /** The inference form, from the running statistics. */
  SDVariable inference(OnnxNode node) {
    int channels = validate(node, ctx);
    String out = node.outputs().get(0);
    long[] xShape = ctx.inputShape(node.inputs().get(0));
    int rank = xShape == null ? 4 : xShape.length;
    double[][] kc = affine(node, ctx);
    long[] bcast = broadcastShape(channels, rank);
    SDVariable x = ctx.input(node, node.inputs().get(0));
    SDVariable k = ctx.constant("__" + node.label() + "_k", toFloats(kc[0]), bcast);
    SDVariable c = ctx.constant("__" + node.label() + "_c", toFloats(kc[1]), bcast);
    SDVariable scaled = x.mul(ctx.uniqueName("__" + node.label() + "_scaled"), k);
    SDVariable y = scaled.add(out, c);
    ctx.define(out, y, xShape);
    return y;
  }

  /**
   * The training form: normalize with the batch mean and biased variance over every axis but 1;
   * those statistics also become graph outputs.
   */
  BatchNormStatistics training(OnnxNode node) {
    int channels = validate(node, ctx);
    String out = node.outputs().get(0);
    String p = "__" + node.label();
    long[] xShape = ctx.inputShape(node.inputs().get(0));
    int rank = xShape == null ? 4 : xShape.length;
    int[] reduce = new int[rank - 1];
    reduce[0] = 0;
    for (int i = 2; i < rank; i++) {
      reduce[i - 1] = i;
    }
    long[] bcast = broadcastShape(channels, rank);
    SDVariable x = ctx.input(node, node.inputs().get(0));
    boolean affine = ctx.options.trainBatchNormAffine();
    SDVariable scale = ctx.sd.reshape(ctx.uniqueName(p + "_scale"),
        ctx.weight(node, node.inputs().get(1), new int[0], affine), bcast);
    SDVariable beta = ctx.sd.reshape(ctx.uniqueName(p + "_beta"),
        ctx.weight(node, node.inputs().get(2), new int[0], affine), bcast);
    double eps = node.floatAttr("epsilon", DEFAULT_EPSILON);

    SDVariable mean = x.mean(ctx.uniqueName(p + "_mean4"), true, reduce);
    SDVariable centered = x.sub(ctx.uniqueName(p + "_centered"), mean);
    SDVariable variance = centered.mul(ctx.uniqueName(p + "_sq"), centered)
        .mean(ctx.uniqueName(p + "_var4"), true, reduce);
    SDVariable invStd = ctx.sd.math().rsqrt(ctx.uniqueName(p + "_invstd"),
        variance.add(ctx.uniqueName(p + "_var_eps"), eps));
    SDVariable gain = invStd.mul(ctx.uniqueName(p + "_gain"), scale);
    SDVariable y = centered.mul(ctx.uniqueName(p + "_normed"), gain).add(out, beta);
    ctx.define(out, y, xShape);

    String meanOut = ctx.uniqueName(node.label() + ".batch_mean");
    String varOut = ctx.uniqueName(node.label() + ".batch_var");
    ctx.sd.reshape(meanOut, mean, channels);
    ctx.sd.reshape(varOut, variance, channels);
    long spatial = -1;
    if (xShape != null) {
      spatial = 1;
      for (int i = 2; i < rank; i++) {
        spatial = xShape[i] < 0 || spatial < 0 ? -1 : spatial * xShape[i];
      }
    }
    return new BatchNormStatistics(node.label(), node.inputs().get(3), node.inputs().get(4),
        meanOut, varOut, node.floatAttr("momentum", DEFAULT_MOMENTUM), spatial);
  }

  private static long[] broadcastShape(int channels, int rank) {
    long[] s = new long[rank];
    Arrays.fill(s, 1);
    s[1] = channels;
    return s;
  }

  static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
