package io.github.colorize.model.onnx;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Map;

/**
 * The parts of an ONNX {@code ModelProto} that colorize reads and writes.
 *
 * @param irVersion ONNX IR version
 * @param opsetVersion version of the default ("ai.onnx") operator set
 * @param producerName who wrote the file
 * @param producerVersion the producer's version
 * @param graph the network
 * @param metadata the {@code metadata_props} key/value pairs, in file order
 */
public record OnnxModel(long irVersion, long opsetVersion, String producerName,
    String producerVersion, OnnxGraph graph, Map<String, String> metadata) {

  public OnnxModel {
    checkNotNull(producerName, "producerName");
    checkNotNull(producerVersion, "producerVersion");
    checkNotNull(graph, "graph");
    metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
  }
}
