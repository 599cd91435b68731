package io.github.colorize.model.torch;

import io.github.colorize.model.Eccv16;
import io.github.colorize.model.Eccv16.Layer;
import io.github.colorize.quant.AbGamut;
import io.github.colorize.tensor.FloatTensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps the state dict of the authors' {@code colorizers} ECCVGenerator onto colorize's eccv16
 * network. ECCVGenerator's blocks are {@code nn.Sequential}s whose indices count the ReLUs too:
 * in {@code model1} .. {@code model7} the k-th convolution is {@code modelB.(2k-2)} and the
 * closing BatchNorm follows the last ReLU; {@code model8} is the deconvolution (index 0), two
 * convolutions (2, 4) and the 1x1 convolution to the 313 logits (6). {@code model_out} (1x1,
 * 313 to 2, no bias) holds the bin centers / 110: it is checked and dropped, since colorize
 * decodes the logits itself. BatchNorm {@code num_batches_tracked} is accepted and ignored;
 * PyTorch's BatchNorm epsilon (1e-5) is eccv16's. The width follows from {@code model1.0}'s
 * channel count (64 in the paper's network).
 */
final class Eccv16TorchMapper {

  private static final int PAPER_CONV1_CHANNELS = 64;
  static final String OUTPUT_KEY = "model_out.weight";
  /** colorizers' unnormalize_ab: the ab output is model_out's output times 110. */
  private static final float AB_NORM = 110f;
  private static final float CENTER_TOLERANCE = 1e-3f;
  private static final String NUM_BATCHES_TRACKED = ".num_batches_tracked";

  private final String source;
  private final Map<String, TorchTensor> stateDict;
  private final Set<String> used = new LinkedHashSet<>();
  private final Map<String, FloatTensor> weights = new LinkedHashMap<>();

  private Eccv16TorchMapper(String source, Map<String, TorchTensor> stateDict) {
    this.source = source;
    this.stateDict = stateDict;
  }

  /**
   * @return the network (its width from model1.0) and its weights under colorize's names
   * @throws TorchFormatException naming the file and the key that is missing, misshaped or
   *     unexpected
   */
  static Mapped map(String source, Map<String, TorchTensor> stateDict) {
    return new Eccv16TorchMapper(source, stateDict).run();
  }

  /** The mapped network and its weights. */
  record Mapped(Eccv16 network, Map<String, FloatTensor> weights) {}

  private Mapped run() {
    Eccv16 network = Eccv16.logits(width());
    for (Layer layer : network.layers()) {
      String module = moduleOf(layer);
      weights.put(layer.name() + ".weight",
          take(module + ".weight", layer.weightShape(), "weights of eccv16's " + layer.name()));
      weights.put(layer.name() + ".bias",
          take(module + ".bias", new int[] {layer.out()}, "bias of eccv16's " + layer.name()));
      if (layer.hasBatchNorm()) {
        String bn = batchNormModule(layer);
        String norm = layer.batchNorm();
        int[] c = {layer.out()};
        weights.put(norm + ".scale", take(bn + ".weight", c, "BatchNorm scale of " + norm));
        weights.put(norm + ".bias", take(bn + ".bias", c, "BatchNorm shift of " + norm));
        weights.put(norm + ".mean", take(bn + ".running_mean", c, "running mean of " + norm));
        weights.put(norm + ".var", take(bn + ".running_var", c, "running variance of " + norm));
        checkVariance(bn + ".running_var", weights.get(norm + ".var"));
        String tracked = bn + NUM_BATCHES_TRACKED;
        if (stateDict.containsKey(tracked)) {
          used.add(tracked);
        }
      }
    }
    checkCenters(take(OUTPUT_KEY, new int[] {2, network.bins(), 1, 1},
        "the ab decoding layer (the bin centers / 110)"));
    Set<String> unexpected = new LinkedHashSet<>(stateDict.keySet());
    unexpected.removeAll(used);
    if (!unexpected.isEmpty()) {
      String first = unexpected.iterator().next();
      throw new TorchFormatException(source, "has the unexpected key '" + first + "' (shape "
          + stateDict.get(first).shapeText() + ")" + (unexpected.size() > 1 ? " and "
          + (unexpected.size() - 1) + " more" : "") + "; expected exactly the keys of the"
          + " colorizers ECCVGenerator (model1.0 .. model8.6, model_out). Is it another"
          + " network, e.g. siggraph17?");
    }
    return new Mapped(network, weights);
  }

  private double width() {
    TorchTensor first = stateDict.get("model1.0.weight");
    if (first == null) {
      throw new TorchFormatException(source, "has no key 'model1.0.weight' (the first"
          + " convolution of the colorizers ECCVGenerator, shape [64, 1, 3, 3]); its keys begin "
          + stateDict.keySet().stream().limit(5).toList() + ": not an ECCVGenerator state dict");
    }
    int[] s = first.shape();
    if (s.length != 4 || s[0] < 1 || s[0] > 4 * PAPER_CONV1_CHANNELS || s[1] != 1) {
      throw new TorchFormatException(source, "key 'model1.0.weight' has shape "
          + first.shapeText() + ", expected [64, 1, 3, 3] (the first convolution of eccv16 on"
          + " the L channel; up to 256 outputs for wider variants)");
    }
    return s[0] / (double) PAPER_CONV1_CHANNELS;
  }

  /** modelB.(index of the convolution in its nn.Sequential). */
  private static String moduleOf(Layer layer) {
    String name = layer.name();
    int block = name.charAt(4) - '0';
    if (block == 8) {
      return switch (name) {
        case "conv8_1" -> "model8.0";
        case "conv8_2" -> "model8.2";
        case "conv8_3" -> "model8.4";
        default -> "model8.6";
      };
    }
    int conv = Integer.parseInt(name.substring(name.indexOf('_') + 1));
    return "model" + block + "." + (2 * (conv - 1));
  }

  /** The BatchNorm after the last ReLU of blocks 1-7: index 4 for two convolutions, 6 for three. */
  private static String batchNormModule(Layer last) {
    int convs = Integer.parseInt(last.name().substring(last.name().indexOf('_') + 1));
    return "model" + last.name().charAt(4) + "." + (2 * convs);
  }

  private FloatTensor take(String key, int[] shape, String what) {
    TorchTensor t = stateDict.get(key);
    if (t == null) {
      throw new TorchFormatException(source, "has no key '" + key + "' (" + what + ", shape "
          + Arrays.toString(shape) + "): expected the state dict of the colorizers"
          + " ECCVGenerator");
    }
    if (!t.isFloat()) {
      throw new TorchFormatException(source, "key '" + key + "' is stored as " + t.storageType()
          + ", expected torch.FloatStorage (float32)");
    }
    if (!Arrays.equals(t.shape(), shape)) {
      throw new TorchFormatException(source, "key '" + key + "' has shape " + t.shapeText()
          + ", expected " + Arrays.toString(shape) + " (" + what + " at width "
          + width() + ")");
    }
    for (float v : t.data()) {
      if (!Float.isFinite(v)) {
        throw new TorchFormatException(source, "key '" + key + "' holds " + v
            + ", expected finite weights");
      }
    }
    used.add(key);
    return FloatTensor.of(t.data(), shape);
  }

  private void checkVariance(String key, FloatTensor var) {
    for (float v : var.data()) {
      if (v < 0) {
        throw new TorchFormatException(source, "key '" + key + "' holds the variance " + v
            + ", expected values >= 0");
      }
    }
  }

  private void checkCenters(FloatTensor out) {
    AbGamut gamut = AbGamut.zhang2016();
    float[] w = out.data();
    int bins = gamut.size();
    for (int q = 0; q < bins; q++) {
      float a = w[q] * AB_NORM;
      float b = w[bins + q] * AB_NORM;
      if (Math.abs(a - gamut.a(q)) > CENTER_TOLERANCE
          || Math.abs(b - gamut.b(q)) > CENTER_TOLERANCE) {
        throw new TorchFormatException(source, "key '" + OUTPUT_KEY + "' decodes bin " + q
            + " to ab (" + a + ", " + b + "), expected the center (" + gamut.a(q) + ", "
            + gamut.b(q) + ") of the 313 bins of Zhang et al. divided by 110: a model over other"
            + " bins cannot be decoded");
      }
    }
  }
}
