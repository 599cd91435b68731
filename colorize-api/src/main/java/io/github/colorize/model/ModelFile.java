package io.github.colorize.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.math.IntMath;
import io.github.colorize.model.onnx.OnnxFormatException;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxModel;
import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.model.onnx.OnnxOutline;
import io.github.colorize.model.onnx.OnnxReader;
import io.github.colorize.model.onnx.OnnxWriter;
import io.github.colorize.tensor.FloatTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded colorize model file: the ONNX model parsed into its graph and weights, its validated
 * {@code colorize.*} metadata, and the file's bytes (which ONNX Runtime loads as they are).
 *
 * <p>Load one with {@link #read(Path)}, {@link #read(InputStream, String)},
 * {@link #fromBytes(byte[], String)} or {@link #classpath(String)}; build one in memory from
 * weights with {@link #of(Eccv16, Map, ModelMetadata)}; save one with {@link ModelWriter}. A file
 * without {@code colorize.*} metadata (a foreign ONNX export) is accepted with
 * {@link ModelMetadata#paperDefaults()}, or the defaults the caller states, and one logged
 * warning.
 *
 * <p>Loading needs the file's size twice in heap: once for the bytes, once for the parsed
 * weights. {@link #onDisk(Path)} instead reads and checks only the file's {@link #outline()}
 * (metadata, nodes, inputs and outputs) and leaves the weights in the file, for an engine that
 * loads the {@link #file()} itself (ONNX Runtime); {@link #onnx()} and {@link #bytes()} read them
 * when asked.
 */
public final class ModelFile {

  private static final Logger LOG = LoggerFactory.getLogger(ModelFile.class);
  /** Ops whose strides divide the resolution on the way down. */
  private static final Set<String> DOWNSAMPLING_OPS = Set.of("Conv", "MaxPool", "AveragePool");

  private final OnnxOutline outline;
  private final ModelMetadata metadata;
  /** The serialized model; null for a model on disk. */
  private final byte[] bytes;
  /** The file a model on disk reads its weights from; null for a model in memory. */
  private final StampedFile disk;
  private final String source;
  private final List<String> missingMetadata;
  /** The parsed model; for a model on disk null until {@link #onnx()} reads it. */
  private volatile OnnxModel onnx;

  /**
   * Wraps parts already checked; the factories below parse and validate.
   *
   * @param onnx the parsed model
   * @param metadata the validated metadata
   * @param bytes the serialized file (not copied)
   * @param source where it came from, for messages (a path, a resource name)
   */
  public ModelFile(OnnxModel onnx, ModelMetadata metadata, byte[] bytes, String source) {
    this(onnx, metadata, bytes, source, List.of());
  }

  private ModelFile(OnnxModel onnx, ModelMetadata metadata, byte[] bytes, String source,
      List<String> missingMetadata) {
    this.onnx = checkNotNull(onnx, "onnx");
    this.outline = onnx.outline();
    this.metadata = checkNotNull(metadata, "metadata");
    this.bytes = checkNotNull(bytes, "bytes");
    this.disk = null;
    this.source = checkNotNull(source, "source");
    this.missingMetadata = List.copyOf(missingMetadata);
  }

  /** A model on disk: only its outline is in memory. */
  private ModelFile(OnnxOutline outline, ModelMetadata metadata, StampedFile disk, String source,
      List<String> missingMetadata) {
    this.onnx = null;
    this.outline = outline;
    this.metadata = metadata;
    this.bytes = null;
    this.disk = disk;
    this.source = source;
    this.missingMetadata = List.copyOf(missingMetadata);
  }

  // --- factories ----------------------------------------------------------------------------

  /**
   * Reads and validates a model file; paper defaults for a file without metadata.
   *
   * @throws IOException if the file cannot be read
   * @throws ModelFormatException if it is not a usable colorize model (the message names it)
   */
  public static ModelFile read(Path path) throws IOException {
    return read(path, ModelMetadata.paperDefaults());
  }

  /**
   * Reads and validates a model file.
   *
   * @param defaults metadata assumed where the file has none (e.g. {@code (L-50)/100}, ab output
   *     at stride 1 for the PyTorch port's exports)
   * @throws IOException if the file cannot be read
   * @throws ModelFormatException if it is not a usable colorize model (the message names it)
   */
  public static ModelFile read(Path path, ModelMetadata defaults) throws IOException {
    checkNotNull(path, "path");
    long size = Files.size(path);
    if (size > Integer.MAX_VALUE - 8) {
      throw new ModelFormatException(path.toString(), "the file has " + size
          + " bytes; a single ONNX protobuf is limited to 2 GiB");
    }
    return fromBytes(StampedFile.readFully(path), path.toString(), defaults);
  }

  /**
   * A model file left on disk, paper defaults for a file without metadata: see
   * {@link #onDisk(Path, String, ModelMetadata)}.
   */
  public static ModelFile onDisk(Path path) throws IOException {
    checkNotNull(path, "path");
    return onDisk(path, path.toString(), ModelMetadata.paperDefaults());
  }

  /**
   * A model file left on disk: its {@link #outline()} (metadata, nodes, inputs, outputs, the
   * initializers' names and sizes) is read and validated as {@link #read(Path, ModelMetadata)}
   * would, while the weights are skipped on the stream, so a 129 MB file costs a few hundred
   * kilobytes of heap. An engine that loads files itself opens {@link #file()}; {@link #onnx()}
   * and {@link #bytes()} read the weights when asked. If the file is changed or replaced later,
   * those calls fail with a {@link ModelFormatException} rather than use other weights.
   *
   * @param sourceName names the model in messages (the path, or e.g. {@code model 'eccv16'})
   * @param defaults metadata assumed where the file has none
   * @throws IOException if the file cannot be read (missing, a directory)
   * @throws ModelFormatException if it is not a usable colorize model (the message names it)
   */
  public static ModelFile onDisk(Path path, String sourceName, ModelMetadata defaults)
      throws IOException {
    checkNotNull(path, "path");
    checkNotNull(sourceName, "sourceName");
    checkNotNull(defaults, "defaults");
    StampedFile disk = StampedFile.of(path);
    if (disk.size() > Integer.MAX_VALUE - 8) {
      throw new ModelFormatException(sourceName, "the file has " + disk.size()
          + " bytes; a single ONNX protobuf is limited to 2 GiB");
    }
    OnnxOutline outline;
    try {
      outline = OnnxReader.readOutline(path);
    } catch (OnnxFormatException e) {
      throw new ModelFormatException(sourceName, e.getMessage(), e);
    }
    // What was checked must be what the engine will load.
    disk.checkUnchanged(sourceName);
    MetadataCodec.Decoded decoded = MetadataCodec.decode(outline.metadata(), defaults,
        sourceName);
    ModelValidator.validate(outline, decoded.metadata(), sourceName);
    warnAboutDefaults(decoded, sourceName);
    return new ModelFile(outline, decoded.metadata(), disk, sourceName, decoded.missingKeys());
  }

  /**
   * Reads and validates a model from a stream (read to its end, not closed).
   *
   * @param sourceName names the model in messages
   */
  public static ModelFile read(InputStream in, String sourceName) throws IOException {
    return read(in, sourceName, ModelMetadata.paperDefaults());
  }

  /** As {@link #read(InputStream, String)}, with the caller's defaults for missing metadata. */
  public static ModelFile read(InputStream in, String sourceName, ModelMetadata defaults)
      throws IOException {
    checkNotNull(in, "in");
    return fromBytes(in.readAllBytes(), sourceName, defaults);
  }

  /**
   * Parses and validates a serialized model (the array is kept, not copied).
   *
   * @throws ModelFormatException if it is not a usable colorize model
   */
  public static ModelFile fromBytes(byte[] bytes, String sourceName) {
    return fromBytes(bytes, sourceName, ModelMetadata.paperDefaults());
  }

  /** As {@link #fromBytes(byte[], String)}, with the caller's defaults for missing metadata. */
  public static ModelFile fromBytes(byte[] bytes, String sourceName, ModelMetadata defaults) {
    checkNotNull(bytes, "bytes");
    checkNotNull(sourceName, "sourceName");
    checkNotNull(defaults, "defaults");
    OnnxModel model;
    try {
      model = OnnxReader.read(bytes);
    } catch (OnnxFormatException e) {
      throw new ModelFormatException(sourceName, e.getMessage(), e);
    }
    MetadataCodec.Decoded decoded = MetadataCodec.decode(model.metadata(), defaults, sourceName);
    ModelValidator.validate(model.outline(), decoded.metadata(), sourceName);
    warnAboutDefaults(decoded, sourceName);
    return new ModelFile(model, decoded.metadata(), bytes, sourceName, decoded.missingKeys());
  }

  /**
   * Reads a model bundled as a class-path resource, e.g. {@code "models/eccv16-w025.onnx"}.
   *
   * @throws IllegalArgumentException if no such resource exists
   * @throws java.io.UncheckedIOException if it cannot be read
   */
  public static ModelFile classpath(String resource) {
    return classpath(resource, ModelMetadata.paperDefaults());
  }

  /** As {@link #classpath(String)}, with the caller's defaults for missing metadata. */
  public static ModelFile classpath(String resource, ModelMetadata defaults) {
    checkNotNull(resource, "resource");
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    InputStream stream = loader == null ? null : loader.getResourceAsStream(name);
    if (stream == null) {
      stream = ModelFile.class.getClassLoader().getResourceAsStream(name);
    }
    checkArgument(stream != null, "model resource '%s' is not on the class path", name);
    try (InputStream in = stream) {
      return read(in, "classpath:" + name, defaults);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read model resource '" + name + "'", e);
    }
  }

  /**
   * An eccv16-family network with the given weights as an in-memory model file, validated as if
   * read from disk. {@link ModelWriter#write(Path, ModelFile)} saves it.
   *
   * @throws IllegalArgumentException if a weight is missing or misshapen, or the metadata does not
   *     fit the network
   */
  public static ModelFile of(Eccv16 network, Map<String, FloatTensor> weights,
      ModelMetadata metadata) {
    OnnxModel model = ModelWriter.toOnnx(network, weights, metadata);
    String source = "<in-memory " + model.graph().name() + ">";
    ModelValidator.validate(model.outline(), metadata, source);
    return new ModelFile(model, metadata, OnnxWriter.toBytes(model), source);
  }

  /**
   * Any network graph (e.g. {@link MobileNetV2Unet#graph}) with its metadata as an in-memory model
   * file, validated as if read from disk.
   *
   * @throws ModelFormatException if the metadata does not fit the graph
   */
  public static ModelFile of(OnnxGraph graph, ModelMetadata metadata) {
    checkNotNull(graph, "graph");
    checkNotNull(metadata, "metadata");
    OnnxModel model = OnnxModel.of(graph, MetadataCodec.encode(metadata));
    String source = "<in-memory " + graph.name() + ">";
    ModelValidator.validate(model.outline(), metadata, source);
    return new ModelFile(model, metadata, OnnxWriter.toBytes(model), source);
  }

  /**
   * This model with other {@code colorize.*} metadata, validated. The graph's bytes are kept as
   * they are (nothing is re-encoded), so this also labels a foreign export losslessly; entries
   * outside the {@code colorize.} namespace are kept.
   *
   * @throws ModelFormatException if the metadata does not fit the graph
   */
  public ModelFile withMetadata(ModelMetadata newMetadata) {
    checkNotNull(newMetadata, "newMetadata");
    ModelValidator.validate(outline, newMetadata, source);
    Map<String, String> props = new LinkedHashMap<>();
    outline.metadata().forEach((k, v) -> {
      if (!k.startsWith(MetadataKeys.PREFIX)) {
        props.put(k, v);
      }
    });
    props.putAll(MetadataCodec.encode(newMetadata));
    byte[] newBytes = OnnxWriter.replaceMetadata(bytes(), props);
    return new ModelFile(onnx().withMetadata(props), newMetadata, newBytes, source);
  }

  private static void warnAboutDefaults(MetadataCodec.Decoded decoded, String source) {
    if (decoded.missingKeys().isEmpty()) {
      return;
    }
    ModelMetadata m = decoded.metadata();
    String assumed = m.gamutId() + " (" + m.binCount() + " bins), input "
        + m.inputNormalization() + ", " + MetadataCodec.outputText(m.outputKind())
        + " output at stride " + m.outputStride();
    if (decoded.allDefaults()) {
      LOG.warn("model file {} has no colorize metadata; assuming {}", source, assumed);
    } else {
      LOG.warn("model file {} lacks metadata {}; assuming {}", source, decoded.missingKeys(),
          assumed);
    }
  }

  // --- accessors ----------------------------------------------------------------------------

  /**
   * The parsed ONNX model with its weights. A model {@link #onDisk on disk} reads them from its
   * file on the first call and keeps them.
   *
   * @throws ModelFormatException if the file of a model on disk changed since it was loaded
   * @throws java.io.UncheckedIOException if it cannot be read
   */
  public OnnxModel onnx() {
    OnnxModel model = onnx;
    if (model == null) {
      synchronized (this) {
        model = onnx;
        if (model == null) {
          model = parse(disk.read(source), source);
          LOG.debug("read the weights of {} ({} bytes)", source, disk.size());
          onnx = model;
        }
      }
    }
    return model;
  }

  private static OnnxModel parse(byte[] bytes, String source) {
    try {
      return OnnxReader.read(bytes);
    } catch (OnnxFormatException e) {
      throw new ModelFormatException(source, e.getMessage(), e);
    }
  }

  /**
   * The model without its weights: metadata, nodes, inputs, outputs and the initializers' names.
   * Always in memory, also for a model {@link #onDisk on disk}.
   */
  public OnnxOutline outline() {
    return outline;
  }

  /**
   * The file on disk that holds this model, for an engine that loads a model from its path (ONNX
   * Runtime needs far less memory that way): present for a model {@link #onDisk on disk}, empty
   * for one in memory.
   *
   * @throws ModelFormatException if the file changed since the model was loaded: it no longer
   *     holds the model that was checked
   */
  public Optional<Path> file() {
    if (disk == null) {
      return Optional.empty();
    }
    disk.checkUnchanged(source);
    return Optional.of(disk.path());
  }

  /**
   * Whether the weights are in the Java heap: always for a model in memory; for a model
   * {@link #onDisk on disk} only once {@link #onnx()} has read them.
   */
  public boolean weightsLoaded() {
    return onnx != null;
  }

  /** The size of the serialized model in bytes (for a model on disk, its file's size). */
  public long size() {
    return bytes != null ? bytes.length : disk.size();
  }

  /** The colorize metadata (paper defaults where the file had none). */
  public ModelMetadata metadata() {
    return metadata;
  }

  /**
   * The serialized ONNX file, not a copy: do not modify. For a model {@link #onDisk on disk} each
   * call reads the file (checked to be unchanged) into a new array.
   *
   * @throws ModelFormatException if the file of a model on disk changed since it was loaded
   * @throws java.io.UncheckedIOException if it cannot be read
   */
  public byte[] bytes() {
    return bytes != null ? bytes : disk.read(source);
  }

  /** Where the file came from. */
  public String source() {
    return source;
  }

  /**
   * The essential {@code colorize.*} keys the file lacked, whose values came from the defaults;
   * empty for a complete colorize file.
   */
  public List<String> missingMetadata() {
    return missingMetadata;
  }

  /** Name of the network's single input. */
  public String inputName() {
    return outline.inputs().get(0).name();
  }

  /** Name of the network's single output. */
  public String outputName() {
    return outline.outputs().get(0).name();
  }

  /** Channels of the output: the bin count for logits, 2 for ab. */
  public int outputChannels() {
    return metadata.outputKind() == OutputKind.LOGITS ? metadata.binCount() : 2;
  }

  /**
   * What the input's height and width must be multiples of: the least common multiple of the
   * output stride and the product of the strides of the downsampling ops (Conv, MaxPool,
   * AveragePool) along the graph. 8 for eccv16: three stride-2 convolutions, then a stride-2
   * deconvolution back up to 1/4.
   */
  public int inputMultiple() {
    int product = 1;
    for (OnnxNode node : outline.nodes()) {
      if (DOWNSAMPLING_OPS.contains(node.opType())) {
        long stride = 1;
        for (long s : node.intsAttr("strides", new long[0])) {
          stride = Math.max(stride, s);
        }
        product = IntMath.saturatedMultiply(product, (int) Math.min(stride, 1 << 16));
      }
    }
    int stride = metadata.outputStride();
    return IntMath.saturatedMultiply(product / IntMath.gcd(product, stride), stride);
  }

  @Override
  public String toString() {
    return "ModelFile[" + source + ", " + metadata.outputKind()
        + (disk != null ? ", on disk" : "") + "]";
  }
}
