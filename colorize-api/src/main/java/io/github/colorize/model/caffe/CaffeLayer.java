package io.github.colorize.model.caffe;

import java.util.List;

/**
 * One {@code LayerParameter} of a Caffe net, from the prototxt or the binary file.
 *
 * @param index the layer's position in its file, from 0
 * @param name the layer name
 * @param type the layer type, e.g. {@code Convolution}
 * @param bottoms the blobs it reads
 * @param tops the blobs it writes
 * @param params every field of the layer, for the type-specific parameters
 * @param blobs the learned parameter blobs (empty in a prototxt)
 */
record CaffeLayer(int index, String name, String type, List<String> bottoms, List<String> tops,
    ProtoFields params, List<CaffeBlob> blobs) {

  CaffeLayer {
    bottoms = List.copyOf(bottoms);
    tops = List.copyOf(tops);
    blobs = List.copyOf(blobs);
  }

  /** Builds a layer from its fields (the blobs come separately: only the binary file has them). */
  static CaffeLayer of(int index, ProtoFields fields, List<CaffeBlob> blobs) {
    return new CaffeLayer(index, fields.string("name", ""), fields.string("type", ""),
        fields.strings("bottom"), fields.strings("top"), fields, blobs);
  }

  /** {@code layer 'conv1_2' (Convolution, line 37)} or {@code (..., layer #3)}, for messages. */
  String describe() {
    String where = params.line() > 0 ? "line " + params.line() : "layer #" + (index + 1);
    return "layer '" + name + "' (" + (type.isEmpty() ? "no type" : type) + ", " + where + ")";
  }

  /** The sub-message of the parameters, or an empty one (every field at its default). */
  ProtoFields param(String name) {
    ProtoFields p = params.message(name);
    return p != null ? p : new ProtoFields(params.line());
  }

  /**
   * Whether Caffe includes the layer in a TEST-phase (deploy) net: no {@code include} rule, or one
   * that does not ask for TRAIN; and no {@code exclude} rule for TEST.
   */
  boolean inTestPhase() {
    List<ProtoFields> include = params.messages("include");
    boolean included = include.isEmpty();
    for (ProtoFields rule : include) {
      String phase = rule.string("phase", "");
      included |= !phase.equals("TRAIN") && !phase.equals("0");
    }
    for (ProtoFields rule : params.messages("exclude")) {
      String phase = rule.string("phase", "");
      included &= !phase.equals("TEST") && !phase.equals("1");
    }
    return included;
  }

  /** The only top blob. */
  String top() {
    return tops.get(0);
  }

  /** The only bottom blob. */
  String bottom() {
    return bottoms.get(0);
  }
}
