package io.github.colorize.dl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.colorize.dl4j.DilationStrategy;
import io.github.colorize.dl4j.Nd4jArrays;
import io.github.colorize.dl4j.NativeBuild;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.MobileNetV2Unet;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.testing.MobileNetV2Fixtures;
import io.github.colorize.tensor.FloatTensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class TrainingGraphTest {

  private static final int N = 2;
  private static final int H = 6;
  private static final int W = 5;

  private record Batch(FloatTensor x, FloatTensor z, FloatTensor w) {}

  private static Batch batch(long seed, int channels, boolean soft) {
    Random r = new Random(seed);
    FloatTensor x = TinyNets.random(r, 1.0, N, 1, H, W);
    FloatTensor z = soft ? TinyNets.softTargets(r, N, channels, 2 * H, 2 * W)
        : TinyNets.uniform(r, -60, 60, N, channels, 2 * H, 2 * W);
    FloatTensor w = TinyNets.uniform(r, 0.2, 3, N, 1, 2 * H, 2 * W);
    return new Batch(x, z, w);
  }

  private static Map<String, INDArray> placeholders(TrainingGraph tg, Batch b, DataType type) {
    Map<String, INDArray> m = new LinkedHashMap<>();
    m.put("x", Nd4jArrays.toNd4j(b.x(), type));
    m.put(TrainingGraph.TARGET, Nd4jArrays.toNd4j(b.z(), type));
    m.put(TrainingGraph.PIXEL_WEIGHT, Nd4jArrays.toNd4j(b.w(), type));
    return m;
  }

  private static double loss(SameDiff sd, Map<String, INDArray> ph) {
    return sd.output(ph, SoftCrossEntropy.LOSS).get(SoftCrossEntropy.LOSS).getDouble(0);
  }

  /**
   * Backprop through the whole training graph (dilated conv in both forms, Relu, batch-statistics
   * BatchNorm, ConvTranspose, 1x1 conv, loss) against central finite differences, in double.
   */
  @ParameterizedTest
  @EnumSource(value = DilationStrategy.class, names = {"NATIVE", "SPACE_TO_BATCH"})
  void gradientsMatchFiniteDifferences(DilationStrategy strategy) {
    assumeFalse(strategy == DilationStrategy.NATIVE && NativeBuild.current().oneDnn(),
        "oneDNN builds reject native dilated convolutions");
    // Both losses through the rewrite that oneDNN builds use; the native form with one.
    List<TrainingLoss> losses = strategy == DilationStrategy.SPACE_TO_BATCH
        ? List.of(TrainingLoss.values()) : List.of(TrainingLoss.SOFT_CROSS_ENTROPY);
    for (TrainingLoss lossKind : losses) {
      boolean ab = lossKind == TrainingLoss.L2;
      TrainingGraph tg = TrainingGraph.builder(TinyNets.net(3, ab)).inputSize(H, W)
          .loss(lossKind).dilation(strategy).dataType(DataType.DOUBLE)
          .trainBatchNormAffine(true).build();
      SameDiff sd = tg.graph().sameDiff();
      Map<String, INDArray> ph = placeholders(tg, batch(4, ab ? 2 : TinyNets.Q, !ab), DataType.DOUBLE);
      List<String> vars = tg.graph().trainableWeights().values().stream()
          .map(b -> b.variable()).toList();
      assertThat(tg.graph().trainableWeights().keySet()).containsExactlyInAnyOrder("c1.weight",
          "c1.bias", "bn.scale", "bn.bias", "up.weight", "up.bias", "head.weight", "head.bias");
      Map<String, INDArray> grads = sd.calculateGradients(ph, vars);
      double eps = 1e-5;
      for (String v : vars) {
        INDArray param = sd.getVariable(v).getArr();
        INDArray grad = grads.get(v);
        for (long i = 0; i < param.length(); i += Math.max(1, param.length() / 3)) {
          double original = param.getDouble(i);
          param.putScalar(i, original + eps);
          double plus = loss(sd, ph);
          param.putScalar(i, original - eps);
          double minus = loss(sd, ph);
          param.putScalar(i, original);
          double numeric = (plus - minus) / (2 * eps);
          double analytic = grad.getDouble(i);
          assertThat(analytic).as("%s %s[%s]", lossKind, v, i)
              .isCloseTo(numeric, within(1e-6 * Math.max(1, Math.abs(numeric))));
        }
      }
    }
  }

  /**
   * With zero moments, Adam's first step is {@code -lr * g / (|g| + eps / sqrt(1 - b2))}; weight
   * decay adds {@code decay * w} to the gradient of kernels, not of biases. A large epsilon makes
   * the step depend on |g|, so that a wrong gradient or decay shows.
   */
  @Test
  void firstAdamStepFollowsTheFormula() {
    AdamSettings adam = new AdamSettings(1e-3, 0.9, 0.99, 1e-4, 0.05);
    TrainingGraph tg = TrainingGraph.builder(TinyNets.net(5, false)).inputSize(H, W)
        .dilation(DilationStrategy.SPACE_TO_BATCH).dataType(DataType.DOUBLE).adam(adam).build();
    Batch b = batch(6, TinyNets.Q, true);
    SameDiff sd = tg.graph().sameDiff();
    List<String> vars = tg.graph().trainableWeights().values().stream().map(x -> x.variable())
        .toList();
    Map<String, INDArray> grads = sd.calculateGradients(placeholders(tg, b, DataType.DOUBLE), vars);
    Map<String, INDArray> before = new LinkedHashMap<>();
    for (String v : vars) {
      before.put(v, sd.getVariable(v).getArr().dup());
    }
    double lossValue = tg.fit(b.x(), b.z(), b.w());
    assertThat(lossValue).isPositive();
    assertThat(tg.step()).isEqualTo(1);
    int decayed = 0;
    for (String v : vars) {
      INDArray w0 = before.get(v);
      INDArray w1 = sd.getVariable(v).getArr();
      INDArray g = grads.get(v);
      boolean kernel = w0.rank() >= 2;
      for (long i = 0; i < w0.length(); i++) {
        double gi = g.getDouble(i) + (kernel ? adam.weightDecay() * w0.getDouble(i) : 0);
        double step = -adam.learningRate() * gi
            / (Math.abs(gi) + adam.epsilon() / Math.sqrt(1 - adam.beta2()));
        assertThat(w1.getDouble(i) - w0.getDouble(i)).as("%s[%s]", v, i)
            .isCloseTo(step, within(1e-12));
        if (kernel && Math.abs(adam.weightDecay() * w0.getDouble(i)) > 0.1 * Math.abs(gi)) {
          decayed++;
        }
      }
    }
    assertThat(decayed).as("weights whose step the decay term visibly changes").isPositive();
  }

  /** running = m * running + (1 - m) * batch, with the unbiased batch variance. */
  @Test
  void runningStatisticsFollowTheBatch() {
    TrainingGraph tg = TrainingGraph.builder(TinyNets.net(7, false)).inputSize(H, W)
        .dilation(DilationStrategy.SPACE_TO_BATCH).dataType(DataType.DOUBLE)
        .batchNormMomentum(0.75).build();
    Batch b = batch(8, TinyNets.Q, true);
    // The BatchNorm reads relu(c1(x)): compute it with the graph itself before the step.
    INDArray r1 = tg.graph().sameDiff().output(placeholders(tg, b, DataType.DOUBLE), "r1")
        .get("r1");
    FloatTensor act = Nd4jArrays.toTensor(r1);
    float[] mean0 = tg.weights().get("bn.mean").data();
    float[] var0 = tg.weights().get("bn.var").data();
    tg.fit(b.x(), b.z(), b.w());
    float[] mean1 = tg.weights().get("bn.mean").data();
    float[] var1 = tg.weights().get("bn.var").data();
    int c = act.dim(1);
    int inner = act.dim(2) * act.dim(3);
    int count = N * inner;
    for (int ch = 0; ch < c; ch++) {
      double s = 0;
      for (int n = 0; n < N; n++) {
        for (int i = 0; i < inner; i++) {
          s += act.data()[(n * c + ch) * inner + i];
        }
      }
      double m = s / count;
      double q = 0;
      for (int n = 0; n < N; n++) {
        for (int i = 0; i < inner; i++) {
          double d = act.data()[(n * c + ch) * inner + i] - m;
          q += d * d;
        }
      }
      double unbiased = q / (count - 1);
      assertThat((double) mean1[ch]).isCloseTo(0.75 * mean0[ch] + 0.25 * m, within(1e-5));
      assertThat((double) var1[ch]).isCloseTo(0.75 * var0[ch] + 0.25 * unbiased, within(1e-5));
    }
  }

  @Test
  void optimizerStateRestoresExactly() {
    OnnxGraph net = TinyNets.net(9, false);
    AdamSettings adam = AdamSettings.paper().withLearningRate(1e-3);
    TrainingGraph a = TrainingGraph.builder(net).inputSize(H, W).adam(adam)
        .dilation(DilationStrategy.SPACE_TO_BATCH).dataType(DataType.DOUBLE).build();
    a.fit(batch(10, TinyNets.Q, true).x(), batch(10, TinyNets.Q, true).z(),
        batch(10, TinyNets.Q, true).w());
    a.fit(batch(11, TinyNets.Q, true).x(), batch(11, TinyNets.Q, true).z(),
        batch(11, TinyNets.Q, true).w());
    OptimizerState state = a.optimizerState();
    assertThat(state.step()).isEqualTo(2);
    assertThat(state.firstMoments().get("up.weight").shape()).containsExactly(3, 3, 4, 4);

    TrainingGraph b = TrainingGraph.builder(a.currentGraph()).inputSize(H, W).adam(adam)
        .dilation(DilationStrategy.SPACE_TO_BATCH).dataType(DataType.DOUBLE).build();
    b.restoreOptimizerState(state);
    Batch next = batch(12, TinyNets.Q, true);
    double lossA = a.fit(next.x(), next.z(), next.w());
    double lossB = b.fit(next.x(), next.z(), next.w());
    assertThat(lossB).isCloseTo(lossA, within(1e-6));
    Map<String, FloatTensor> wa = a.weights();
    Map<String, FloatTensor> wb = b.weights();
    assertThat(wb.keySet()).containsExactlyElementsOf(wa.keySet());
    for (String k : wa.keySet()) {
      float[] x = wa.get(k).data();
      float[] y = wb.get(k).data();
      for (int i = 0; i < x.length; i++) {
        assertThat(y[i]).as("%s[%s]", k, i).isCloseTo(x[i], within(1e-6f));
      }
    }

    TrainingGraph fresh = TrainingGraph.builder(net).inputSize(H, W)
        .dilation(DilationStrategy.SPACE_TO_BATCH).dataType(DataType.DOUBLE).build();
    OptimizerState wrong = new OptimizerState(1, Map.of("x", FloatTensor.zeros(1)),
        Map.of("x", FloatTensor.zeros(1)));
    assertThatThrownBy(() -> fresh.restoreOptimizerState(wrong))
        .hasMessageContaining("optimizer state holds moments for [x]");
  }

  @Test
  void rejectsMisshapenBatches() {
    TrainingGraph tg = TrainingGraph.builder(TinyNets.net(13, false)).inputSize(H, W)
        .dilation(DilationStrategy.SPACE_TO_BATCH).build();
    Batch b = batch(14, TinyNets.Q, true);
    assertThat(tg.targetShape()).containsExactly(-1, TinyNets.Q, 2 * H, 2 * W);
    assertThatThrownBy(() -> tg.fit(b.x(), FloatTensor.zeros(N, 3, 2 * H, 2 * W), b.w()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("targets has shape [2, 3, 12, 10], expected [2, 5, 12, 10]");
    assertThatThrownBy(() -> tg.fit(FloatTensor.zeros(N, 1, 8, 8), b.z(), b.w()))
        .hasMessageContaining("inputs has shape [2, 1, 8, 8], expected [2, 1, 6, 5]");
    // The batch size may change between steps (a last, smaller batch).
    assertThat(tg.fit(b.x(), b.z(), b.w())).isPositive();
    assertThat(tg.fit(b.x().item(0), b.z().item(0), b.w().item(0))).isPositive();
    assertThat(tg.step()).isEqualTo(2);
  }

  /**
   * eccv16 (width 0.25) trains: the loss falls on a repeated batch, running statistics move,
   * every weight comes back under its Eccv16 name, and Eccv16.graph accepts them for export. The
   * ab variant trains with L2 and keeps its output scale fixed.
   */
  @Test
  void eccv16TrainsAndExports() {
    Eccv16 net = Eccv16.logits(0.25);
    int size = 32;
    TrainingGraph tg = TrainingGraph.builder(net.graph(net.initialWeights(1)))
        .inputSize(size, size).adam(AdamSettings.paper().withLearningRate(1e-3)).build();
    Random r = new Random(15);
    FloatTensor x = TinyNets.random(r, 0.3, 2, 1, size, size);
    FloatTensor z = TinyNets.softTargets(r, 2, 313, size / 4, size / 4);
    FloatTensor w = TinyNets.uniform(r, 0.5, 2, 2, 1, size / 4, size / 4);
    double first = tg.fit(x, z, w);
    double last = first;
    for (int i = 0; i < 2; i++) {
      last = tg.fit(x, z, w);
    }
    assertThat(last).isLessThan(first);
    Map<String, FloatTensor> weights = tg.weights();
    assertThat(weights.keySet()).containsExactlyElementsOf(net.weightShapes().keySet());
    for (Map.Entry<String, int[]> e : net.weightShapes().entrySet()) {
      assertThat(weights.get(e.getKey()).shape()).as(e.getKey()).containsExactly(e.getValue());
    }
    assertThat(weights.get("conv1_2norm.mean").maxAbs()).isPositive();
    assertThat(net.graph(weights).nodes()).hasSameSizeAs(net.graph(net.initialWeights(1)).nodes());
    // BatchNorm scale and bias stay fixed by default, as in the paper's Caffe model.
    assertThat(tg.graph().trainableWeights()).doesNotContainKey("conv1_2norm.scale");
    assertThat(Arrays.equals(weights.get("conv8_1.weight").data(),
        net.initialWeights(1).get("conv8_1.weight").data())).isFalse();

    Eccv16 abNet = Eccv16.ab(0.25);
    TrainingGraph l2 = TrainingGraph.builder(abNet.graph(abNet.initialWeights(2)))
        .inputSize(size, size).loss(TrainingLoss.L2).build();
    FloatTensor ab = TinyNets.uniform(r, -40, 40, 2, 2, size / 4, size / 4);
    assertThat(l2.fit(x, ab, w)).isPositive().isFinite();
    assertThat(l2.graph().trainableWeights()).doesNotContainKey("ab_scale");
    assertThat(l2.weights().get("ab_scale").data()).containsExactly(110f);
  }

  /**
   * A mobilenetv2-unet decoder trains on feature maps given as several inputs (finest first):
   * the loss falls, the decoder's weights come back under their names, and the graph rejects a
   * wrong number of inputs.
   */
  @Test
  void decoderTrainsOnSeveralFeatureMapInputs() {
    MobileNetV2Unet net = new MobileNetV2Unet(MobileNetV2Fixtures.encoder(4), 8,
        List.of(32, 16, 8, 4), 313);
    int crop = 64;
    TrainingGraph tg = TrainingGraph.builder(net.decoderGraph(net.initialDecoderWeights(1), crop))
        .inputSize(crop / 4, crop / 4).adam(AdamSettings.paper().withLearningRate(1e-2)).build();
    assertThat(tg.inputNames()).hasSize(4);
    Random r = new Random(21);
    List<FloatTensor> maps = new java.util.ArrayList<>();
    for (int s : net.decoderInputStrides()) {
      maps.add(TinyNets.uniform(r, 0, 3, 2, net.encoder().channels(s), crop / s, crop / s));
    }
    FloatTensor z = TinyNets.softTargets(r, 2, 313, crop / 4, crop / 4);
    FloatTensor w = TinyNets.uniform(r, 0.5, 2, 2, 1, crop / 4, crop / 4);
    double first = tg.fit(maps, z, w);
    double last = first;
    for (int i = 0; i < 3; i++) {
      last = tg.fit(maps, z, w);
    }
    assertThat(last).isLessThan(first);
    assertThat(tg.weights().keySet()).containsExactlyInAnyOrderElementsOf(
        net.decoderWeightShapes().keySet());
    assertThat(net.graph(tg.weights()).nodes()).isNotEmpty();
    assertThatThrownBy(() -> tg.fit(maps.subList(0, 2), z, w))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 input tensors");
  }
}
