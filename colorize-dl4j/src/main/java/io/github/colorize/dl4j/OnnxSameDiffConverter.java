package io.github.colorize.dl4j;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.model.onnx.OnnxValueInfo;
import io.github.colorize.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Rebuilds an ONNX graph (the subset colorize writes, plus Softmax) as a SameDiff graph, for
 * inference or training.
 *
 * <p>Supported operators: Conv (2-D, group 1 or depthwise) and ConvTranspose (2-D, group 1),
 * with explicit or VALID pads, strides, dilations; BatchNormalization, Relu, Clip (constant
 * bounds), Mul and Add (numpy broadcasting) and Softmax. Anything else is
 * rejected with the node's name. Placeholders take the ONNX input names; the outputs keep the ONNX
 * output names.
 */
public final class OnnxSameDiffConverter {

  /** The operators this converter maps. */
  public static final List<String> SUPPORTED_OPS =
      List.of("Conv", "ConvTranspose", "BatchNormalization", "Relu", "Clip", "Mul", "Add",
          "Softmax");

  private OnnxSameDiffConverter() {}

  /**
   * Converts {@code graph}.
   *
   * @throws IllegalArgumentException for an unsupported operator or attribute, a missing
   *     initializer, or shapes that do not fit
   */
  public static SameDiffGraph convert(OnnxGraph graph, ConversionOptions options) {
    return convert(graph, options, null);
  }

  /**
   * Converts {@code graph}, taking constant weight arrays from {@code pool} (inference only), so
   * that several graphs of one model share them. The pool must only ever serve this graph.
   *
   * @param pool shared constants, or null for arrays private to this graph
   */
  public static SameDiffGraph convert(OnnxGraph graph, ConversionOptions options,
      ConstantPool pool) {
    checkNotNull(graph, "graph");
    checkNotNull(options, "options");
    for (OnnxNode node : graph.nodes()) {
      if (!SUPPORTED_OPS.contains(node.opType())) {
        throw new IllegalArgumentException("unsupported op " + node.opType() + " in node '"
            + node.label() + "' of graph '" + graph.name() + "'; supported ops: " + SUPPORTED_OPS);
      }
    }
    checkArgument(!graph.inputs().isEmpty(), "graph '%s' declares no input", graph.name());
    checkArgument(!graph.outputs().isEmpty(), "graph '%s' declares no output", graph.name());
    boolean rewrite = switch (options.dilation()) {
      case NATIVE -> false;
      case SPACE_TO_BATCH -> true;
      case AUTO -> NativeBuild.current().oneDnn();
    };
    SameDiff sd = SameDiff.create();
    ConversionContext ctx = new ConversionContext(sd, graph, options, rewrite, pool);
    List<String> inputNames = placeholders(ctx);
    Map<OnnxNode, OnnxNode> foldedInto = options.mode() == GraphMode.INFERENCE
        && options.foldBatchNorm() ? foldableBatchNorms(graph) : Map.of();
    // Identity, not names: foreign files may repeat node names.
    Set<OnnxNode> skip = Collections.newSetFromMap(new IdentityHashMap<>());
    skip.addAll(foldedInto.values());
    ConvolutionLowering conv = new ConvolutionLowering(ctx);
    BatchNormLowering batchNorm = new BatchNormLowering(ctx);
    List<BatchNormStatistics> stats = new ArrayList<>();
    for (OnnxNode node : graph.nodes()) {
      if (skip.contains(node)) {
        continue;
      }
      switch (node.opType()) {
        case "Conv", "ConvTranspose" -> {
          Validation.outputs(node, 1);
          OnnxNode bn = foldedInto.get(node);
          FoldedConv folded = bn == null ? null : fold(node, bn, ctx);
          String out = bn == null ? node.outputs().get(0) : bn.outputs().get(0);
          if (node.opType().equals("Conv")) {
            conv.conv(node, out, folded);
          } else {
            conv.convTranspose(node, out, folded);
          }
        }
        case "BatchNormalization" -> {
          if (options.mode() == GraphMode.TRAINING) {
            stats.add(batchNorm.training(node));
          } else {
            batchNorm.inference(node);
          }
        }
        case "Relu" -> relu(node, ctx);
        case "Clip" -> clip(node, ctx);
        case "Mul", "Add" -> binary(node, ctx);
        case "Softmax" -> softmax(node, ctx);
        default -> throw new IllegalStateException("unreachable: " + node.opType());
      }
    }
    List<String> outputNames = new ArrayList<>();
    Map<String, long[]> outputShapes = new HashMap<>();
    for (OnnxValueInfo out : graph.outputs()) {
      checkArgument(ctx.isValue(out.name()) && sd.hasVariable(out.name()),
          "graph '%s' declares output '%s', which no node produces", graph.name(), out.name());
      outputNames.add(out.name());
      long[] shape = ctx.shape(out.name());
      if (shape != null) {
        outputShapes.put(out.name(), shape);
      }
    }
    return new SameDiffGraph(sd, graph, options, inputNames, outputNames, ctx.trainableWeights(),
        stats, outputShapes);
  }

  private static List<String> placeholders(ConversionContext ctx) {
    List<String> names = new ArrayList<>();
    ConversionOptions options = ctx.options;
    for (int i = 0; i < ctx.graph.inputs().size(); i++) {
      OnnxValueInfo in = ctx.graph.inputs().get(i);
      checkArgument(in.elemType() == OnnxValueInfo.FLOAT,
          "graph input '%s' has element type %s, expected float32 (%s)", in.name(), in.elemType(),
          OnnxValueInfo.FLOAT);
      checkArgument(!in.shape().isEmpty(), "graph input '%s' has no declared shape", in.name());
      long[] shape = new long[in.shape().size()];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = in.shape().get(d).isFixed() ? in.shape().get(d).value() : -1;
      }
      // The batch axis always varies; the fixed input size applies to the first 4-D input.
      shape[0] = -1;
      if (i == 0 && options.hasInputSize() && shape.length == 4) {
        long[] declared = shape.clone();
        checkArgument((declared[2] < 0 || declared[2] == options.inputHeight())
                && (declared[3] < 0 || declared[3] == options.inputWidth()),
            "graph input '%s' is declared %s but the conversion fixes its size to %sx%s",
            in.name(), in.shape(), options.inputHeight(), options.inputWidth());
        shape[2] = options.inputHeight();
        shape[3] = options.inputWidth();
      }
      SDVariable ph = ctx.sd.placeHolder(in.name(), options.dataType(), placeholderShape(shape));
      ctx.define(in.name(), ph, shape);
      names.add(in.name());
    }
    return names;
  }

  /** The placeholder accepts any batch; spatial sizes stay open so that shape checks stay ours. */
  private static long[] placeholderShape(long[] shape) {
    long[] s = shape.clone();
    for (int d = 2; d < s.length; d++) {
      s[d] = -1;
    }
    return s;
  }

  /**
   * BatchNormalizations that can be folded into the Conv or ConvTranspose before them: that node's
   * output feeds nothing else and is not a graph output. Keyed by the convolution node.
   */
  private static Map<OnnxNode, OnnxNode> foldableBatchNorms(OnnxGraph graph) {
    Map<String, Integer> readers = new HashMap<>();
    for (OnnxNode node : graph.nodes()) {
      for (String in : node.inputs()) {
        readers.merge(in, 1, Integer::sum);
      }
    }
    Set<String> graphOutputs = new HashSet<>();
    graph.outputs().forEach(o -> graphOutputs.add(o.name()));
    Map<String, OnnxNode> producers = new HashMap<>();
    for (OnnxNode node : graph.nodes()) {
      for (String out : node.outputs()) {
        producers.put(out, node);
      }
    }
    Map<OnnxNode, OnnxNode> folds = new IdentityHashMap<>();
    for (OnnxNode bn : graph.nodes()) {
      if (!bn.opType().equals("BatchNormalization") || bn.inputs().isEmpty()) {
        continue;
      }
      String x = bn.inputs().get(0);
      OnnxNode producer = producers.get(x);
      boolean convolution = producer != null
          && (producer.opType().equals("Conv") || producer.opType().equals("ConvTranspose"));
      if (convolution && readers.getOrDefault(x, 0) == 1 && !graphOutputs.contains(x)
          && producer.outputs().size() == 1 && !folds.containsKey(producer)) {
        folds.put(producer, bn);
      }
    }
    return folds;
  }

  private static FoldedConv fold(OnnxNode conv, OnnxNode bn, ConversionContext ctx) {
    int channels = BatchNormLowering.validate(bn, ctx);
    FloatTensor w = ctx.graph.initializer(conv.inputs().get(1), conv);
    int axis = conv.opType().equals("Conv") ? 0 : 1;
    checkArgument(w.rank() == 4 && w.dim(axis) == channels,
        "node '%s' (%s) has weight shape %s but the BatchNormalization '%s' after it has %s"
            + " channels", conv.label(), conv.opType(), Arrays.toString(w.shape()), bn.label(),
        channels);
    FloatTensor b = ConvolutionLowering.hasBias(conv)
        ? ctx.graph.initializer(conv.inputs().get(2), conv) : null;
    double[][] kc = BatchNormLowering.affine(bn, ctx);
    return FoldedConv.fold(w, b, axis, kc[0], kc[1]);
  }

  private static void relu(OnnxNode node, ConversionContext ctx) {
    checkArgument(node.inputs().size() == 1, "node '%s' (Relu) has %s inputs, expected 1",
        node.label(), node.inputs().size());
    Validation.attributes(node, Set.of());
    Validation.outputs(node, 1);
    String in = node.inputs().get(0);
    SDVariable x = ctx.input(node, in);
    String out = node.outputs().get(0);
    ctx.define(out, ctx.sd.nn().relu(out, x, 0.0), ctx.inputShape(in));
  }

  /** Clip with constant bounds: attributes before opset 11, initializer inputs since. */
  private static void clip(OnnxNode node, ConversionContext ctx) {
    Validation.attributes(node, Set.of("min", "max"));
    Validation.outputs(node, 1);
    float min = node.floatAttr("min", Float.NEGATIVE_INFINITY);
    float max = node.floatAttr("max", Float.POSITIVE_INFINITY);
    List<String> in = node.inputs();
    if (in.size() > 1 && !in.get(1).isEmpty()) {
      min = clipBound(node, ctx, in.get(1));
    }
    if (in.size() > 2 && !in.get(2).isEmpty()) {
      max = clipBound(node, ctx, in.get(2));
    }
    checkArgument(min <= max, "node '%s' (Clip): min %s > max %s", node.label(), min, max);
    String x = in.get(0);
    String out = node.outputs().get(0);
    SDVariable y = ctx.sd.math().clipByValue(out, ctx.input(node, x),
        Math.max(min, -Float.MAX_VALUE), Math.min(max, Float.MAX_VALUE));
    ctx.define(out, y, ctx.inputShape(x));
  }

  private static float clipBound(OnnxNode node, ConversionContext ctx, String name) {
    FloatTensor t = ctx.graph.initializers().get(name);
    checkArgument(t != null && t.size() == 1 && !ctx.isValue(name),
        "node '%s' (Clip): bound '%s' must be a one-value float initializer", node.label(), name);
    return t.data()[0];
  }

  private static void binary(OnnxNode node, ConversionContext ctx) {
    checkArgument(node.inputs().size() == 2, "node '%s' (%s) has %s inputs, expected 2",
        node.label(), node.opType(), node.inputs().size());
    Validation.attributes(node, Set.of());
    Validation.outputs(node, 1);
    String a = node.inputs().get(0);
    String b = node.inputs().get(1);
    long[] shape = broadcast(node, ctx.inputShape(a), ctx.inputShape(b));
    String out = node.outputs().get(0);
    SDVariable y = node.opType().equals("Add") ? ctx.input(node, a).add(out, ctx.input(node, b))
        : ctx.input(node, a).mul(out, ctx.input(node, b));
    ctx.define(out, y, shape);
  }

  /** Numpy broadcasting of two shapes that may hold unknown (-1) dims; null if a rank is unknown. */
  static long[] broadcast(OnnxNode node, long[] a, long[] b) {
    if (a == null || b == null) {
      return null;
    }
    int rank = Math.max(a.length, b.length);
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da == 1) {
        out[i] = db;
      } else if (db == 1) {
        out[i] = da;
      } else if (da < 0 || db < 0) {
        out[i] = Math.max(da, db);
      } else {
        checkArgument(da == db, "node '%s' (%s): shapes %s and %s do not broadcast",
            node.label(), node.opType(), Arrays.toString(a), Arrays.toString(b));
        out[i] = da;
      }
    }
    return out;
  }

  private static void softmax(OnnxNode node, ConversionContext ctx) {
    checkArgument(node.inputs().size() == 1, "node '%s' (Softmax) has %s inputs, expected 1",
        node.label(), node.inputs().size());
    Validation.attributes(node, Set.of("axis"));
    Validation.outputs(node, 1);
    String in = node.inputs().get(0);
    long[] shape = ctx.inputShape(in);
    boolean modern = ctx.options.opsetVersion() >= 13;
    long axis = node.intAttr("axis", modern ? -1 : 1);
    checkArgument(shape != null || axis >= 0 || axis == -1,
        "node '%s' (Softmax): axis %s needs the input's rank, which is not known", node.label(),
        axis);
    int rank = shape == null ? -1 : shape.length;
    int resolved = (int) (axis < 0 && rank > 0 ? axis + rank : axis);
    checkArgument(rank < 0 || (resolved >= 0 && resolved < rank),
        "node '%s' (Softmax): axis %s is out of range for rank %s", node.label(), axis, rank);
    checkArgument(modern || axis == -1 || resolved == rank - 1,
        "node '%s' (Softmax): before opset 13 Softmax flattens its input from axis %s on; only the"
            + " last axis is supported for opset %s", node.label(), axis,
        ctx.options.opsetVersion());
    String out = node.outputs().get(0);
    SDVariable x = ctx.input(node, in);
    // Written out: the oneDNN builds' softmax op gives wrong results over axis 1 of NCHW tensors.
    String p = "__" + node.label();
    SDVariable max = x.max(ctx.uniqueName(p + "_max"), true, resolved);
    SDVariable e = ctx.sd.math().exp(ctx.uniqueName(p + "_exp"),
        x.sub(ctx.uniqueName(p + "_shifted"), max));
    SDVariable sum = e.sum(ctx.uniqueName(p + "_sum"), true, resolved);
    ctx.define(out, e.div(out, sum), shape);
  }
}
