package io.github.colorize.dl4j.train;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.colorize.tensor.FloatTensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam's state, for checkpoints: the number of steps taken and the first and second moments of
 * every trainable weight, keyed by ONNX initializer name, in ONNX layout.
 *
 * @param step number of updates applied so far
 * @param firstMoments m per weight
 * @param secondMoments v per weight
 */
public record OptimizerState(long step, Map<String, FloatTensor> firstMoments,
    Map<String, FloatTensor> secondMoments) {

  public OptimizerState {
    checkArgument(step >= 0, "step is %s, expected >= 0", step);
    checkArgument(firstMoments.keySet().equals(secondMoments.keySet()),
        "first moments for %s but second moments for %s", firstMoments.keySet(),
        secondMoments.keySet());
    firstMoments = Collections.unmodifiableMap(new LinkedHashMap<>(firstMoments));
    secondMoments = Collections.unmodifiableMap(new LinkedHashMap<>(secondMoments));
  }
}
