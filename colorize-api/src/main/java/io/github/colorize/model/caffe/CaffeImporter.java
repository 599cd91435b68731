package io.github.colorize.model.caffe;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.hash.Hashing;
import com.google.common.hash.HashingInputStream;
import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelMetadata;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the authors' released Caffe model of "Colorful Image Colorization" (Zhang, Isola &amp;
 * Efros, ECCV 2016): the deploy definition {@code colorization_deploy_v2.prototxt} and the weights
 * {@code colorization_release_v2.caffemodel} become a colorize model file that every backend runs.
 *
 * <pre>{@code
 * ModelFile model = CaffeImporter.importModel(Path.of("colorization_deploy_v2.prototxt"),
 *     Path.of("colorization_release_v2.caffemodel"));
 * ModelWriter.write(Path.of("eccv16-release.onnx"), model);
 * }</pre>
 *
 * <p>The file holds the eccv16 network (the same graph and weight names as colorize's own models,
 * so it can also be fine-tuned) with a logits output: the deploy net's logit scale (2.606), softmax
 * and {@code class8_ab} are dropped, and the decoder does their work at any temperature. The
 * metadata records:
 * <ul>
 *   <li>input normalization {@code L-50} ({@link InputNormalization#CAFFE}): the release was
 *       trained on L - 50, not divided by 100;
 *   <li>the recommended temperature {@code 1 / scale} (0.3837 for 2.606), so that the default
 *       decoding reproduces the deploy net's {@code class8_ab} output;
 *   <li>the names and SHA-256 hashes of both source files ({@link #SOURCE_PROTOTXT_SHA256},
 *       {@link #SOURCE_CAFFEMODEL_SHA256}), and a model card naming them.
 * </ul>
 *
 * <p>What the importer accepts: a prototxt of layer-format Caffe (2015 on) that defines the eccv16
 * chain (any width, i.e. conv1_1 may have other than 64 channels as long as every layer scales
 * alike), and a binary NetParameter whose layers of the same names carry the blobs. Unknown
 * fields are skipped. An unknown layer type, a blob of the wrong shape, a missing layer or a
 * truncated file fail with a {@link CaffeFormatException} naming the file, the layer and what was
 * expected.
 */
public final class CaffeImporter {

  private static final Logger LOG = LoggerFactory.getLogger(CaffeImporter.class);

  /** {@link ModelMetadata#extra()} name: the format imported from, {@value #CAFFE}. */
  public static final String SOURCE_FORMAT = "source_format";
  /** The value of {@link #SOURCE_FORMAT} for Caffe. */
  public static final String CAFFE = "caffe";
  /** {@link ModelMetadata#extra()} name: the prototxt's file name. */
  public static final String SOURCE_PROTOTXT = "source_prototxt";
  /** {@link ModelMetadata#extra()} name: the prototxt's SHA-256, lower-case hex. */
  public static final String SOURCE_PROTOTXT_SHA256 = "source_prototxt_sha256";
  /** {@link ModelMetadata#extra()} name: the caffemodel's file name. */
  public static final String SOURCE_CAFFEMODEL = "source_caffemodel";
  /** {@link ModelMetadata#extra()} name: the caffemodel's SHA-256, lower-case hex. */
  public static final String SOURCE_CAFFEMODEL_SHA256 = "source_caffemodel_sha256";
  /**
   * {@link ModelMetadata#extra()} name: the scale the deploy net applied to the logits before its
   * softmax (absent if it had none); the recommended temperature is its inverse.
   */
  public static final String SOURCE_LOGIT_SCALE = "source_logit_scale";
  /** Where the authors publish the release. */
  public static final String AUTHORS_REPOSITORY = "https://github.com/richzhang/colorization";

  private CaffeImporter() {}

  /**
   * Imports a Caffe model: the net definition (text) and its trained weights (binary).
   *
   * @param prototxt the deploy definition, e.g. {@code colorization_deploy_v2.prototxt}
   * @param caffemodel the weights, e.g. {@code colorization_release_v2.caffemodel}
   * @return the model, in memory; save it with {@link io.github.colorize.model.ModelWriter}
   * @throws CaffeFormatException if a file is not what the importer maps (the message names the
   *     file, the layer and what was expected)
   * @throws IOException if a file cannot be read
   */
  public static ModelFile importModel(Path prototxt, Path caffemodel) throws IOException {
    checkNotNull(prototxt, "prototxt");
    checkNotNull(caffemodel, "caffemodel");
    byte[] definitionBytes = Files.readAllBytes(prototxt);
    CaffeNet definition = PrototxtReader.read(utf8(definitionBytes, prototxt.toString()),
        prototxt.toString());
    CaffeNet trained;
    String caffemodelHash;
    try (HashingInputStream in = new HashingInputStream(Hashing.sha256(),
        Files.newInputStream(caffemodel))) {
      trained = NetParameterReader.read(in, caffemodel.toString());
      // The reader stops at the end of the message, which is the end of the file; drain anyway
      // so that the hash always covers every byte.
      in.transferTo(java.io.OutputStream.nullOutputStream());
      caffemodelHash = in.hash().toString();
    }
    ImportedNetwork imported = Eccv16Mapper.map(definition, trained);
    String prototxtHash = Hashing.sha256().hashBytes(definitionBytes).toString();
    ModelMetadata metadata = metadata(imported, fileName(prototxt), prototxtHash,
        fileName(caffemodel), caffemodelHash);
    ModelFile model = ModelFile.of(imported.network(), imported.weights(), metadata);
    LOG.info("imported Caffe net '{}' ({} layers) from {} and {}: eccv16 width {}, {} parameters,"
        + " input {}, T = {}", imported.netName(), definition.layers().size(), prototxt,
        caffemodel, imported.network().width(), model.onnx().graph().parameterCount(),
        metadata.inputNormalization(), metadata.temperature());
    return model;
  }

  private static ModelMetadata metadata(ImportedNetwork imported, String prototxt,
      String prototxtHash, String caffemodel, String caffemodelHash) {
    double scale = imported.logitScale();
    // The deploy net decodes softmax(scale * logits): the annealed mean at T = 1 / scale. A net
    // with a softmax but no scale decodes at T = 1; one that stops at the logits says nothing.
    double temperature = !Double.isNaN(scale) ? 1.0 / scale
        : imported.hasSoftmax() ? 1.0 : ModelMetadata.PAPER_TEMPERATURE;
    ModelMetadata.Builder b = imported.network().defaultMetadata().toBuilder()
        .inputNormalization(InputNormalization.CAFFE)
        .temperature(temperature)
        .modelCard(modelCard(imported, prototxt, prototxtHash, caffemodel, caffemodelHash,
            temperature))
        .extra(SOURCE_FORMAT, CAFFE)
        .extra(SOURCE_PROTOTXT, prototxt)
        .extra(SOURCE_PROTOTXT_SHA256, prototxtHash)
        .extra(SOURCE_CAFFEMODEL, caffemodel)
        .extra(SOURCE_CAFFEMODEL_SHA256, caffemodelHash);
    if (!Double.isNaN(scale)) {
      b.extra(SOURCE_LOGIT_SCALE, Float.toString((float) scale));
    }
    return b.build();
  }

  private static String modelCard(ImportedNetwork imported, String prototxt, String prototxtHash,
      String caffemodel, String caffemodelHash, double temperature) {
    String net = imported.netName().isEmpty() ? "" : ", net '" + imported.netName() + "'";
    return String.format(Locale.ROOT, "Imported from the Caffe model %s (sha256 %s) with its"
        + " definition %s (sha256 %s%s). The network of Zhang, Isola & Efros, \"Colorful Image"
        + " Colorization\", ECCV 2016 (eccv16, width %s; the authors' release is published at"
        + " %s). Input L-50 (not divided by 100); output the logits of the 313 ab bins at 1/4"
        + " resolution; recommended temperature %.4f%s.", caffemodel, caffemodelHash, prototxt,
        prototxtHash, net, imported.network().width(), AUTHORS_REPOSITORY, temperature,
        Double.isNaN(imported.logitScale()) ? ""
            : String.format(Locale.ROOT, " (1 / %s, the deploy net's logit scale)",
                (float) imported.logitScale()));
  }

  private static String utf8(byte[] bytes, String source) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new CaffeFormatException(source, "the file is not text (UTF-8), expected the net"
          + " definition (.prototxt), not the binary weights (.caffemodel)", e);
    }
  }

  private static String fileName(Path path) {
    Path name = path.getFileName();
    return name == null ? path.toString() : name.toString();
  }
}
