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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The network of Zhang et al. 2016 (the released "eccv16" model) with a width multiplier: eight
 * blocks of 3x3 convolutions, ReLU after each, BatchNorm closing blocks 1-7, a 4x4 stride-2
 * deconvolution opening block 8, and a 1x1 convolution to the output. Width 1.0 is the paper's
 * 32 M parameter network; 0.25 divides every hidden channel count by four.
 *
 * <p>{@link #graph(Map)} emits the network as an ONNX graph using only Conv, ConvTranspose,
 * BatchNormalization, Relu and (for {@link OutputKind#AB}) Mul. Weight names are
 * {@code <layer>.weight}, {@code <layer>.bias}, and {@code <bn>.scale|.bias|.mean|.var}.
 *
 * @param width channel multiplier in (0, 4]
 * @param outputKind {@link OutputKind#LOGITS} for 313 class logits, {@link OutputKind#AB} for a
 *     2-channel regression head (ab in Lab units)
 * @param bins number of output classes for {@link OutputKind#LOGITS} (313 for the paper's gamut)
 */
public record Eccv16(double width, OutputKind outputKind, int bins) {

  /** Name of the graph input. */
  public static final String INPUT = "l";
  /** Name of the graph output for {@link OutputKind#LOGITS}. */
  public static final String LOGITS_OUTPUT = "logits";
  /** Name of the graph output for {@link OutputKind#AB}. */
  public static final String AB_OUTPUT = "ab";
  /** The output is at 1/4 of the input resolution. */
  public static final int OUTPUT_STRIDE = 4;
  /** The AB head predicts ab / 110 and scales it back with a Mul, as the PyTorch port does. */
  public static final float AB_SCALE = 110f;

  /** Standard deviation of the output layer's initial weights (see {@link #initialWeights}). */
  public static final double HEAD_INIT_STD = 0.01;
  /** BatchNormalization epsilon, Caffe's default. */
  public static final float BN_EPSILON = 1e-5f;

  /** Whether a layer is a convolution or a transposed convolution. */
  public enum LayerType {
    CONV, DECONV
  }

  /**
   * One convolution of the network.
   *
   * @param name layer name, as in the authors' deploy definition ({@code conv1_1} ...)
   * @param type convolution or deconvolution
   * @param in input channels
   * @param out output channels
   * @param kernel kernel size (square)
   * @param stride stride
   * @param pad padding on every side
   * @param dilation dilation
   * @param relu whether a ReLU follows
   * @param batchNorm the name of the BatchNorm after the ReLU, or empty for none
   */
  public record Layer(String name, LayerType type, int in, int out, int kernel, int stride, int pad,
      int dilation, boolean relu, String batchNorm) {

    /** Shape of this layer's weight: [out, in, k, k] for Conv, [in, out, k, k] for ConvTranspose. */
    public int[] weightShape() {
      return type == LayerType.CONV ? new int[] {out, in, kernel, kernel}
          : new int[] {in, out, kernel, kernel};
    }

    public boolean hasBatchNorm() {
      return !batchNorm.isEmpty();
    }
  }

  public Eccv16 {
    checkArgument(width > 0 && width <= 4, "width is %s, expected in (0, 4]", width);
    checkNotNull(outputKind, "outputKind");
    checkArgument(bins >= 2, "bins is %s, expected >= 2", bins);
  }

  /** The paper's network: width 1.0, 313 logits. */
  public static Eccv16 paper() {
    return new Eccv16(1.0, OutputKind.LOGITS, 313);
  }

  /** A width-scaled network with 313 logits. */
  public static Eccv16 logits(double width) {
    return new Eccv16(width, OutputKind.LOGITS, 313);
  }

  /** A width-scaled network with the 2-channel ab regression head. */
  public static Eccv16 ab(double width) {
    return new Eccv16(width, OutputKind.AB, 313);
  }

  /**
   * Metadata for this network: the paper's defaults ({@code (L-50)/100}, stride 4, T = 0.38) with
   * this network's output kind and bin count, no prior. Add the training prior, recipe, license
   * and so on with {@link ModelMetadata#toBuilder()}.
   */
  public ModelMetadata defaultMetadata() {
    ModelMetadata.Builder b = ModelMetadata.builder().outputKind(outputKind)
        .outputStride(OUTPUT_STRIDE);
    if (outputKind == OutputKind.LOGITS && bins != 313) {
      b.gamut("custom-" + bins, bins);
    }
    return b.build();
  }

  /** Output channels: {@link #bins()} for logits, 2 for ab. */
  public int outputChannels() {
    return outputKind == OutputKind.LOGITS ? bins : 2;
  }

  /** Name of the graph output. */
  public String outputName() {
    return outputKind == OutputKind.LOGITS ? LOGITS_OUTPUT : AB_OUTPUT;
  }

  private int ch(int paperChannels) {
    return Math.max(1, (int) Math.round(paperChannels * width));
  }

  /** The layers in order. */
  public List<Layer> layers() {
    List<Layer> layers = new ArrayList<>();
    // block: name prefix, convs, paper channels, stride of last conv, dilation
    int[][] blocks = {
        {1, 2, 64, 2, 1}, {2, 2, 128, 2, 1}, {3, 3, 256, 2, 1}, {4, 3, 512, 1, 1},
        {5, 3, 512, 1, 2}, {6, 3, 512, 1, 2}, {7, 3, 512, 1, 1}};
    int in = 1;
    for (int[] b : blocks) {
      int block = b[0];
      int convs = b[1];
      int out = ch(b[2]);
      int dilation = b[4];
      for (int c = 1; c <= convs; c++) {
        boolean last = c == convs;
        String name = "conv" + block + "_" + c;
        layers.add(new Layer(name, LayerType.CONV, in, out, 3, last ? b[3] : 1, dilation, dilation,
            true, last ? name + "norm" : ""));
        in = out;
      }
    }
    int c8 = ch(256);
    layers.add(new Layer("conv8_1", LayerType.DECONV, in, c8, 4, 2, 1, 1, true, ""));
    layers.add(new Layer("conv8_2", LayerType.CONV, c8, c8, 3, 1, 1, 1, true, ""));
    layers.add(new Layer("conv8_3", LayerType.CONV, c8, c8, 3, 1, 1, 1, true, ""));
    String head = outputKind == OutputKind.LOGITS ? "conv8_313" : "conv8_ab";
    layers.add(new Layer(head, LayerType.CONV, c8, outputChannels(), 1, 1, 0, 1, false, ""));
    return List.copyOf(layers);
  }

  /**
   * The weights a training run starts from: {@link #randomWeights} with the output layer's
   * weights drawn with std {@value #HEAD_INIT_STD} instead, so training starts from a near-uniform
   * prediction (loss ln 313) rather than from large random logits. Deterministic for a seed.
   */
  public Map<String, FloatTensor> initialWeights(long seed) {
    return weights(seed, true);
  }

  /**
   * Random weights with logits of order one, for tests and benchmarks: He-normal convolutions
   * with zero biases, identity BatchNorms (scale 1, bias 0, mean 0, variance 1). Deterministic
   * for a given seed.
   */
  public Map<String, FloatTensor> randomWeights(long seed) {
    return weights(seed, false);
  }

  /** He-normal weights; the output layer drawn with std {@value #HEAD_INIT_STD} if asked. */
  private Map<String, FloatTensor> weights(long seed, boolean smallHead) {
    Random random = new Random(seed);
    Map<String, FloatTensor> w = new LinkedHashMap<>();
    List<Layer> layers = layers();
    Layer head = layers.get(layers.size() - 1);
    for (Layer layer : layers) {
      int[] shape = layer.weightShape();
      float[] data = new float[shape[0] * shape[1] * shape[2] * shape[3]];
      int fanIn = layer.in() * layer.kernel() * layer.kernel();
      double std = smallHead && layer == head ? HEAD_INIT_STD : Math.sqrt(2.0 / fanIn);
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) (random.nextGaussian() * std);
      }
      w.put(layer.name() + ".weight", FloatTensor.of(data, shape));
      w.put(layer.name() + ".bias", FloatTensor.zeros(layer.out()));
      if (layer.hasBatchNorm()) {
        putBatchNorm(w, layer.batchNorm(), layer.out());
      }
    }
    return w;
  }

  private static void putBatchNorm(Map<String, FloatTensor> w, String bn, int channels) {
    float[] ones = new float[channels];
    java.util.Arrays.fill(ones, 1f);
    w.put(bn + ".scale", FloatTensor.of(ones.clone(), channels));
    w.put(bn + ".bias", FloatTensor.zeros(channels));
    w.put(bn + ".mean", FloatTensor.zeros(channels));
    w.put(bn + ".var", FloatTensor.of(ones, channels));
  }

  /** The names and shapes every weight map for this network must have, in order. */
  public Map<String, int[]> weightShapes() {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (Layer layer : layers()) {
      shapes.put(layer.name() + ".weight", layer.weightShape());
      shapes.put(layer.name() + ".bias", new int[] {layer.out()});
      if (layer.hasBatchNorm()) {
        for (String part : new String[] {".scale", ".bias", ".mean", ".var"}) {
          shapes.put(layer.batchNorm() + part, new int[] {layer.out()});
        }
      }
    }
    return shapes;
  }

  /**
   * The network as an ONNX graph with the given weights.
   *
   * @throws IllegalArgumentException if a weight is missing or has the wrong shape
   */
  public OnnxGraph graph(Map<String, FloatTensor> weights) {
    checkNotNull(weights, "weights");
    Map<String, FloatTensor> initializers = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : weightShapes().entrySet()) {
      FloatTensor t = weights.get(e.getKey());
      checkArgument(t != null, "weight '%s' is missing", e.getKey());
      checkArgument(java.util.Arrays.equals(t.shape(), e.getValue()),
          "weight '%s' has shape %s, expected %s", e.getKey(),
          java.util.Arrays.toString(t.shape()), java.util.Arrays.toString(e.getValue()));
      initializers.put(e.getKey(), t);
    }
    List<OnnxNode> nodes = new ArrayList<>();
    String x = INPUT;
    for (Layer layer : layers()) {
      String conv = layer.name();
      Map<String, OnnxAttribute> attrs = new LinkedHashMap<>();
      attrs.put("kernel_shape", OnnxAttribute.ofInts("kernel_shape", layer.kernel(), layer.kernel()));
      attrs.put("strides", OnnxAttribute.ofInts("strides", layer.stride(), layer.stride()));
      int p = layer.pad();
      attrs.put("pads", OnnxAttribute.ofInts("pads", p, p, p, p));
      attrs.put("dilations", OnnxAttribute.ofInts("dilations", layer.dilation(), layer.dilation()));
      nodes.add(new OnnxNode(conv, layer.type() == LayerType.CONV ? "Conv" : "ConvTranspose",
          List.of(x, conv + ".weight", conv + ".bias"), List.of(conv), attrs));
      x = conv;
      if (layer.relu()) {
        String relu = "relu" + conv.substring(4);
        nodes.add(new OnnxNode(relu, "Relu", List.of(x), List.of(relu), Map.of()));
        x = relu;
      }
      if (layer.hasBatchNorm()) {
        String bn = layer.batchNorm();
        nodes.add(new OnnxNode(bn, "BatchNormalization",
            List.of(x, bn + ".scale", bn + ".bias", bn + ".mean", bn + ".var"), List.of(bn),
            Map.of("epsilon", OnnxAttribute.ofFloat("epsilon", BN_EPSILON))));
        x = bn;
      }
    }
    if (outputKind == OutputKind.AB) {
      initializers.put("ab_scale", FloatTensor.of(new float[] {AB_SCALE}, 1));
      nodes.add(new OnnxNode("ab_scale_mul", "Mul", List.of(x, "ab_scale"), List.of(AB_OUTPUT),
          Map.of()));
    } else {
      // Rename the head's output to the public name.
      OnnxNode head = nodes.remove(nodes.size() - 1);
      nodes.add(new OnnxNode(head.name(), head.opType(), head.inputs(), List.of(LOGITS_OUTPUT),
          head.attributes()));
    }
    OnnxValueInfo input = OnnxValueInfo.floatTensor(INPUT, Dim.symbolic("N"), Dim.of(1),
        Dim.symbolic("H"), Dim.symbolic("W"));
    OnnxValueInfo output = OnnxValueInfo.floatTensor(outputName(), Dim.symbolic("N"),
        Dim.of(outputChannels()), Dim.symbolic("H/4"), Dim.symbolic("W/4"));
    return new OnnxGraph("eccv16_w" + width, nodes, initializers, List.of(input), List.of(output));
  }
}
