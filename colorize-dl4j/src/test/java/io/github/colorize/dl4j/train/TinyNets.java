package io.github.colorize.dl4j.train;

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

/** Small ONNX graphs exercising every op the training graph handles. */
final class TinyNets {

  static final int Q = 5;

  private TinyNets() {}

  static FloatTensor random(Random r, double std, int... shape) {
    FloatTensor t = FloatTensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) (r.nextGaussian() * std);
    }
    return t;
  }

  private static Map<String, OnnxAttribute> attrs(OnnxAttribute... a) {
    Map<String, OnnxAttribute> m = new LinkedHashMap<>();
    for (OnnxAttribute x : a) {
      m.put(x.name(), x);
    }
    return m;
  }

  /**
   * x[N,1,H,W] -> dilated 3x3 conv (3 ch) -> Relu -> BatchNorm -> 4x4 stride-2 ConvTranspose
   * (3 ch) -> Relu -> 1x1 conv -> logits [N, Q, 2H, 2W] (or, {@code ab}, 2 channels times 110).
   */
  static OnnxGraph net(long seed, boolean ab) {
    Random r = new Random(seed);
    Map<String, FloatTensor> init = new LinkedHashMap<>();
    init.put("c1.weight", random(r, 0.5, 3, 1, 3, 3));
    init.put("c1.bias", random(r, 0.1, 3));
    init.put("bn.scale", FloatTensor.of(new float[] {1f, 0.8f, 1.2f}, 3));
    init.put("bn.bias", FloatTensor.of(new float[] {0.1f, 0f, -0.1f}, 3));
    init.put("bn.mean", FloatTensor.of(new float[] {0.2f, 0.1f, 0f}, 3));
    init.put("bn.var", FloatTensor.of(new float[] {1f, 2f, 0.5f}, 3));
    init.put("up.weight", random(r, 0.3, 3, 3, 4, 4));
    init.put("up.bias", random(r, 0.1, 3));
    int out = ab ? 2 : Q;
    init.put("head.weight", random(r, 0.5, out, 3, 1, 1));
    init.put("head.bias", random(r, 0.1, out));
    List<OnnxNode> nodes = new ArrayList<>();
    nodes.add(new OnnxNode("c1", "Conv", List.of("x", "c1.weight", "c1.bias"), List.of("c1"),
        attrs(OnnxAttribute.ofInts("pads", 2, 2, 2, 2), OnnxAttribute.ofInts("dilations", 2, 2))));
    nodes.add(new OnnxNode("r1", "Relu", List.of("c1"), List.of("r1"), Map.of()));
    nodes.add(new OnnxNode("bn", "BatchNormalization",
        List.of("r1", "bn.scale", "bn.bias", "bn.mean", "bn.var"), List.of("bn"), Map.of()));
    nodes.add(new OnnxNode("up", "ConvTranspose", List.of("bn", "up.weight", "up.bias"),
        List.of("up"), attrs(OnnxAttribute.ofInts("strides", 2, 2),
            OnnxAttribute.ofInts("pads", 1, 1, 1, 1))));
    nodes.add(new OnnxNode("r2", "Relu", List.of("up"), List.of("r2"), Map.of()));
    String headOut = ab ? "head" : "y";
    nodes.add(new OnnxNode("head", "Conv", List.of("r2", "head.weight", "head.bias"),
        List.of(headOut), Map.of()));
    if (ab) {
      init.put("ab_scale", FloatTensor.of(new float[] {110f}, 1));
      nodes.add(new OnnxNode("scale", "Mul", List.of("head", "ab_scale"), List.of("y"), Map.of()));
    }
    OnnxValueInfo in = OnnxValueInfo.floatTensor("x", Dim.symbolic("N"), Dim.of(1),
        Dim.symbolic("H"), Dim.symbolic("W"));
    OnnxValueInfo o = OnnxValueInfo.floatTensor("y", Dim.symbolic("N"), Dim.of(out),
        Dim.symbolic("h"), Dim.symbolic("w"));
    return new OnnxGraph("tiny", nodes, init, List.of(in), List.of(o));
  }

  /** Soft targets: random positive values per pixel summing to 1. */
  static FloatTensor softTargets(Random r, int n, int q, int h, int w) {
    FloatTensor z = FloatTensor.zeros(n, q, h, w);
    float[] d = z.data();
    for (int b = 0; b < n; b++) {
      for (int p = 0; p < h * w; p++) {
        double s = 0;
        for (int k = 0; k < q; k++) {
          d[(b * q + k) * h * w + p] = (float) r.nextDouble();
          s += d[(b * q + k) * h * w + p];
        }
        for (int k = 0; k < q; k++) {
          d[(b * q + k) * h * w + p] /= (float) s;
        }
      }
    }
    return z;
  }

  static FloatTensor uniform(Random r, double lo, double hi, int... shape) {
    FloatTensor t = FloatTensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }
    return t;
  }
}
