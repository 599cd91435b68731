package io.github.colorize.dl4j;

import io.github.colorize.model.onnx.OnnxNode;
import java.util.Set;
import java.util.TreeSet;

/** Checks shared by the op lowerings. */
final class Validation {

  private Validation() {}

  /** Rejects any attribute of {@code node} outside {@code supported}. */
  static void attributes(OnnxNode node, Set<String> supported) {
    for (String name : node.attributes().keySet()) {
      if (!supported.contains(name)) {
        throw new IllegalArgumentException("node '" + node.label() + "' (" + node.opType()
            + "): attribute '" + name + "' is not supported; supported: " + new TreeSet<>(supported));
      }
    }
  }

  /** Rejects a node with more than {@code max} outputs actually named. */
  static void outputs(OnnxNode node, int max) {
    long named = node.outputs().stream().filter(o -> !o.isEmpty()).count();
    if (named > max || node.outputs().isEmpty() || node.outputs().get(0).isEmpty()) {
      throw new IllegalArgumentException("node '" + node.label() + "' (" + node.opType()
          + ") has outputs " + node.outputs() + "; only its first output is supported");
    }
  }
}
