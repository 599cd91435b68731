package io.github.colorize.model.caffe;

import java.util.ArrayList;
import java.util.List;

/** Reads a Caffe net definition ({@code .prototxt}, protobuf text format) into a {@link CaffeNet}. */
final class PrototxtReader {

  private PrototxtReader() {}

  /**
   * @param source names the file in messages
   * @throws CaffeFormatException if the text does not parse or is not a layer-format NetParameter
   */
  static CaffeNet read(String text, String source) {
    ProtoFields net = PrototxtParser.parse(text, source);
    try {
      if (net.has("layers") && !net.has("layer")) {
        throw new CaffeFormatException(source, "the net uses the V1 'layers' format of Caffe"
            + " before 2015; upgrade it with Caffe's tools/upgrade_net_proto_text, expected"
            + " 'layer { ... }' entries");
      }
      List<ProtoFields> entries = net.messages("layer");
      if (entries.isEmpty()) {
        throw new CaffeFormatException(source, "the file has no 'layer { ... }' entries, expected"
            + " a Caffe net definition such as colorization_deploy_v2.prototxt");
      }
      List<CaffeLayer> layers = new ArrayList<>();
      for (ProtoFields entry : entries) {
        layers.add(CaffeLayer.of(layers.size(), entry, List.of()));
      }
      return new CaffeNet(net.string("name", ""), net.strings("input"), layers, source);
    } catch (IllegalArgumentException e) {
      if (e instanceof CaffeFormatException) {
        throw e;
      }
      throw new CaffeFormatException(source, e.getMessage(), e);
    }
  }
}
