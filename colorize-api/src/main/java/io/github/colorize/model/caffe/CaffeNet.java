package io.github.colorize.model.caffe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Caffe {@code NetParameter}: its name, the net-level inputs of the old style
 * ({@code input: "data"}), and its layers in order.
 *
 * @param name the net's name, or empty
 * @param inputs net-level input blob names (Input layers are among the layers instead)
 * @param layers the layers, in file order
 * @param source the file, for messages
 */
record CaffeNet(String name, List<String> inputs, List<CaffeLayer> layers, String source) {

  CaffeNet {
    inputs = List.copyOf(inputs);
    layers = List.copyOf(layers);
  }

  /** The layers by name (the last of a name wins, as when Caffe copies weights by name). */
  Map<String, CaffeLayer> byName() {
    Map<String, CaffeLayer> map = new LinkedHashMap<>();
    for (CaffeLayer layer : layers) {
      map.put(layer.name(), layer);
    }
    return map;
  }
}
