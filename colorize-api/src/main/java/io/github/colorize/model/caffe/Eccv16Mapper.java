package io.github.colorize.model.caffe;

import io.github.colorize.model.Eccv16;
import io.github.colorize.model.Eccv16.Layer;
import io.github.colorize.model.Eccv16.LayerType;
import io.github.colorize.quant.AbGamut;
import io.github.colorize.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches a Caffe net definition, layer by layer, against the eccv16 network of Zhang et al. and
 * takes its weights from the trained net by layer name (as Caffe copies trained weights).
 *
 * <p>The definition must be the chain of the authors' deploy prototxt: an input, then for each
 * eccv16 convolution a Convolution (or the Deconvolution of block 8), its ReLU, and at the end of
 * blocks 1-7 a BatchNorm (optionally followed by a Scale, folded into the BatchNorm's scale and
 * shift); then the 1x1 convolution to the 313 logits, optionally a Scale (the logit scale, which
 * becomes the temperature), a Softmax and the 1x1 {@code class8_ab} convolution whose weights are
 * the ab bin centers (dropped: the API decodes the logits itself). Layers are matched by position
 * and by the blobs they connect, not by name ({@code bw_conv1_1} computes {@code conv1_1}).
 *
 * <p>Caffe's BatchNorm stores mean and variance multiplied by a moving-average factor (third
 * blob); they are divided by it as Caffe does, a factor of 0 giving 0 (Caffe's rule; OpenCV reads
 * 0 as 1 instead). Caffe's epsilon (default 1e-5) is folded into the variance, so that the ONNX
 * BatchNormalization with eccv16's fixed epsilon computes the same.
 */
final class Eccv16Mapper {

  private static final Logger LOG = LoggerFactory.getLogger(Eccv16Mapper.class);

  /** Caffe's BatchNorm epsilon when batch_norm_param gives none. */
  static final float CAFFE_BN_EPS = 1e-5f;
  /** Channels of conv1_1 in the paper's network, the unit of the width multiplier. */
  private static final int PAPER_CONV1_CHANNELS = 64;
  private static final String SUPPORTED = "Input, Convolution, Deconvolution, ReLU, BatchNorm,"
      + " Scale, Softmax and Silence";
  /** Tolerance for the ab centers stored in class8_ab (they are multiples of 10). */
  private static final float CENTER_TOLERANCE = 1e-3f;

  private enum Stage {
    /** Blocks 1-8 and the logits convolution. */
    BODY,
    /** After the logits convolution: a Scale, a Softmax, or nothing may follow. */
    LOGITS,
    /** After the logit scale. */
    SCALED,
    /** After the softmax: the ab decoding convolution may follow. */
    SOFTMAX,
    /** After the ab decoding convolution. */
    DECODED
  }

  private final CaffeNet definition;
  private final CaffeNet trained;
  private final Map<String, CaffeLayer> trainedByName;
  private final Map<String, FloatTensor> weights = new LinkedHashMap<>();

  private Eccv16 network;
  private List<Layer> expected;
  private int next;
  private String current;
  private Layer open;
  private boolean reluDone;
  private boolean batchNormDone;
  /** The BatchNorm a following Scale may complete, or null. */
  private Layer scalableBatchNorm;
  private Stage stage = Stage.BODY;
  private double logitScale = Double.NaN;

  private Eccv16Mapper(CaffeNet definition, CaffeNet trained) {
    this.definition = definition;
    this.trained = trained;
    this.trainedByName = trained.byName();
  }

  /**
   * @param definition the net definition (prototxt): the structure
   * @param trained the trained net (caffemodel): the blobs, by layer name
   * @throws CaffeFormatException naming the file, the layer and what was expected
   */
  static ImportedNetwork map(CaffeNet definition, CaffeNet trained) {
    return new Eccv16Mapper(definition, trained).run();
  }

  private ImportedNetwork run() {
    current = inputBlob();
    for (CaffeLayer layer : definition.layers()) {
      if (!layer.inTestPhase()) {
        LOG.debug("skipping {}: not in the TEST phase", layer.describe());
        continue;
      }
      try {
        visit(layer);
      } catch (IllegalArgumentException e) {
        if (e instanceof CaffeFormatException) {
          throw e;
        }
        throw structure(layer, e.getMessage());
      }
    }
    if (network == null || next < expected.size()) {
      String after = open == null ? "its input" : "eccv16's " + open.name();
      String wanted = network == null ? "the Convolution conv1_1 (64 channels, 3x3)"
          : describe(expected.get(next));
      throw new CaffeFormatException(definition.source(), "the net ends after " + after
          + ", expected " + wanted + " next: the net must be the eccv16 network of"
          + " colorization_deploy_v2.prototxt");
    }
    closeOpenLayer(null);
    return new ImportedNetwork(network, weights, logitScale,
        stage == Stage.SOFTMAX || stage == Stage.DECODED, definition.name());
  }

  private String inputBlob() {
    List<String> inputs = new ArrayList<>(definition.inputs());
    for (CaffeLayer layer : definition.layers()) {
      if (layer.type().equals("Input") && layer.inTestPhase()) {
        inputs.addAll(layer.tops());
      }
    }
    if (inputs.size() != 1) {
      throw new CaffeFormatException(definition.source(), "the net has " + inputs.size()
          + " inputs " + inputs + ", expected exactly one: the L channel (an Input layer or"
          + " 'input:' line)");
    }
    return inputs.get(0);
  }

  private void visit(CaffeLayer layer) {
    switch (layer.type()) {
      case "Input", "Silence" -> {
        // The input is known already; Silence only swallows the net's final output.
      }
      case "Convolution", "Deconvolution" -> convolution(layer);
      case "ReLU" -> relu(layer);
      case "BatchNorm" -> batchNorm(layer);
      case "Scale" -> scale(layer);
      case "Softmax" -> softmax(layer);
      default -> throw structure(layer, "layer type '" + layer.type() + "' is not supported;"
          + " expected " + expectation() + ". The importer maps the eccv16 network of Zhang et"
          + " al. (" + SUPPORTED + ")");
    }
  }

  // ------------------------------------------------------------------ the body

  private void convolution(CaffeLayer layer) {
    ConvolutionSpec spec = ConvolutionSpec.of(layer.param("convolution_param"));
    checkChain(layer);
    if (stage == Stage.SOFTMAX) {
      abDecoding(layer, spec);
      return;
    }
    if (stage != Stage.BODY) {
      throw structure(layer, "found a " + layer.type() + " after the logits, expected "
          + expectation());
    }
    if (network == null) {
      network = networkFor(layer, spec);
      expected = network.layers();
    }
    closeOpenLayer(layer);
    Layer want = expected.get(next);
    String type = want.type() == LayerType.CONV ? "Convolution" : "Deconvolution";
    boolean geometry = spec.numOutput() == want.out() && spec.kernelH() == want.kernel()
        && spec.kernelW() == want.kernel() && spec.strideH() == want.stride()
        && spec.strideW() == want.stride() && spec.padH() == want.pad()
        && spec.padW() == want.pad() && spec.dilationH() == want.dilation()
        && spec.dilationW() == want.dilation() && spec.group() == 1 && spec.axis() == 1;
    if (!layer.type().equals(type) || !geometry) {
      throw structure(layer, "is a " + layer.type() + " with " + spec + "; expected "
          + describe(want));
    }
    checkTrainedGeometry(layer, spec);
    takeConvolutionBlobs(layer, want, spec.biasTerm());
    current = layer.top();
    open = want;
    reluDone = false;
    batchNormDone = false;
    scalableBatchNorm = null;
    next++;
    if (next == expected.size()) {
      stage = Stage.LOGITS;
    }
  }

  private Eccv16 networkFor(CaffeLayer first, ConvolutionSpec spec) {
    if (!first.type().equals("Convolution") || spec.numOutput() <= 0
        || spec.numOutput() > 4 * PAPER_CONV1_CHANNELS) {
      throw structure(first, "opens the net with a " + first.type() + " of " + spec.numOutput()
          + " outputs; expected the Convolution conv1_1 of eccv16 (64 outputs in the paper's"
          + " network, up to 256 for wider variants)");
    }
    return Eccv16.logits(spec.numOutput() / (double) PAPER_CONV1_CHANNELS);
  }

  /** Before the next convolution: the previous one must have had its ReLU and BatchNorm. */
  private void closeOpenLayer(CaffeLayer nextLayer) {
    if (open == null) {
      return;
    }
    String missing = null;
    if (open.relu() && !reluDone) {
      missing = "a ReLU after " + open.name();
    } else if (open.hasBatchNorm() && !batchNormDone) {
      missing = "a BatchNorm (eccv16's " + open.batchNorm() + ") after the ReLU of " + open.name();
    }
    if (missing == null) {
      return;
    }
    if (nextLayer == null) {
      throw new CaffeFormatException(definition.source(), "the net ends after eccv16's "
          + open.name() + ", expected " + missing);
    }
    throw structure(nextLayer, "comes too early: expected " + missing);
  }

  private void takeConvolutionBlobs(CaffeLayer layer, Layer want, boolean biasTerm) {
    List<CaffeBlob> blobs = trainedBlobs(layer, biasTerm ? 2 : 1,
        biasTerm ? "the weights and the bias" : "the weights");
    int[] shape = want.weightShape();
    CaffeBlob w = blobs.get(0);
    checkShape(layer, 0, "weights", w, shape);
    weights.put(want.name() + ".weight", FloatTensor.of(w.data(), shape));
    if (biasTerm) {
      CaffeBlob b = blobs.get(1);
      checkShape(layer, 1, "bias", b, want.out());
      weights.put(want.name() + ".bias", FloatTensor.of(b.data(), want.out()));
    } else {
      weights.put(want.name() + ".bias", FloatTensor.zeros(want.out()));
    }
  }

  private void relu(CaffeLayer layer) {
    checkChain(layer);
    if (stage != Stage.BODY || open == null || !open.relu() || reluDone) {
      throw structure(layer, "is a ReLU where " + expectation() + " was expected");
    }
    float slope = layer.param("relu_param").floating("negative_slope", 0f);
    if (slope != 0f) {
      throw structure(layer, "is a leaky ReLU (negative_slope " + slope + "); expected a plain"
          + " ReLU (negative_slope 0) as in eccv16");
    }
    current = layer.top();
    reluDone = true;
    scalableBatchNorm = null;
  }

  private void batchNorm(CaffeLayer layer) {
    checkChain(layer);
    if (stage != Stage.BODY || open == null || !open.hasBatchNorm() || !reluDone
        || batchNormDone) {
      throw structure(layer, "is a BatchNorm where " + expectation() + " was expected");
    }
    ProtoFields param = layer.param("batch_norm_param");
    if (!param.bool("use_global_stats", true)) {
      throw structure(layer, "sets use_global_stats: false, so Caffe would normalize with each"
          + " batch's own statistics; expected the stored statistics of a deploy net");
    }
    float eps = param.floating("eps", CAFFE_BN_EPS);
    if (!(eps >= 0f) || Float.isInfinite(eps)) {
      throw structure(layer, "has eps " + eps + ", expected a finite value >= 0");
    }
    int c = open.out();
    List<CaffeBlob> blobs = trainedBlobs(layer, 3,
        "the mean, the variance and the moving-average factor");
    checkShape(layer, 0, "mean", blobs.get(0), c);
    checkShape(layer, 1, "variance", blobs.get(1), c);
    checkShape(layer, 2, "moving-average factor", blobs.get(2), 1);
    float factor = blobs.get(2).data()[0];
    // Caffe: scale = factor == 0 ? 0 : 1 / factor (batch_norm_layer.cpp).
    double s = factor == 0f ? 0.0 : 1.0 / factor;
    float[] mean = new float[c];
    float[] variance = new float[c];
    float[] ones = new float[c];
    for (int i = 0; i < c; i++) {
      mean[i] = (float) (blobs.get(0).data()[i] * s);
      double v = blobs.get(1).data()[i] * s;
      // ONNX normalizes with sqrt(var + 1e-5): give it var + eps - 1e-5.
      variance[i] = (float) (v + eps - Eccv16.BN_EPSILON);
      ones[i] = 1f;
      if (!(v >= 0) || !Float.isFinite(mean[i])) {
        throw new CaffeFormatException(trained.source(), layer.describe() + ": channel " + i
            + " has mean " + mean[i] + " and variance " + v + " after dividing by the factor "
            + factor + "; expected finite statistics with a variance >= 0");
      }
    }
    if (factor == 0f) {
      LOG.warn("{} in {} has a moving-average factor of 0: as in Caffe, its mean and variance"
          + " count as 0", layer.describe(), trained.source());
    }
    String bn = open.batchNorm();
    weights.put(bn + ".scale", FloatTensor.of(ones, c));
    weights.put(bn + ".bias", FloatTensor.zeros(c));
    weights.put(bn + ".mean", FloatTensor.of(mean, c));
    weights.put(bn + ".var", FloatTensor.of(variance, c));
    current = layer.top();
    batchNormDone = true;
    scalableBatchNorm = open;
  }

  // ------------------------------------------------------------------ Scale: BN affine or T

  private void scale(CaffeLayer layer) {
    checkChain(layer);
    ProtoFields param = layer.param("scale_param");
    long axis = param.integer("axis", 1);
    long numAxes = param.integer("num_axes", 1);
    boolean biasTerm = param.bool("bias_term", false);
    if (stage == Stage.BODY && scalableBatchNorm != null) {
      if (axis != 1 || numAxes != 1) {
        throw structure(layer, "scales axis " + axis + " over " + numAxes + " axes; expected a"
            + " per-channel scale (axis 1, num_axes 1) after the BatchNorm");
      }
      batchNormAffine(layer, biasTerm);
      return;
    }
    if (stage != Stage.LOGITS) {
      throw structure(layer, "is a Scale where " + expectation() + " was expected (a Scale may"
          + " only follow a BatchNorm, or the logits convolution)");
    }
    if (biasTerm) {
      throw structure(layer, "adds a bias to the logits (bias_term: true); expected a plain"
          + " scale, the inverse of the annealing temperature");
    }
    logitScale = logitScaleOf(layer, param);
    current = layer.top();
    stage = Stage.SCALED;
  }

  private void batchNormAffine(CaffeLayer layer, boolean biasTerm) {
    int c = scalableBatchNorm.out();
    List<CaffeBlob> blobs = trainedBlobs(layer, biasTerm ? 2 : 1,
        biasTerm ? "the scale and the shift" : "the scale");
    checkShape(layer, 0, "scale", blobs.get(0), c);
    String bn = scalableBatchNorm.batchNorm();
    weights.put(bn + ".scale", FloatTensor.of(blobs.get(0).data(), c));
    if (biasTerm) {
      checkShape(layer, 1, "shift", blobs.get(1), c);
      weights.put(bn + ".bias", FloatTensor.of(blobs.get(1).data(), c));
    }
    current = layer.top();
    scalableBatchNorm = null;
  }

  private double logitScaleOf(CaffeLayer layer, ProtoFields param) {
    CaffeLayer stored = trainedByName.get(layer.name());
    double value;
    if (stored != null && !stored.blobs().isEmpty()) {
      CaffeBlob blob = stored.blobs().get(0);
      int bins = network.bins();
      if (!blob.hasShape(bins) && !blob.hasShape(1)) {
        throw blobProblem(layer, "blob 0 (the logit scale) has shape " + blob.shapeText()
            + ", expected [" + bins + "] or [1]");
      }
      if (!blob.isUniform()) {
        throw blobProblem(layer, "scales the " + bins + " logits by different factors; expected"
            + " one factor for all (the inverse of the annealing temperature)");
      }
      value = blob.data()[0];
    } else {
      ProtoFields filler = param.message("filler");
      String type = filler == null ? "constant" : filler.string("type", "constant");
      value = filler == null ? 0 : filler.floating("value", 0f);
      if (!type.equals("constant")) {
        throw structure(layer, "has no stored scale and a '" + type + "' filler; expected the"
            + " scale as a blob in the caffemodel or a constant filler (value: 2.606)");
      }
    }
    if (!(value >= 0.1 && value <= 1e3)) {
      throw structure(layer, "scales the logits by " + value + ", expected a factor in [0.1,"
          + " 1000] (the release uses 2.606, i.e. T = 0.38)");
    }
    return value;
  }

  // ------------------------------------------------------------------ softmax and decoding

  private void softmax(CaffeLayer layer) {
    checkChain(layer);
    if (stage != Stage.LOGITS && stage != Stage.SCALED) {
      throw structure(layer, "is a Softmax where " + expectation() + " was expected");
    }
    long axis = layer.param("softmax_param").integer("axis", 1);
    if (axis != 1) {
      throw structure(layer, "takes the softmax over axis " + axis + ", expected axis 1 (the "
          + network.bins() + " bins)");
    }
    current = layer.top();
    stage = Stage.SOFTMAX;
  }

  /**
   * class8_ab: a 1x1 convolution from the bin probabilities to ab whose weights are the bin
   * centers. It is dropped (the API's decoder does this with any temperature); its blobs, when the
   * file has them, must be those centers or zero (the authors' scripts fill them at run time).
   */
  private void abDecoding(CaffeLayer layer, ConvolutionSpec spec) {
    int bins = network.bins();
    if (!layer.type().equals("Convolution") || spec.numOutput() != 2 || spec.kernelH() != 1
        || spec.kernelW() != 1 || spec.padH() != 0 || spec.padW() != 0 || spec.strideH() != 1
        || spec.strideW() != 1 || spec.group() != 1) {
      throw structure(layer, "is a " + layer.type() + " with " + spec + " after the softmax;"
          + " expected the ab decoding class8_ab: a 1x1 Convolution with 2 outputs");
    }
    CaffeLayer stored = trainedByName.get(layer.name());
    if (stored != null && !stored.blobs().isEmpty()) {
      CaffeBlob w = stored.blobs().get(0);
      checkShape(layer, 0, "weights (ab bin centers)", w, 2, bins, 1, 1);
      checkCenters(layer, w.data(), bins);
      if (stored.blobs().size() > 1) {
        CaffeBlob b = stored.blobs().get(1);
        checkShape(layer, 1, "bias", b, 2);
        if (b.data()[0] != 0f || b.data()[1] != 0f) {
          throw blobProblem(layer, "adds " + Arrays.toString(b.data()) + " to the decoded ab;"
              + " expected a zero bias");
        }
      }
    }
    current = layer.top();
    stage = Stage.DECODED;
  }

  private void checkCenters(CaffeLayer layer, float[] w, int bins) {
    boolean zero = true;
    for (float v : w) {
      zero &= v == 0f;
    }
    if (zero) {
      LOG.debug("{}: the ab centers are not stored (all 0); the decoder uses the gamut's",
          layer.describe());
      return;
    }
    AbGamut gamut = AbGamut.zhang2016();
    if (bins != gamut.size()) {
      throw blobProblem(layer, "decodes " + bins + " bins; expected " + gamut.size());
    }
    for (int q = 0; q < bins; q++) {
      if (Math.abs(w[q] - gamut.a(q)) > CENTER_TOLERANCE
          || Math.abs(w[bins + q] - gamut.b(q)) > CENTER_TOLERANCE) {
        throw blobProblem(layer, "bin " + q + " decodes to ab (" + w[q] + ", " + w[bins + q]
            + "), expected the center (" + gamut.a(q) + ", " + gamut.b(q) + ") of the 313 bins of"
            + " Zhang et al. (pts_in_hull): a model over other bins cannot be decoded");
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  /** The layer must read the blob the chain has reached and write one blob. */
  private void checkChain(CaffeLayer layer) {
    if (layer.bottoms().size() != 1 || layer.tops().size() != 1) {
      throw structure(layer, "reads " + layer.bottoms() + " and writes " + layer.tops()
          + "; expected one bottom and one top in the chain of eccv16");
    }
    if (!layer.bottom().equals(current)) {
      throw structure(layer, "reads '" + layer.bottom() + "', expected '" + current
          + "' (the output of the layer before it): eccv16 is a single chain");
    }
  }

  private void checkTrainedGeometry(CaffeLayer layer, ConvolutionSpec spec) {
    CaffeLayer stored = trainedByName.get(layer.name());
    if (stored == null || !stored.params().has("convolution_param")) {
      return;
    }
    try {
      ConvolutionSpec trainedSpec = ConvolutionSpec.of(stored.param("convolution_param"));
      if (!trainedSpec.sameGeometry(spec)) {
        LOG.warn("{}: {} was trained with {}, but {} defines {}; using the definition, as Caffe"
            + " does", layer.describe(), trained.source(), trainedSpec, definition.source(), spec);
      }
    } catch (IllegalArgumentException e) {
      LOG.debug("{}: cannot compare with the trained geometry: {}", layer.describe(),
          e.getMessage());
    }
  }

  private List<CaffeBlob> trainedBlobs(CaffeLayer layer, int count, String what) {
    CaffeLayer stored = trainedByName.get(layer.name());
    if (stored == null) {
      throw new CaffeFormatException(trained.source(), "has no layer '" + layer.name()
          + "', so " + layer.describe() + " of " + definition.source() + " gets no weights;"
          + " expected " + count + " blobs (" + what + "). Do the prototxt and the caffemodel"
          + " belong together?");
    }
    if (stored.blobs().size() != count) {
      throw blobProblem(layer, "has " + stored.blobs().size() + " blobs, expected " + count
          + " (" + what + ")");
    }
    return stored.blobs();
  }

  private void checkShape(CaffeLayer layer, int index, String what, CaffeBlob blob,
      int... shape) {
    if (!blob.hasShape(shape)) {
      throw blobProblem(layer, "blob " + index + " (" + what + ") has shape "
          + blob.shapeText() + ", expected " + Arrays.toString(shape));
    }
  }

  private CaffeFormatException blobProblem(CaffeLayer layer, String problem) {
    return new CaffeFormatException(trained.source(), "layer '" + layer.name() + "' ("
        + layer.type() + ") " + problem);
  }

  private CaffeFormatException structure(CaffeLayer layer, String problem) {
    return new CaffeFormatException(definition.source(), layer.describe() + " " + problem);
  }

  /** What the chain needs next, for messages. */
  private String expectation() {
    if (network == null) {
      return "the Convolution conv1_1";
    }
    switch (stage) {
      case LOGITS:
        return "a Scale, a Softmax or the end of the net after the logits";
      case SCALED:
        return "a Softmax after the logit scale";
      case SOFTMAX:
        return "the ab decoding Convolution class8_ab or the end of the net";
      case DECODED:
        return "the end of the net (or a Silence)";
      default:
        break;
    }
    if (open != null && open.relu() && !reluDone) {
      return "a ReLU after " + open.name();
    }
    if (open != null && open.hasBatchNorm() && !batchNormDone) {
      return "a BatchNorm after the ReLU of " + open.name();
    }
    return describe(expected.get(next))
        + (scalableBatchNorm != null ? " (or a Scale after the BatchNorm)" : "");
  }

  private static String describe(Layer l) {
    return "eccv16's " + l.name() + ": a " + (l.type() == LayerType.CONV ? "Convolution"
        : "Deconvolution") + " with num_output " + l.out() + ", kernel " + l.kernel()
        + ", stride " + l.stride() + ", pad " + l.pad() + ", dilation " + l.dilation();
  }
}
