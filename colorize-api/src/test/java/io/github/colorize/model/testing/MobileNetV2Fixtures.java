package io.github.colorize.model.testing;

import io.github.colorize.model.MobileNetV2Encoder;
import io.github.colorize.model.MobileNetV2Unet;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.onnx.OnnxAttribute;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.model.onnx.OnnxValueInfo;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import io.github.colorize.quant.AbGamut;
import io.github.colorize.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small MobileNetV2-shaped classifier with random weights, laid out as the TensorFlow export in
 * {@code ../shared/models/mobilenet-v2/} is (opset 10): explicit Pad nodes (asymmetric before
 * stride-2 convolutions), Conv (plain, 1x1, depthwise), Clip as ReLU6 with attributes, residual
 * Add, and a ReduceMean / Flatten / Softmax head. Channels: stem 8, then inverted residual blocks
 * ending at 8 (stride 2), 12 (4), 16 (8), 24 (16), 32 (32), a 64-channel 1x1 conv and 10 classes.
 */
public final class MobileNetV2Fixtures {

  /** Bottleneck output channels at strides 2, 4, 8, 16, 32. */
  public static final int[] CHANNELS = {8, 12, 16, 24, 32};

  private final Random random;
  private final List<OnnxNode> nodes = new ArrayList<>();
  private final Map<String, FloatTensor> weights = new LinkedHashMap<>();
  private int counter;

  private MobileNetV2Fixtures(long seed) {
    this.random = new Random(seed);
  }

  /** The classifier graph, input {@code rgb [1, 3, 224, 224]} as the real file declares it. */
  public static OnnxGraph classifier(long seed) {
    return new MobileNetV2Fixtures(seed).build();
  }

  /** The encoder rebuilt from {@link #classifier}. */
  public static MobileNetV2Encoder encoder(long seed) {
    return MobileNetV2Encoder.from(classifier(seed), "synthetic MobileNetV2 (seed " + seed + ")");
  }

  /**
   * A {@code mobilenetv2-unet} model file with random decoder weights and BatchNorm statistics
   * (logits of order one), fusing strides 32, 16, 8, 4.
   */
  public static ModelFile model(long seed, int width) {
    MobileNetV2Unet net = new MobileNetV2Unet(encoder(seed), width, List.of(32, 16, 8, 4),
        AbGamut.zhang2016().size());
    Map<String, FloatTensor> w = new LinkedHashMap<>(net.initialDecoderWeights(seed));
    Random r = new Random(seed + 1);
    for (Map.Entry<String, FloatTensor> e : w.entrySet()) {
      float[] d = e.getValue().data();
      if (e.getKey().equals("dec.head.weight")) {
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) (r.nextGaussian() * 0.3);
        }
      } else if (e.getKey().endsWith(".bn.mean") || e.getKey().endsWith(".bn.bias")) {
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) (r.nextGaussian() * 0.1);
        }
      } else if (e.getKey().endsWith(".bn.var") || e.getKey().endsWith(".bn.scale")) {
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) (0.5 + r.nextDouble());
        }
      }
    }
    return ModelFile.of(net.graph(w), net.defaultMetadata());
  }

  private OnnxGraph build() {
    String x = "rgb";
    x = pad(x, 0, 0, 1, 1);
    x = conv(x, 3, CHANNELS[0], 3, 2, 1);
    x = clip(x);
    // stride 2: one block without expansion
    x = block(x, CHANNELS[0], CHANNELS[0], 1, 1);
    int in = CHANNELS[0];
    for (int level = 1; level < CHANNELS.length; level++) {
      x = block(x, in, CHANNELS[level], 2, 3);
      x = block(x, CHANNELS[level], CHANNELS[level], 1, 3); // residual
      in = CHANNELS[level];
    }
    x = conv(x, in, 64, 1, 1, 1);
    x = clip(x);
    String mean = "/ReduceMean_output_0";
    nodes.add(new OnnxNode("/ReduceMean", "ReduceMean", List.of(x), List.of(mean),
        Map.of("axes", OnnxAttribute.ofInts("axes", 2, 3))));
    x = mean;
    x = conv(x, 64, 10, 1, 1, 1);
    nodes.add(new OnnxNode("/Flatten", "Flatten", List.of(x), List.of("/Flatten_output_0"),
        Map.of()));
    nodes.add(new OnnxNode("/Softmax", "Softmax", List.of("/Flatten_output_0"), List.of("prob"),
        Map.of()));
    return new OnnxGraph("mobilenetv2_synthetic", nodes, weights,
        List.of(OnnxValueInfo.floatTensor("rgb", Dim.of(1), Dim.of(3), Dim.of(224), Dim.of(224))),
        List.of(OnnxValueInfo.floatTensor("prob", Dim.of(1), Dim.of(10))));
  }

  /** Expand (1x1 + ReLU6, unless expansion 1), depthwise 3x3 + ReLU6, project 1x1, maybe Add. */
  private String block(String x, int in, int out, int stride, int expansion) {
    String y = x;
    int hidden = in * expansion;
    if (expansion != 1) {
      y = clip(conv(y, in, hidden, 1, 1, 1));
    }
    y = stride == 2 ? pad(y, 0, 0, 1, 1) : pad(y, 1, 1, 1, 1);
    y = clip(conv(y, hidden, hidden, 3, stride, hidden));
    y = conv(y, hidden, out, 1, 1, 1);
    if (stride == 1 && in == out) {
      String sum = "/Add_" + (counter++) + "_output_0";
      nodes.add(new OnnxNode("/Add_" + counter, "Add", List.of(x, y), List.of(sum), Map.of()));
      return sum;
    }
    return y;
  }

  private String pad(String x, int top, int left, int bottom, int right) {
    String out = "/Pad_" + (counter++) + "_output_0";
    nodes.add(new OnnxNode("/Pad_" + counter, "Pad", List.of(x), List.of(out), Map.of(
        "mode", OnnxAttribute.ofString("mode", "constant"),
        "pads", OnnxAttribute.ofInts("pads", 0, 0, top, left, 0, 0, bottom, right))));
    return out;
  }

  private String conv(String x, int in, int out, int k, int stride, int group) {
    int id = counter++;
    String w = "p.w" + id;
    String b = "p.b" + id;
    int perGroup = in / group;
    float[] data = new float[out * perGroup * k * k];
    double std = Math.sqrt(2.0 / (perGroup * k * k));
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (random.nextGaussian() * std);
    }
    float[] bias = new float[out];
    for (int i = 0; i < out; i++) {
      bias[i] = (float) (random.nextGaussian() * 0.1);
    }
    weights.put(w, FloatTensor.of(data, out, perGroup, k, k));
    weights.put(b, FloatTensor.of(bias, out));
    String y = "/Conv_" + id + "_output_0";
    nodes.add(new OnnxNode("/Conv_" + id, "Conv", List.of(x, w, b), List.of(y), Map.of(
        "kernel_shape", OnnxAttribute.ofInts("kernel_shape", k, k),
        "strides", OnnxAttribute.ofInts("strides", stride, stride),
        "pads", OnnxAttribute.ofInts("pads", 0, 0, 0, 0),
        "dilations", OnnxAttribute.ofInts("dilations", 1, 1),
        "group", OnnxAttribute.ofInt("group", group))));
    return y;
  }

  private String clip(String x) {
    String out = "/Clip_" + (counter++) + "_output_0";
    nodes.add(new OnnxNode("/Clip_" + counter, "Clip", List.of(x), List.of(out), Map.of(
        "min", OnnxAttribute.ofFloat("min", 0f), "max", OnnxAttribute.ofFloat("max", 6f))));
    return out;
  }
}
