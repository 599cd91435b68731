package io.github.colorize.model.onnx;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model without its weights: the metadata, the nodes, the graph's inputs and outputs and
 * the names of its initializers. It is all colorize checks and needs to hand a model file to an
 * engine that reads the file itself, and it is a few hundred kilobytes where the weights are a
 * hundred megabytes. {@link OnnxReader#readOutline} reads one from a file without the weights
 * ever entering the heap; {@link OnnxModel#outline()} takes one from a whole model.
 *
 * @param opsetVersion version of the default ("ai.onnx") operator set
 * @param metadata the {@code metadata_props} key/value pairs, in file order
 * @param graphName the graph's name
 * @param nodes the nodes, in topological order
 * @param inputs the real inputs (not initializers)
 * @param outputs the outputs
 * @param initializerNames the names of every initializer (float weights and others), in file
 *     order
 */
public record OnnxOutline(long opsetVersion, Map<String, String> metadata, String graphName,
    List<OnnxNode> nodes, List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs,
    Set<String> initializerNames) {

  public OnnxOutline {
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    checkNotNull(graphName, "graphName");
    nodes = List.copyOf(nodes);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    initializerNames = Collections.unmodifiableSet(new LinkedHashSet<>(initializerNames));
  }

  /** The outline of a whole model (its weights are left out, not copied). */
  public static OnnxOutline of(OnnxModel model) {
    checkNotNull(model, "model");
    OnnxGraph g = model.graph();
    Set<String> names = new LinkedHashSet<>(g.initializers().keySet());
    names.addAll(g.otherInitializers().keySet());
    return new OnnxOutline(model.opsetVersion(), model.metadata(), g.name(), g.nodes(),
        g.inputs(), g.outputs(), names);
  }

  /** Whether {@code name} is an initializer. */
  public boolean isInitializer(String name) {
    return initializerNames.contains(name);
  }
}
