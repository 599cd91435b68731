package io.github.colorize.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.colorize.tensor.FloatTensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Eccv16Test {

  private static double std(FloatTensor t) {
    double sum = 0;
    double sq = 0;
    for (float v : t.data()) {
      sum += v;
      sq += v * v;
    }
    int n = t.data().length;
    return Math.sqrt(sq / n - (sum / n) * (sum / n));
  }

  @Test
  void randomWeightsAreHeNormalEverywhere() {
    Map<String, FloatTensor> w = Eccv16.logits(0.5).randomWeights(3);
    // conv8_313 at width 0.5: 128 input channels, 1x1 kernel.
    assertThat(std(w.get("conv8_313.weight"))).isCloseTo(Math.sqrt(2.0 / 128), within(0.005));
    // conv1_1: 1 input channel, 3x3 kernel.
    assertThat(std(w.get("conv1_1.weight"))).isCloseTo(Math.sqrt(2.0 / 9), within(0.05));
  }

  @Test
  void trainingStartsFromASmallOutputLayer() {
    Eccv16 net = Eccv16.logits(0.5);
    Map<String, FloatTensor> initial = net.initialWeights(3);
    Map<String, FloatTensor> random = net.randomWeights(3);
    assertThat(std(initial.get("conv8_313.weight"))).isCloseTo(Eccv16.HEAD_INIT_STD, within(5e-4));
    assertThat(initial.get("conv8_2.weight").data()).containsExactly(
        random.get("conv8_2.weight").data());
    assertThat(initial.keySet()).containsExactlyElementsOf(random.keySet());
  }
}
