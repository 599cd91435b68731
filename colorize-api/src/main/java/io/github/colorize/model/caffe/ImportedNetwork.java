package io.github.colorize.model.caffe;

import io.github.colorize.model.Eccv16;
import io.github.colorize.tensor.FloatTensor;
import java.util.Map;

/**
 * What {@link Eccv16Mapper} made of a Caffe net: the eccv16-family network it matched and its
 * weights under colorize's names, ready for {@link io.github.colorize.model.ModelFile#of}.
 *
 * @param network the matched network (its width from the first convolution's channel count)
 * @param weights {@code conv1_1.weight}, ..., {@code conv1_2norm.mean}, ... ({@link
 *     Eccv16#weightShapes()})
 * @param logitScale the scale the net applies to the logits before its softmax (2.606 in the
 *     release), or NaN if it has none
 * @param hasSoftmax whether the net ends in a softmax (with or without the ab decoding layer)
 * @param netName the name the prototxt gives the net
 */
record ImportedNetwork(Eccv16 network, Map<String, FloatTensor> weights, double logitScale,
    boolean hasSoftmax, String netName) {

  ImportedNetwork {
    weights = Map.copyOf(weights);
  }
}
