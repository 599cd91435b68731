package io.github.colorize.model.quantize;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.github.colorize.Device;
import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.ImageReadException;
import io.github.colorize.image.Photo;
import io.github.colorize.model.MetadataKeys;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelFormatException;
import io.github.colorize.model.ModelWriter;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxModel;
import io.github.colorize.model.onnx.OnnxWriter;
import io.github.colorize.pipeline.ColorizationPipeline;
import io.github.colorize.pipeline.PipelineOptions;
import io.github.colorize.spi.Backend;
import io.github.colorize.tensor.FloatTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Static post-training int8 quantization of an eccv16-family model file into ONNX QDQ form.
 *
 * <pre>{@code
 * ModelFile int8 = ModelQuantizer.builder()
 *     .calibration(Path.of("photos/calib"))     // photos NOT used to evaluate the result
 *     .calibrationImages(150)
 *     .method(CalibrationMethod.PERCENTILE)
 *     .build()
 *     .quantize(ModelFile.read(Path.of("model.onnx")));
 * }</pre>
 *
 * <p>The photos are prepared exactly as for colorization (CIE L, area-resized to the model's input
 * size, normalized as its metadata says) and run through the float model on an
 * {@link ActivationRecorderFactory} engine (ONNX Runtime when colorize-onnx is on the class path)
 * to collect each quantized activation's histogram. Then every Conv and ConvTranspose not kept
 * float gets int8 weights, symmetric per output channel, and uint8 activations, asymmetric per
 * tensor, with QuantizeLinear / DequantizeLinear around it; BatchNormalization stays float.
 *
 * <p>The output keeps every metadata entry of the input and adds {@value #SCHEME_KEY} (the scheme
 * in words), {@value #CALIBRATION_KEY} (SHA-256 of the list of calibration photos used) and
 * {@value #CALIBRATION_COUNT_KEY}.
 */
public final class ModelQuantizer {

  /** Metadata key of the quantization scheme. */
  public static final String SCHEME_KEY = MetadataKeys.PREFIX + "quantization";
  /** Metadata key of the SHA-256 of the calibration photo list. */
  public static final String CALIBRATION_KEY = MetadataKeys.PREFIX + "calibration_sha256";
  /** Metadata key of the number of calibration photos used. */
  public static final String CALIBRATION_COUNT_KEY = MetadataKeys.PREFIX + "calibration_images";
  /** Photos used when not told. */
  public static final int DEFAULT_CALIBRATION_IMAGES = 100;
  /** Convolutions kept float when not told (see the README's "Faster on CPUs"). */
  public static final Set<String> DEFAULT_KEEP_FLOAT = Set.of();
  /** The calibration method when not told: of the three, the closest colors on the default model. */
  public static final CalibrationMethod DEFAULT_METHOD = CalibrationMethod.PERCENTILE;
  /** The lowest opset with per-axis QuantizeLinear / DequantizeLinear. */
  private static final long MIN_OPSET = 13;

  private static final Logger LOG = LoggerFactory.getLogger(ModelQuantizer.class);

  private final Path calibration;
  private final int calibrationImages;
  private final CalibrationMethod method;
  private final Set<String> keepFloat;
  private final boolean reduceRange;
  private final int inputSize;
  private final int threads;
  private final ActivationRecorderFactory recorders;

  private ModelQuantizer(Builder b) {
    this.calibration = b.calibration;
    this.calibrationImages = b.calibrationImages;
    this.method = b.method;
    this.keepFloat = Set.copyOf(b.keepFloat);
    this.reduceRange = b.reduceRange;
    this.inputSize = b.inputSize;
    this.threads = b.threads;
    this.recorders = b.recorders;
  }

  /** A builder; {@link Builder#calibration(Path)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads {@code input}, quantizes it and writes the result atomically to {@code output}.
   *
   * @return the quantized model
   * @throws IOException if a file cannot be read or written
   */
  public ModelFile quantize(Path input, Path output) throws IOException {
    checkNotNull(output, "output");
    ModelFile quantized = quantize(ModelFile.read(input));
    ModelWriter.write(output, quantized);
    return quantized;
  }

  /**
   * Quantizes {@code model}.
   *
   * @throws ModelFormatException if the model is already quantized or is not an eccv16-family
   *     network
   * @throws IllegalArgumentException if the calibration folder holds no readable photo, or a
   *     {@code keepFloat} name is not one of the model's convolutions
   */
  public ModelFile quantize(ModelFile model) {
    checkNotNull(model, "model");
    if (model.onnx().metadata().containsKey(SCHEME_KEY)) {
      throw new ModelFormatException(model.source(), "it is already quantized ("
          + model.onnx().metadata().get(SCHEME_KEY) + "); quantize the float model it came from");
    }
    OnnxGraph graph = model.onnx().graph();
    QdqPlan plan = QdqPlan.of(graph, keepFloat, model.source());
    CalibrationSet set = CalibrationSet.scan(calibration, calibrationImages);
    Calibration result = calibrate(model, plan, set);
    Map<String, ActivationRange> ranges = new LinkedHashMap<>();
    result.histograms.forEach((name, h) -> ranges.put(name, h.range(method)));
    ranges.forEach((name, r) -> LOG.debug("range of {}: [{}, {}]", name, r.min(), r.max()));
    int weightMax = reduceRange ? 63 : 127;
    OnnxGraph rewritten = new QdqRewriter(graph, plan, ranges, weightMax).rewrite();

    Map<String, String> props = new LinkedHashMap<>(model.onnx().metadata());
    String card = props.getOrDefault(MetadataKeys.MODEL_CARD, "");
    props.put(MetadataKeys.MODEL_CARD, (card.isEmpty() ? "" : card + " ") + "[int8 QDQ]");
    props.put(SCHEME_KEY, scheme(plan, graph, set, result.used.size()));
    props.put(CALIBRATION_KEY, set.sha256(result.used));
    props.put(CALIBRATION_COUNT_KEY, Integer.toString(result.used.size()));
    OnnxModel in = model.onnx();
    OnnxModel out = new OnnxModel(in.irVersion(), Math.max(MIN_OPSET, in.opsetVersion()),
        in.producerName(), in.producerVersion(), rewritten, props, in.domain(),
        in.modelVersion(), in.docString(), in.otherOpsets());
    return ModelFile.fromBytes(OnnxWriter.toBytes(out), "<int8 of " + model.source() + ">");
  }

  private String scheme(QdqPlan plan, OnnxGraph graph, CalibrationSet set, int used) {
    List<String> floats = QuantizationInfo.of(graph).floatLayers().stream()
        .filter(n -> plan.convs().stream().noneMatch(c -> c.label().equals(n))).toList();
    return String.format(Locale.ROOT, "QDQ int8: weights int8 symmetric per output channel"
        + " (%s), activations uint8 asymmetric per tensor; calibration %s on %d photos of '%s'"
        + "; float layers: %s", reduceRange ? "7-bit range [-63, 63]" : "[-127, 127]",
        method.cliName(), used, set.folder().getFileName(),
        floats.isEmpty() ? "none" : String.join(", ", floats));
  }

  private record Calibration(Map<String, ActivationHistogram> histograms, List<Path> used) {}

  private Calibration calibrate(ModelFile model, QdqPlan plan, CalibrationSet set) {
    int side = inputSize != 0 ? inputSize : model.metadata().inputSize();
    ColorizationPipeline pipeline = new ColorizationPipeline(new PrepareOnly(), model,
        new PipelineOptions(side, false, model.metadata().temperature(), 1));
    String input = model.inputName();
    List<String> recorded = plan.tensors().stream().filter(t -> !t.equals(input)).toList();
    Map<String, ActivationHistogram> histograms = new LinkedHashMap<>();
    plan.tensors().forEach(t -> histograms.put(t, new ActivationHistogram()));
    ImageDecoder decoder = ImageDecoder.defaults();
    List<Path> used = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    ActivationRecorderFactory factory = recorders != null ? recorders : discover();
    try (ActivationRecorder recorder = factory.open(model.onnx(), recorded, threads)) {
      for (Path file : set.files()) {
        Photo photo;
        try {
          photo = decoder.decode(file);
        } catch (ImageReadException e) {
          LOG.warn("calibration skips {}: {}", file, e.getMessage());
          problems.add(e.getMessage());
          continue;
        }
        FloatTensor x = pipeline.networkTensor(photo);
        Map<String, FloatTensor> values = recorder.record(x);
        for (Map.Entry<String, ActivationHistogram> e : histograms.entrySet()) {
          FloatTensor t = e.getKey().equals(input) ? x : values.get(e.getKey());
          checkState(t != null, "engine %s returned no tensor '%s'", factory.name(), e.getKey());
          e.getValue().add(t.data());
        }
        used.add(file);
        LOG.debug("calibrated on {} ({} of {})", file, used.size(), set.files().size());
      }
    }
    checkArgument(!used.isEmpty(), "calibration folder %s has no readable photo: %s files"
        + " tried, the first failed with: %s", set.folder(), set.files().size(),
        problems.isEmpty() ? "?" : problems.get(0));
    LOG.info("calibrated {} activations of {} on {} photos", histograms.size(), model.source(),
        used.size());
    return new Calibration(histograms, used);
  }

  private static ActivationRecorderFactory discover() {
    for (ActivationRecorderFactory f : ServiceLoader.load(ActivationRecorderFactory.class)) {
      return f;
    }
    throw new IllegalStateException("no engine to run the float model for calibration was found:"
        + " add io.github.colorize:colorize-onnx to the class path");
  }

  /**
   * The pipeline is only used to prepare inputs exactly as colorization does; the network runs on
   * the recorder, so this backend refuses to run.
   */
  private static final class PrepareOnly implements Backend {
    @Override
    public FloatTensor run(FloatTensor input) {
      throw new UnsupportedOperationException("calibration prepares inputs only");
    }

    @Override
    public String name() {
      return "prepare-only";
    }

    @Override
    public Device device() {
      return Device.cpu();
    }

    @Override
    public void close() {
      // Nothing is held.
    }
  }

  /** Options of a {@link ModelQuantizer}. */
  public static final class Builder {
    private Path calibration;
    private int calibrationImages = DEFAULT_CALIBRATION_IMAGES;
    private CalibrationMethod method = DEFAULT_METHOD;
    private Set<String> keepFloat = DEFAULT_KEEP_FLOAT;
    private boolean reduceRange = true;
    private int inputSize;
    private int threads;
    private ActivationRecorderFactory recorders;

    private Builder() {}

    /** The folder of calibration photos (searched recursively). Required. */
    public Builder calibration(Path folder) {
      this.calibration = checkNotNull(folder, "folder");
      return this;
    }

    /** At most this many photos, spread evenly over the folder's sorted list; default 100. */
    public Builder calibrationImages(int count) {
      checkArgument(count >= 1, "calibration images is %s, expected >= 1", count);
      this.calibrationImages = count;
      return this;
    }

    /** How ranges are chosen from what calibration saw; default {@link #DEFAULT_METHOD}. */
    public Builder method(CalibrationMethod value) {
      this.method = checkNotNull(value, "method");
      return this;
    }

    /** Convolutions (node names, e.g. {@code conv8_313}) to leave in float. */
    public Builder keepFloat(Collection<String> layers) {
      checkNotNull(layers, "layers");
      this.keepFloat = new LinkedHashSet<>(layers);
      return this;
    }

    /**
     * Whether weights use 7 bits ([-63, 63]) instead of 8 (default true). AVX2 and AVX-512 CPUs
     * without VNNI multiply uint8 by int8 with an instruction whose 16-bit pair sums saturate for
     * full-range weights; 7-bit weights cannot saturate there. VNNI CPUs do not need it.
     */
    public Builder reduceRange(boolean value) {
      this.reduceRange = value;
      return this;
    }

    /** The network input side photos are resized to; default the model's own (or 224). */
    public Builder inputSize(int side) {
      checkArgument(side >= 0, "input size is %s, expected >= 0 (0 = the model's)", side);
      this.inputSize = side;
      return this;
    }

    /** Intra-op threads of the calibration engine, 0 for its default. */
    public Builder threads(int count) {
      checkArgument(count >= 0, "threads is %s, expected >= 0", count);
      this.threads = count;
      return this;
    }

    /** The engine that runs the float model; default the first found by ServiceLoader. */
    public Builder recorder(ActivationRecorderFactory factory) {
      this.recorders = checkNotNull(factory, "factory");
      return this;
    }

    /**
     * The quantizer.
     *
     * @throws IllegalStateException if no calibration folder was given
     */
    public ModelQuantizer build() {
      checkState(calibration != null, "no calibration folder: call calibration(Path)");
      return new ModelQuantizer(this);
    }
  }
}
