package io.github.colorize.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.model.onnx.OnnxAttribute;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.model.onnx.OnnxValueInfo;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import io.github.colorize.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An ImageNet MobileNetV2 encoder rebuilt for a one-channel input from an ONNX classifier (the
 * TensorFlow export in {@code ../shared/models/mobilenet-v2/}): its Conv (plain, 1x1 and
 * depthwise), Clip (ReLU6) and Add (residual) nodes up to the deepest feature map a decoder uses,
 * with
 *
 * <ul>
 *   <li>every Pad (TensorFlow's SAME padding, asymmetric before stride-2 convolutions) folded
 *       into the pads of the convolution it feeds,
 *   <li>Clip's bounds as inputs (opset 11 and later),
 *   <li>the first convolution's RGB kernels summed over the input channels: for a gray input
 *       (R = G = B) the same output from one channel, normalized as
 *       {@link InputNormalization#SRGB_GRAY_M1_1}.
 * </ul>
 *
 * <p>Names are the source's with the prefix {@value #PREFIX}. The feature map of each stride is
 * the last linear bottleneck output at that stride (a residual Add, or a projection Conv no Clip
 * follows): for MobileNetV2 1.0, 24 channels at stride 4, 32 at 8, 96 at 16, 320 at 32.
 */
public final class MobileNetV2Encoder {

  /** Prefix of every node, value and weight name of the encoder. */
  public static final String PREFIX = "enc";
  /** The graph input: the normalized gray plane {@code [N, 1, H, W]}. */
  public static final String INPUT = "l";
  /** Minimum and maximum of ReLU6, scalar initializers shared by every Clip. */
  static final String RELU6_MIN = PREFIX + "/relu6_min";
  static final String RELU6_MAX = PREFIX + "/relu6_max";

  private final List<OnnxNode> nodes;
  private final Map<String, FloatTensor> weights;
  /** Stride -> feature map name. */
  private final Map<Integer, String> taps;
  /** Feature map name -> channels. */
  private final Map<String, Integer> channels;
  private final String description;

  private MobileNetV2Encoder(List<OnnxNode> nodes, Map<String, FloatTensor> weights,
      Map<Integer, String> taps, Map<String, Integer> channels, String description) {
    this.nodes = List.copyOf(nodes);
    this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    this.taps = Collections.unmodifiableMap(new TreeMap<>(taps));
    this.channels = Map.copyOf(channels);
    this.description = description;
  }

  /**
   * Rebuilds the encoder of a MobileNetV2 classifier graph (opset-10 style: Pad and Clip with
   * attributes), up to its last bottleneck before the pooling head.
   *
   * @param source the classifier's graph, one input {@code [N, 3, H, W]}
   * @param description what the encoder is, for the model card (e.g. the file name and source)
   * @throws IllegalArgumentException naming the node, if the graph holds an operator or an
   *     attribute this rebuild does not handle
   */
  public static MobileNetV2Encoder from(OnnxGraph source, String description) {
    checkNotNull(source, "source");
    checkNotNull(description, "description");
    checkArgument(source.inputs().size() == 1, "encoder graph '%s' has %s inputs, expected one"
        + " RGB image [N,3,H,W]", source.name(), source.inputs().size());
    String rgb = source.inputs().get(0).name();
    Map<String, List<OnnxNode>> readers = new HashMap<>();
    for (OnnxNode node : source.nodes()) {
      for (String in : node.inputs()) {
        readers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
      }
    }
    Map<String, FloatTensor> weights = new LinkedHashMap<>();
    weights.put(RELU6_MIN, FloatTensor.of(new float[] {0f}));
    weights.put(RELU6_MAX, FloatTensor.of(new float[] {6f}));
    List<OnnxNode> nodes = new ArrayList<>();
    Map<String, long[]> pendingPads = new HashMap<>();
    Map<String, String> renamed = new HashMap<>();
    renamed.put(rgb, INPUT);
    Map<String, Integer> strideOf = new HashMap<>();
    strideOf.put(rgb, 1);
    Map<String, Integer> channelsOf = new HashMap<>();
    channelsOf.put(rgb, 3);
    Map<Integer, String> taps = new TreeMap<>();
    boolean first = true;
    for (OnnxNode node : source.nodes()) {
      String op = node.opType();
      if (op.equals("ReduceMean") || op.equals("GlobalAveragePool") || op.equals("Flatten")) {
        break; // the classifier head
      }
      String in = node.inputs().get(0);
      String out = node.outputs().get(0);
      checkArgument(renamed.containsKey(in), "encoder node '%s' (%s) reads '%s', which is not an"
          + " output of the encoder before it", node.label(), op, in);
      switch (op) {
        case "Pad" -> {
          long[] pads = node.intsAttr("pads", null);
          String mode = node.stringAttr("mode", "constant");
          List<OnnxNode> next = readers.getOrDefault(out, List.of());
          checkArgument(pads != null && pads.length == 8 && pads[0] == 0 && pads[1] == 0
                  && pads[4] == 0 && pads[5] == 0 && mode.equals("constant")
                  && node.floatAttr("value", 0f) == 0f,
              "encoder node '%s' (Pad) has pads %s mode %s: expected a zero padding of H and W"
                  + " given as attributes (opset 10)", node.label(), Arrays.toString(pads), mode);
          checkArgument(next.size() == 1 && next.get(0).opType().equals("Conv"),
              "encoder node '%s' (Pad) feeds %s, expected exactly one Conv to fold it into",
              node.label(), next.stream().map(OnnxNode::label).toList());
          pendingPads.put(out, new long[] {pads[2], pads[3], pads[6], pads[7]});
          renamed.put(out, renamed.get(in));
          strideOf.put(out, strideOf.get(in));
          channelsOf.put(out, channelsOf.get(in));
        }
        case "Conv" -> {
          FloatTensor w = source.initializer(node.inputs().get(1), node);
          long[] strides = node.intsAttr("strides", new long[] {1, 1});
          long[] own = node.intsAttr("pads", new long[] {0, 0, 0, 0});
          long[] folded = pendingPads.getOrDefault(in, new long[4]);
          long[] pads = new long[4];
          for (int i = 0; i < 4; i++) {
            pads[i] = own[i] + folded[i];
          }
          long group = node.intAttr("group", 1);
          if (first) {
            checkArgument(group == 1 && w.dim(1) == 3, "encoder's first Conv '%s' has weight %s"
                + " group %s, expected [C, 3, k, k] over the RGB input", node.label(),
                Arrays.toString(w.shape()), group);
            w = sumInputChannels(w);
            first = false;
          }
          String wName = PREFIX + "/" + node.inputs().get(1);
          weights.put(wName, w);
          List<String> inputs = new ArrayList<>(List.of(renamed.get(in), wName));
          if (node.inputs().size() > 2 && !node.inputs().get(2).isEmpty()) {
            String bName = PREFIX + "/" + node.inputs().get(2);
            weights.put(bName, source.initializer(node.inputs().get(2), node));
            inputs.add(bName);
          }
          Map<String, OnnxAttribute> attrs = new LinkedHashMap<>();
          attrs.put("kernel_shape", OnnxAttribute.ofInts("kernel_shape", w.dim(2), w.dim(3)));
          attrs.put("strides", OnnxAttribute.ofInts("strides", strides));
          attrs.put("pads", OnnxAttribute.ofInts("pads", pads));
          attrs.put("dilations", OnnxAttribute.ofInts("dilations",
              node.intsAttr("dilations", new long[] {1, 1})));
          attrs.put("group", OnnxAttribute.ofInt("group", group));
          String name = PREFIX + out;
          nodes.add(new OnnxNode(PREFIX + node.name(), "Conv", inputs, List.of(name), attrs));
          renamed.put(out, name);
          strideOf.put(out, strideOf.get(in) * (int) Math.max(strides[0], strides[1]));
          channelsOf.put(out, w.dim(0));
          boolean clipped = readers.getOrDefault(out, List.of()).stream()
              .anyMatch(r -> r.opType().equals("Clip") || r.opType().equals("Relu"));
          if (!clipped) {
            taps.put(strideOf.get(out), out);
          }
        }
        case "Clip" -> {
          float min = node.floatAttr("min", Float.NaN);
          float max = node.floatAttr("max", Float.NaN);
          checkArgument(node.inputs().size() == 1 && min == 0f && max == 6f,
              "encoder node '%s' (Clip) is not ReLU6 given as attributes (min %s, max %s)",
              node.label(), min, max);
          String name = PREFIX + out;
          nodes.add(new OnnxNode(PREFIX + node.name(), "Clip",
              List.of(renamed.get(in), RELU6_MIN, RELU6_MAX), List.of(name), Map.of()));
          renamed.put(out, name);
          strideOf.put(out, strideOf.get(in));
          channelsOf.put(out, channelsOf.get(in));
        }
        case "Add" -> {
          String other = node.inputs().get(1);
          checkArgument(renamed.containsKey(other) && strideOf.get(other).equals(strideOf.get(in)),
              "encoder node '%s' (Add) adds '%s' and '%s', expected two feature maps of one"
                  + " stride", node.label(), in, other);
          String name = PREFIX + out;
          nodes.add(new OnnxNode(PREFIX + node.name(), "Add",
              List.of(renamed.get(in), renamed.get(other)), List.of(name), Map.of()));
          renamed.put(out, name);
          strideOf.put(out, strideOf.get(in));
          channelsOf.put(out, channelsOf.get(in));
          taps.put(strideOf.get(out), out);
        }
        default -> throw new IllegalArgumentException("encoder node '" + node.label() + "' is a "
            + op + ", expected Pad, Conv, Clip or Add before the classifier head");
      }
    }
    checkArgument(!first, "encoder graph '%s' has no convolution", source.name());
    Map<Integer, String> tapNames = new TreeMap<>();
    Map<String, Integer> channels = new HashMap<>();
    for (Map.Entry<Integer, String> e : taps.entrySet()) {
      String name = renamed.get(e.getValue());
      tapNames.put(e.getKey(), name);
      channels.put(name, channelsOf.get(e.getValue()));
    }
    return new MobileNetV2Encoder(nodes, weights, tapNames, channels, description);
  }

  /** {@code [C, 3, k, k]} -> {@code [C, 1, k, k]}, summed over the input channels. */
  private static FloatTensor sumInputChannels(FloatTensor w) {
    int[] s = w.shape();
    int k = s[2] * s[3];
    float[] src = w.data();
    float[] sum = new float[s[0] * k];
    for (int o = 0; o < s[0]; o++) {
      for (int c = 0; c < s[1]; c++) {
        for (int i = 0; i < k; i++) {
          sum[o * k + i] += src[(o * s[1] + c) * k + i];
        }
      }
    }
    return FloatTensor.of(sum, s[0], 1, s[2], s[3]);
  }

  /** What the encoder is (source file, origin, licence), as given to {@link #from}. */
  public String description() {
    return description;
  }

  /** The strides that have a feature map, ascending. */
  public List<Integer> strides() {
    return List.copyOf(taps.keySet());
  }

  /**
   * The name of the feature map at {@code stride}.
   *
   * @throws IllegalArgumentException if the encoder has none at that stride
   */
  public String tap(int stride) {
    String name = taps.get(stride);
    checkArgument(name != null, "the encoder has no feature map at stride %s; it has %s", stride,
        taps.keySet());
    return name;
  }

  /** Channels of the feature map at {@code stride}. */
  public int channels(int stride) {
    return channels.get(tap(stride));
  }

  /** Every encoder weight by name (the first convolution already summed to one channel). */
  public Map<String, FloatTensor> weights() {
    return weights;
  }

  /**
   * The nodes that compute the feature maps of {@code strides}, in order: the encoder up to the
   * deepest of them.
   */
  public List<OnnxNode> nodes(List<Integer> strides) {
    String deepest = tap(Collections.max(strides));
    List<OnnxNode> used = new ArrayList<>();
    for (OnnxNode node : nodes) {
      used.add(node);
      if (node.outputs().contains(deepest)) {
        break;
      }
    }
    return used;
  }

  /** The weights those nodes read. */
  public Map<String, FloatTensor> weights(List<OnnxNode> used) {
    Map<String, FloatTensor> w = new LinkedHashMap<>();
    for (OnnxNode node : used) {
      for (String in : node.inputs()) {
        FloatTensor t = weights.get(in);
        if (t != null) {
          w.put(in, t);
        }
      }
    }
    return w;
  }

  /**
   * The encoder alone with the feature maps of {@code strides} as outputs (in that order): what
   * a frozen-encoder training run computes its decoder's inputs with.
   */
  public OnnxGraph featureGraph(List<Integer> strides) {
    List<OnnxNode> used = nodes(strides);
    List<OnnxValueInfo> outputs = new ArrayList<>();
    for (int s : strides) {
      outputs.add(OnnxValueInfo.floatTensor(tap(s), Dim.symbolic("N"), Dim.of(channels(s)),
          Dim.symbolic("H/" + s), Dim.symbolic("W/" + s)));
    }
    return new OnnxGraph("mobilenetv2_features", used, weights(used), List.of(input()), outputs);
  }

  /** The graph input {@code l}, {@code [N, 1, H, W]}. */
  static OnnxValueInfo input() {
    return OnnxValueInfo.floatTensor(INPUT, Dim.symbolic("N"), Dim.of(1), Dim.symbolic("H"),
        Dim.symbolic("W"));
  }
}
