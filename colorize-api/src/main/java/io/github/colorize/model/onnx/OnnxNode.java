package io.github.colorize.model.onnx;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX operator application.
 *
 * @param name the node's name (may be empty in foreign files)
 * @param opType the operator, e.g. {@code Conv}
 * @param inputs input value names; an empty string marks an omitted optional input
 * @param outputs output value names
 * @param attributes attributes by name
 * @param domain the operator set domain, empty for the default ONNX operators
 * @param docString free-form documentation, usually empty
 */
public record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs,
    Map<String, OnnxAttribute> attributes, String domain, String docString) {

  public OnnxNode {
    checkNotNull(name, "name");
    checkNotNull(opType, "opType");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    checkNotNull(domain, "domain");
    checkNotNull(docString, "docString");
  }

  /** A node of the default ONNX operator set, without documentation. */
  public OnnxNode(String name, String opType, List<String> inputs, List<String> outputs,
      Map<String, OnnxAttribute> attributes) {
    this(name, opType, inputs, outputs, attributes, "", "");
  }

  /** Integer attribute {@code key}, or {@code fallback} when absent. */
  public long intAttr(String key, long fallback) {
    OnnxAttribute a = attributes.get(key);
    return a == null ? fallback : a.i();
  }

  /** Float attribute {@code key}, or {@code fallback} when absent. */
  public float floatAttr(String key, float fallback) {
    OnnxAttribute a = attributes.get(key);
    return a == null ? fallback : a.f();
  }

  /** Integer-list attribute {@code key}, or {@code fallback} when absent. */
  public long[] intsAttr(String key, long[] fallback) {
    OnnxAttribute a = attributes.get(key);
    return a == null ? fallback : a.ints().clone();
  }

  /** String attribute {@code key}, or {@code fallback} when absent. */
  public String stringAttr(String key, String fallback) {
    OnnxAttribute a = attributes.get(key);
    return a == null ? fallback : a.s();
  }

  /** A name for messages: the node name, or its first output when unnamed. */
  public String label() {
    return !name.isEmpty() ? name : outputs.isEmpty() ? "<unnamed " + opType + ">" : outputs.get(0);
  }
}
