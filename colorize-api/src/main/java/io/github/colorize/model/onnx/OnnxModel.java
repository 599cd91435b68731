package io.github.colorize.model.onnx;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The parts of an ONNX {@code ModelProto} that colorize reads and writes.
 *
 * @param irVersion ONNX IR version
 * @param opsetVersion version of the default ("ai.onnx") operator set
 * @param producerName who wrote the file
 * @param producerVersion the producer's version
 * @param graph the network
 * @param metadata the {@code metadata_props} key/value pairs, in file order
 * @param domain the model's namespace, usually empty
 * @param modelVersion the model's version number, 0 when unset
 * @param docString free-form documentation, usually empty
 * @param otherOpsets versions of operator sets other than the default domain, by domain
 */
public record OnnxModel(long irVersion, long opsetVersion, String producerName,
    String producerVersion, OnnxGraph graph, Map<String, String> metadata, String domain,
    long modelVersion, String docString, Map<String, Long> otherOpsets) {

  /** The IR version colorize writes (ONNX 1.10+, read by every ONNX Runtime since 1.10). */
  public static final long IR_VERSION = 8;
  /** The default-domain opset colorize writes. */
  public static final long OPSET_VERSION = 17;
  /** The producer name colorize writes. */
  public static final String PRODUCER = "colorize";

  public OnnxModel {
    checkNotNull(producerName, "producerName");
    checkNotNull(producerVersion, "producerVersion");
    checkNotNull(graph, "graph");
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    checkNotNull(domain, "domain");
    checkNotNull(docString, "docString");
    otherOpsets = Collections.unmodifiableMap(new LinkedHashMap<>(otherOpsets));
  }

  /** A model with only the default operator set, no domain, version or documentation. */
  public OnnxModel(long irVersion, long opsetVersion, String producerName, String producerVersion,
      OnnxGraph graph, Map<String, String> metadata) {
    this(irVersion, opsetVersion, producerName, producerVersion, graph, metadata, "", 0, "",
        Map.of());
  }

  /**
   * A model as colorize writes it: IR {@value #IR_VERSION}, opset {@value #OPSET_VERSION},
   * producer {@value #PRODUCER}.
   */
  public static OnnxModel of(OnnxGraph graph, Map<String, String> metadata) {
    return new OnnxModel(IR_VERSION, OPSET_VERSION, PRODUCER, libraryVersion(), graph, metadata);
  }

  /** This library's version as its jar's Maven descriptor states it, or {@code "dev"}. */
  static String libraryVersion() {
    try (InputStream in = OnnxModel.class.getResourceAsStream(
        "/META-INF/maven/io.github.colorize/colorize-api/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "dev");
      }
    } catch (IOException e) {
      // A damaged descriptor only costs the version string.
    }
    return "dev";
  }

  /** This model without its weights: what {@link OnnxReader#readOutline} reads from a file. */
  public OnnxOutline outline() {
    return OnnxOutline.of(this);
  }

  /** The same model with other metadata. */
  public OnnxModel withMetadata(Map<String, String> newMetadata) {
    return new OnnxModel(irVersion, opsetVersion, producerName, producerVersion, graph,
        newMetadata, domain, modelVersion, docString, otherOpsets);
  }
}
