package io.github.colorize.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.io.AtomicFiles;
import io.github.colorize.model.onnx.OnnxModel;
import io.github.colorize.model.onnx.OnnxWriter;
import io.github.colorize.tensor.FloatTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes colorize model files. Every write is atomic: the bytes go to a temporary file beside the
 * target, are forced to disk, and replace the target with one rename, so a reader (or a resumed
 * training run) never sees half a file.
 *
 * <pre>{@code
 * Eccv16 net = Eccv16.logits(0.25);
 * ModelWriter.write(Path.of("model.onnx"), net, weights, net.defaultMetadata().toBuilder()
 *     .extra(MetadataKeys.LICENSE, "CC-BY-4.0").build());
 * }</pre>
 */
public final class ModelWriter {

  private ModelWriter() {}

  /**
   * The ONNX model of an eccv16-family network: its graph with {@code weights} as initializers
   * and {@code metadata} as {@code colorize.*} properties, IR version {@value OnnxModel#IR_VERSION},
   * opset {@value OnnxModel#OPSET_VERSION}, producer {@value OnnxModel#PRODUCER}.
   *
   * @throws IllegalArgumentException if a weight is missing or misshapen, or the metadata's output
   *     kind, bin count or stride does not match the network
   */
  public static OnnxModel toOnnx(Eccv16 network, Map<String, FloatTensor> weights,
      ModelMetadata metadata) {
    checkNotNull(network, "network");
    checkNotNull(metadata, "metadata");
    checkArgument(metadata.outputKind() == network.outputKind(),
        "metadata says %s output but the network has a %s head", metadata.outputKind(),
        network.outputKind());
    checkArgument(metadata.outputStride() == Eccv16.OUTPUT_STRIDE,
        "metadata says output stride %s but eccv16 outputs at stride %s", metadata.outputStride(),
        Eccv16.OUTPUT_STRIDE);
    checkArgument(network.outputKind() != OutputKind.LOGITS
        || metadata.binCount() == network.bins(),
        "metadata says %s bins but the network has %s logits", metadata.binCount(),
        network.bins());
    return OnnxModel.of(network.graph(weights), MetadataCodec.encode(metadata));
  }

  /**
   * Writes an eccv16-family network with its weights and metadata, validated as a reader would.
   *
   * @throws IllegalArgumentException as {@link #toOnnx}
   * @throws IOException if the file cannot be written
   */
  public static void write(Path target, Eccv16 network, Map<String, FloatTensor> weights,
      ModelMetadata metadata) throws IOException {
    OnnxModel model = toOnnx(network, weights, metadata);
    ModelValidator.validate(model.outline(), metadata, target.toString());
    write(target, model);
  }

  /** Writes any ONNX model as it is (no colorize validation). */
  public static void write(Path target, OnnxModel model) throws IOException {
    checkNotNull(model, "model");
    writeAtomically(target, out -> OnnxWriter.write(model, out));
  }

  /** Writes a model file's bytes, e.g. one relabelled with {@link ModelFile#withMetadata}. */
  public static void write(Path target, ModelFile file) throws IOException {
    checkNotNull(file, "file");
    writeAtomically(target, out -> out.write(file.bytes()));
  }

  private static void writeAtomically(Path target, AtomicFiles.Content content)
      throws IOException {
    checkNotNull(target, "target");
    Files.createDirectories(target.toAbsolutePath().getParent());
    AtomicFiles.write(target, content);
  }
}
