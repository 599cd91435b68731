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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The {@value #FAMILY} network family: a gray photo through an ImageNet {@link MobileNetV2Encoder}
 * and a U-Net-style decoder to 313 class logits at stride {@value #OUTPUT_STRIDE}.
 *
 * <p>The decoder starts at the deepest fused feature map with a 3x3 convolution to {@code width}
 * channels; then, one stride at a time down to 4, a 4x4 stride-2 ConvTranspose doubles the
 * resolution, a 1x1 convolution projects the encoder's feature map of that stride (if fused) and
 * is added, and a 3x3 convolution mixes them. Every convolution but the last is followed by ReLU
 * and BatchNorm (as in eccv16); a 1x1 convolution gives the logits. Ops: Conv, ConvTranspose,
 * Relu, BatchNormalization, Add (plus the encoder's Conv with groups and Clip).
 *
 * <p>Decoder weights are named {@code dec.<layer>.weight|.bias} and
 * {@code dec.<layer>.bn.scale|.bias|.mean|.var}; {@link #decoderGraph} is the decoder alone, fed
 * the feature maps (finest first), which a frozen-encoder training run trains.
 *
 * @param encoder the encoder
 * @param width decoder channels
 * @param fused the strides whose feature maps the decoder fuses (each a power of two from 4 to
 *     32 the encoder has)
 * @param bins output classes (313)
 */
public record MobileNetV2Unet(MobileNetV2Encoder encoder, int width, List<Integer> fused,
    int bins) {

  /** The family name recorded in model files ({@value MetadataKeys#FAMILY}). */
  public static final String FAMILY = "mobilenetv2-unet";
  /** Logits at 1/4 of the input resolution, as eccv16's. */
  public static final int OUTPUT_STRIDE = 4;
  /** Name of the graph output. */
  public static final String OUTPUT = Eccv16.LOGITS_OUTPUT;
  /** Input sides are multiples of this (five stride-2 convolutions). */
  public static final int INPUT_MULTIPLE = 32;

  public MobileNetV2Unet {
    checkNotNull(encoder, "encoder");
    checkArgument(width >= 1 && width <= 1024, "decoder width is %s, expected in [1, 1024]",
        width);
    checkArgument(fused != null && !fused.isEmpty(), "the decoder fuses no feature map");
    fused = fused.stream().sorted(Comparator.reverseOrder()).distinct().toList();
    for (int s : fused) {
      checkArgument(s >= OUTPUT_STRIDE && Integer.bitCount(s) == 1,
          "fused stride %s, expected a power of two >= %s", s, OUTPUT_STRIDE);
      encoder.tap(s); // checks that the encoder has it
    }
    checkArgument(bins >= 2, "bins is %s, expected >= 2", bins);
  }

  /** Parses a list of strides such as {@code 32,16,8,4}. */
  public static List<Integer> parseStrides(String text) {
    checkNotNull(text, "text");
    List<Integer> strides = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        strides.add(Integer.parseInt(part.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("fused strides '" + text + "': '" + part
            + "' is not a number; expected a list such as 32,16,8,4", e);
      }
    }
    return strides;
  }

  /** One decoder layer. */
  private record Layer(String name, String op, int in, int out, int kernel, boolean bn) {
    int[] weightShape() {
      return op.equals("Conv") ? new int[] {out, in, kernel, kernel}
          : new int[] {in, out, kernel, kernel};
    }
  }

  /** The deepest fused stride. */
  private int top() {
    return fused.get(0);
  }

  private List<Layer> layers() {
    List<Layer> layers = new ArrayList<>();
    layers.add(new Layer("dec.top", "Conv", encoder.channels(top()), width, 3, true));
    for (int s = top() / 2; s >= OUTPUT_STRIDE; s /= 2) {
      layers.add(new Layer("dec.up" + s, "ConvTranspose", width, width, 4, false));
      if (fused.contains(s)) {
        layers.add(new Layer("dec.skip" + s, "Conv", encoder.channels(s), width, 1, false));
      }
      layers.add(new Layer("dec.fuse" + s, "Conv", width, width, 3, true));
    }
    layers.add(new Layer("dec.head", "Conv", width, bins, 1, false));
    return layers;
  }

  /** The names and shapes of the decoder's weights, in order. */
  public Map<String, int[]> decoderWeightShapes() {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (Layer l : layers()) {
      shapes.put(l.name + ".weight", l.weightShape());
      shapes.put(l.name + ".bias", new int[] {l.out});
      if (l.bn) {
        for (String part : new String[] {".scale", ".bias", ".mean", ".var"}) {
          shapes.put(l.name + ".bn" + part, new int[] {l.out});
        }
      }
    }
    return shapes;
  }

  /**
   * Decoder weights a training run starts from: He-normal convolutions, zero biases, identity
   * BatchNorms, the head drawn with std {@value Eccv16#HEAD_INIT_STD} (a near-uniform first
   * prediction). Deterministic for a seed.
   */
  public Map<String, FloatTensor> initialDecoderWeights(long seed) {
    Random random = new Random(seed);
    Map<String, FloatTensor> w = new LinkedHashMap<>();
    for (Layer l : layers()) {
      int[] shape = l.weightShape();
      float[] data = new float[shape[0] * shape[1] * shape[2] * shape[3]];
      double std = l.name.equals("dec.head") ? Eccv16.HEAD_INIT_STD
          : Math.sqrt(2.0 / (l.in * l.kernel * l.kernel));
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) (random.nextGaussian() * std);
      }
      w.put(l.name + ".weight", FloatTensor.of(data, shape));
      w.put(l.name + ".bias", FloatTensor.zeros(l.out));
      if (l.bn) {
        float[] ones = new float[l.out];
        Arrays.fill(ones, 1f);
        w.put(l.name + ".bn.scale", FloatTensor.of(ones.clone(), l.out));
        w.put(l.name + ".bn.bias", FloatTensor.zeros(l.out));
        w.put(l.name + ".bn.mean", FloatTensor.zeros(l.out));
        w.put(l.name + ".bn.var", FloatTensor.of(ones, l.out));
      }
    }
    return w;
  }

  /** The decoder's weights of {@code weights} (checked), in order. */
  public Map<String, FloatTensor> decoderWeights(Map<String, FloatTensor> weights) {
    checkNotNull(weights, "weights");
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : decoderWeightShapes().entrySet()) {
      FloatTensor t = weights.get(e.getKey());
      checkArgument(t != null, "decoder weight '%s' is missing", e.getKey());
      checkArgument(Arrays.equals(t.shape(), e.getValue()),
          "decoder weight '%s' has shape %s, expected %s", e.getKey(),
          Arrays.toString(t.shape()), Arrays.toString(e.getValue()));
      out.put(e.getKey(), t);
    }
    return out;
  }

  private List<OnnxNode> decoderNodes() {
    List<OnnxNode> nodes = new ArrayList<>();
    String x = encoder.tap(top());
    for (Layer l : layers()) {
      if (l.name.startsWith("dec.skip")) {
        int s = Integer.parseInt(l.name.substring("dec.skip".length()));
        String skip = conv(nodes, l, encoder.tap(s));
        String sum = l.name + ".sum";
        nodes.add(new OnnxNode(sum, "Add", List.of(x, skip), List.of(sum), Map.of()));
        x = sum;
        continue;
      }
      x = conv(nodes, l, x);
      if (l.name.equals("dec.head")) {
        break;
      }
      String relu = l.name + ".relu";
      nodes.add(new OnnxNode(relu, "Relu", List.of(x), List.of(relu), Map.of()));
      x = relu;
      if (l.bn) {
        String bn = l.name + ".bn";
        nodes.add(new OnnxNode(bn, "BatchNormalization",
            List.of(x, bn + ".scale", bn + ".bias", bn + ".mean", bn + ".var"), List.of(bn),
            Map.of("epsilon", OnnxAttribute.ofFloat("epsilon", Eccv16.BN_EPSILON))));
        x = bn;
      }
    }
    // The head's output takes the public name.
    OnnxNode head = nodes.remove(nodes.size() - 1);
    nodes.add(new OnnxNode(head.name(), head.opType(), head.inputs(), List.of(OUTPUT),
        head.attributes()));
    return nodes;
  }

  private static String conv(List<OnnxNode> nodes, Layer l, String x) {
    Map<String, OnnxAttribute> attrs = new LinkedHashMap<>();
    boolean up = l.op.equals("ConvTranspose");
    int p = up ? 1 : l.kernel / 2;
    int stride = up ? 2 : 1;
    attrs.put("kernel_shape", OnnxAttribute.ofInts("kernel_shape", l.kernel, l.kernel));
    attrs.put("strides", OnnxAttribute.ofInts("strides", stride, stride));
    attrs.put("pads", OnnxAttribute.ofInts("pads", p, p, p, p));
    attrs.put("dilations", OnnxAttribute.ofInts("dilations", 1, 1));
    nodes.add(new OnnxNode(l.name, l.op, List.of(x, l.name + ".weight", l.name + ".bias"),
        List.of(l.name), attrs));
    return l.name;
  }

  private OnnxValueInfo output() {
    return OnnxValueInfo.floatTensor(OUTPUT, Dim.symbolic("N"), Dim.of(bins), Dim.symbolic("H/4"),
        Dim.symbolic("W/4"));
  }

  /** The fused strides finest first: the order of {@link #decoderGraph}'s inputs. */
  public List<Integer> decoderInputStrides() {
    List<Integer> finestFirst = new ArrayList<>(fused);
    java.util.Collections.reverse(finestFirst);
    return List.copyOf(finestFirst);
  }

  /**
   * The decoder alone: inputs the encoder's feature maps of {@link #decoderInputStrides()} (named
   * as in the full graph), output the logits.
   */
  public OnnxGraph decoderGraph(Map<String, FloatTensor> weights) {
    return decoderGraph(weights, 0);
  }

  /**
   * The decoder alone for network inputs of {@code side x side} (its feature maps' sizes fixed:
   * what training needs to infer every shape), or of any size for 0.
   */
  public OnnxGraph decoderGraph(Map<String, FloatTensor> weights, int side) {
    checkArgument(side >= 0 && side % INPUT_MULTIPLE == 0,
        "input side %s, expected a multiple of %s (or 0 for any)", side, INPUT_MULTIPLE);
    List<OnnxValueInfo> inputs = new ArrayList<>();
    for (int s : decoderInputStrides()) {
      Dim h = side > 0 ? Dim.of(side / s) : Dim.symbolic("H/" + s);
      Dim w = side > 0 ? Dim.of(side / s) : Dim.symbolic("W/" + s);
      inputs.add(OnnxValueInfo.floatTensor(encoder.tap(s), Dim.symbolic("N"),
          Dim.of(encoder.channels(s)), h, w));
    }
    return new OnnxGraph(FAMILY + "_decoder", decoderNodes(), decoderWeights(weights), inputs,
        List.of(output()));
  }

  /** The whole network (encoder and decoder) with these decoder weights. */
  public OnnxGraph graph(Map<String, FloatTensor> decoderWeights) {
    List<OnnxNode> nodes = new ArrayList<>(encoder.nodes(fused));
    Map<String, FloatTensor> weights = new LinkedHashMap<>(encoder.weights(nodes));
    nodes.addAll(decoderNodes());
    weights.putAll(decoderWeights(decoderWeights));
    return new OnnxGraph(FAMILY + "_w" + width, nodes, weights,
        List.of(MobileNetV2Encoder.input()), List.of(output()));
  }

  /** The {@value MetadataKeys#ENCODER} text: the encoder and how the decoder uses it. */
  public String encoderDescription() {
    return String.format(Locale.ROOT, "%s; decoder width %d fusing strides %s",
        encoder.description(), width, fused);
  }

  /**
   * Metadata for this network: the family, encoder, input normalization
   * {@link InputNormalization#SRGB_GRAY_M1_1}, logits at stride 4, no prior.
   */
  public ModelMetadata defaultMetadata() {
    return ModelMetadata.builder().outputKind(OutputKind.LOGITS).outputStride(OUTPUT_STRIDE)
        .inputNormalization(InputNormalization.SRGB_GRAY_M1_1)
        .extra(MetadataKeys.FAMILY, FAMILY).extra(MetadataKeys.ENCODER, encoderDescription())
        .build();
  }
}
