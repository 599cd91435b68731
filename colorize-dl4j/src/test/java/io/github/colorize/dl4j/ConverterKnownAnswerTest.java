package io.github.colorize.dl4j;

import static io.github.colorize.dl4j.NaiveOps.maxAbsDiff;
import static io.github.colorize.dl4j.NaiveOps.random;
import static io.github.colorize.dl4j.TestGraphs.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.colorize.model.onnx.OnnxAttribute;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.tensor.FloatTensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Converted graphs against plain-Java loops, op by op. */
class ConverterKnownAnswerTest {

  private static final double TOL = 2e-4;

  private static ConversionOptions options(DilationStrategy d, int h, int w) {
    return ConversionOptions.builder().dilation(d).inputSize(h, w).build();
  }

  @ParameterizedTest(name = "{0}x{1} k{2} s{3} pads({4},{5},{6},{7}) d({8},{9}) {10}")
  @CsvSource({
      "9, 11, 3, 1, 1, 1, 1, 1, 1, 1, SPACE_TO_BATCH",
      "9, 11, 3, 2, 1, 1, 1, 1, 1, 1, SPACE_TO_BATCH",
      "8, 8, 3, 2, 1, 1, 1, 1, 1, 1, NATIVE",
      "8, 10, 3, 1, 2, 2, 2, 2, 2, 2, SPACE_TO_BATCH",
      "7, 9, 3, 1, 2, 2, 2, 2, 2, 2, SPACE_TO_BATCH",
      "7, 9, 3, 1, 2, 2, 2, 2, 2, 2, NATIVE",
      "7, 10, 3, 1, 3, 3, 3, 3, 3, 3, SPACE_TO_BATCH",
      "9, 9, 3, 2, 2, 2, 2, 2, 2, 2, SPACE_TO_BATCH",
      "10, 13, 3, 1, 1, 3, 2, 0, 2, 3, SPACE_TO_BATCH",
      "11, 12, 3, 2, 2, 1, 2, 2, 2, 2, SPACE_TO_BATCH",
      "12, 12, 2, 1, 0, 1, 1, 0, 3, 1, SPACE_TO_BATCH",
      "6, 7, 3, 1, 0, 1, 2, 1, 1, 1, NATIVE",
      "5, 5, 1, 1, 0, 0, 0, 0, 1, 1, NATIVE",
  })
  void convMatchesNaiveLoops(int h, int w, int k, int s, int pt, int pl, int pb, int pr, int dh,
      int dw, DilationStrategy strategy) {
    assumeFalse(strategy == DilationStrategy.NATIVE && (dh > 1 || dw > 1)
        && NativeBuild.current().oneDnn(), "oneDNN builds reject native dilated convolutions");
    Random r = new Random(h * 31L + w * 7L + k + s + dh);
    FloatTensor x = random(r, 2, 3, h, w);
    FloatTensor wt = random(r, 5, 3, k, k);
    FloatTensor b = random(r, 5);
    int[] strides = {s, s};
    int[] pads = {pt, pl, pb, pr};
    int[] dil = {dh, dw};
    OnnxGraph g = new TestGraphs("x", 3).conv("c", "x", wt, b, strides, pads, dil).build("c");
    FloatTensor expected = NaiveOps.conv(x, wt, b, strides, pads, dil);
    FloatTensor actual = TestGraphs.run(g, options(strategy, h, w), x);
    assertThat(maxAbsDiff(actual, expected)).isLessThan(TOL);
  }

  @Test
  void convWithoutBiasAndVariableInputSize() {
    Random r = new Random(3);
    FloatTensor wt = random(r, 4, 2, 3, 3);
    OnnxGraph g = new TestGraphs("x", 2)
        .init("w", wt)
        .node("c", "Conv", List.of("x", "w"), "y", ints("pads", 1, 1, 1, 1))
        .build("y");
    ConversionOptions opts = ConversionOptions.builder().dilation(DilationStrategy.NATIVE).build();
    SameDiffGraph converted = OnnxSameDiffConverter.convert(g, opts);
    for (int[] size : new int[][] {{6, 6}, {5, 9}}) {
      FloatTensor x = random(r, 1, 2, size[0], size[1]);
      FloatTensor expected = NaiveOps.conv(x, wt, null, new int[] {1, 1}, new int[] {1, 1, 1, 1},
          new int[] {1, 1});
      FloatTensor actual = converted.run(java.util.Map.of("x", x), List.of("y")).get("y");
      assertThat(maxAbsDiff(actual, expected)).isLessThan(TOL);
    }
  }

  @ParameterizedTest(name = "{0}x{1} k{2} s{3} p{4}")
  @CsvSource({"5, 7, 4, 2, 1", "6, 6, 4, 2, 1", "4, 5, 3, 1, 1", "3, 4, 2, 2, 0"})
  void convTransposeMatchesNaiveLoops(int h, int w, int k, int s, int p) {
    Random r = new Random(h + 13L * w + k);
    FloatTensor x = random(r, 2, 3, h, w);
    FloatTensor wt = random(r, 3, 4, k, k); // [C_in, C_out, kh, kw]
    FloatTensor b = random(r, 4);
    OnnxGraph g = new TestGraphs("x", 3)
        .init("w", wt).init("b", b)
        .node("up", "ConvTranspose", List.of("x", "w", "b"), "y", ints("kernel_shape", k, k),
            ints("strides", s, s), ints("pads", p, p, p, p), ints("dilations", 1, 1))
        .build("y");
    FloatTensor expected = NaiveOps.convTranspose(x, wt, b, new int[] {s, s}, new int[] {p, p},
        new int[] {1, 1});
    assertThat(expected.dim(2)).isEqualTo((h - 1) * s - 2 * p + k);
    FloatTensor actual = TestGraphs.run(g, ConversionOptions.inference(), x);
    assertThat(maxAbsDiff(actual, expected)).isLessThan(TOL);
  }

  /** Conv -> Relu -> BN (not foldable) and Conv -> BN (foldable), folding on and off. */
  @ParameterizedTest(name = "fold={0}")
  @CsvSource({"true", "false"})
  void batchNormReluAndFolding(boolean fold) {
    Random r = new Random(11);
    FloatTensor x = random(r, 2, 3, 6, 5);
    FloatTensor w1 = random(r, 4, 3, 3, 3);
    FloatTensor b1 = random(r, 4);
    FloatTensor w2 = random(r, 4, 4, 1, 1);
    float[] scale = {0.5f, 2f, -1f, 1.5f};
    float[] bias = {0.1f, -0.2f, 0.3f, 0f};
    float[] mean = {0.3f, -1f, 0.5f, 2f};
    float[] var = {0.25f, 4f, 1f, 0.01f};
    TestGraphs t = new TestGraphs("x", 3).conv("c1", "x", w1, b1, new int[] {1, 1},
        new int[] {1, 1, 1, 1}, new int[] {1, 1});
    t.node("r1", "Relu", List.of("c1"), "r1");
    bn(t, "bn1", "r1", scale, bias, mean, var);
    t.conv("c2", "bn1", w2, null, new int[] {1, 1}, new int[] {0, 0, 0, 0}, new int[] {1, 1});
    bn(t, "bn2", "c2", scale, bias, mean, var);
    OnnxGraph g = t.build("bn2");

    FloatTensor y = NaiveOps.conv(x, w1, b1, new int[] {1, 1}, new int[] {1, 1, 1, 1},
        new int[] {1, 1});
    y = NaiveOps.batchNorm(NaiveOps.relu(y), scale, bias, mean, var, 1e-5);
    y = NaiveOps.conv(y, w2, null, new int[] {1, 1}, new int[] {0, 0, 0, 0}, new int[] {1, 1});
    FloatTensor expected = NaiveOps.batchNorm(y, scale, bias, mean, var, 1e-5);

    ConversionOptions opts = ConversionOptions.builder().foldBatchNorm(fold).build();
    SameDiffGraph converted = OnnxSameDiffConverter.convert(g, opts);
    // With folding, bn2 vanishes into c2 and c2's own output is never materialized.
    assertThat(converted.sameDiff().hasVariable("c2")).isEqualTo(!fold);
    FloatTensor actual =
        converted.run(java.util.Map.of("x", x), List.of("bn2")).get("bn2");
    assertThat(maxAbsDiff(actual, expected)).isLessThan(1e-3 * expected.maxAbs());
  }

  static void bn(TestGraphs t, String name, String in, float[] scale, float[] bias, float[] mean,
      float[] var) {
    int c = scale.length;
    t.init(name + ".scale", FloatTensor.of(scale.clone(), c))
        .init(name + ".bias", FloatTensor.of(bias.clone(), c))
        .init(name + ".mean", FloatTensor.of(mean.clone(), c))
        .init(name + ".var", FloatTensor.of(var.clone(), c))
        .node(name, "BatchNormalization", List.of(in, name + ".scale", name + ".bias",
            name + ".mean", name + ".var"), name, OnnxAttribute.ofFloat("epsilon", 1e-5f));
  }

  @Test
  void mulByScalarAndPerChannelConstants() {
    Random r = new Random(5);
    FloatTensor x = random(r, 2, 3, 4, 5);
    OnnxGraph g = new TestGraphs("x", 3)
        .init("s", FloatTensor.of(new float[] {110f}, 1))
        .init("perChannel", FloatTensor.of(new float[] {1f, -2f, 0.5f}, 3, 1, 1))
        .node("m1", "Mul", List.of("x", "s"), "m1")
        .node("m2", "Mul", List.of("perChannel", "m1"), "m2")
        .build("m2");
    float[] expected = x.data().clone();
    float[] pc = {1f, -2f, 0.5f};
    for (int i = 0; i < expected.length; i++) {
      expected[i] = pc[(i / 20) % 3] * (expected[i] * 110f);
    }
    FloatTensor actual = TestGraphs.run(g, ConversionOptions.inference(), x);
    assertThat(maxAbsDiff(actual, FloatTensor.of(expected, 2, 3, 4, 5))).isLessThan(1e-3);
  }

  @Test
  void softmaxOverChannels() {
    Random r = new Random(8);
    FloatTensor x = random(r, 2, 7, 3, 4);
    OnnxGraph g = new TestGraphs("x", 7)
        .node("sm", "Softmax", List.of("x"), "p", OnnxAttribute.ofInt("axis", 1))
        .build("p");
    ConversionOptions opts = ConversionOptions.builder().inputSize(3, 4).build();
    FloatTensor actual = TestGraphs.run(g, opts, x);
    assertThat(maxAbsDiff(actual, NaiveOps.softmaxChannels(x))).isLessThan(1e-6);
  }

  @Test
  void unsupportedOpNamesTheNodeAndTheSupportedOps() {
    OnnxGraph g = new TestGraphs("x", 1)
        .node("pool1", "MaxPool", List.of("x"), "y", ints("kernel_shape", 2, 2))
        .build("y");
    assertThatThrownBy(() -> OnnxSameDiffConverter.convert(g, ConversionOptions.inference()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported op MaxPool in node 'pool1'")
        .hasMessageContaining("Conv, ConvTranspose, BatchNormalization, Relu, Clip, Mul, Add,"
            + " Softmax");
  }

  @Test
  void unsupportedAttributesAreNamed() {
    FloatTensor w = FloatTensor.zeros(2, 1, 3, 3);
    // Depthwise (group = channels) is supported; a channel multiplier of 2 is not.
    OnnxGraph grouped = new TestGraphs("x", 2).init("w", FloatTensor.zeros(4, 1, 3, 3))
        .node("g1", "Conv", List.of("x", "w"), "y", OnnxAttribute.ofInt("group", 2)).build("y");
    assertThatThrownBy(() -> OnnxSameDiffConverter.convert(grouped, ConversionOptions.inference()))
        .hasMessageContaining("node 'g1' (Conv): group 2 with weight [4, 1, 3, 3] is not"
            + " supported");
    OnnxGraph same = new TestGraphs("x", 1).init("w", w)
        .node("s1", "Conv", List.of("x", "w"), "y", OnnxAttribute.ofString("auto_pad", "SAME_UPPER"))
        .build("y");
    assertThatThrownBy(() -> OnnxSameDiffConverter.convert(same, ConversionOptions.inference()))
        .hasMessageContaining("node 's1' (Conv): auto_pad SAME_UPPER is not supported");
    OnnxGraph asym = new TestGraphs("x", 1).init("w", FloatTensor.zeros(1, 2, 4, 4))
        .node("up", "ConvTranspose", List.of("x", "w"), "y", ints("strides", 2, 2),
            ints("pads", 1, 1, 2, 2))
        .build("y");
    assertThatThrownBy(() -> OnnxSameDiffConverter.convert(asym, ConversionOptions.inference()))
        .hasMessageContaining("node 'up' (ConvTranspose): asymmetric pads");
    OnnxGraph missing = new TestGraphs("x", 1)
        .node("c", "Conv", List.of("x", "nope"), "y").build("y");
    assertThatThrownBy(() -> OnnxSameDiffConverter.convert(missing, ConversionOptions.inference()))
        .hasMessageContaining("weight 'nope' must be an initializer");
  }

  @Test
  void spaceToBatchNeedsTheInputSize() {
    OnnxGraph g = new TestGraphs("x", 1).conv("c", "x", FloatTensor.zeros(1, 1, 3, 3), null,
        new int[] {1, 1}, new int[] {2, 2, 2, 2}, new int[] {2, 2}).build("c");
    ConversionOptions opts =
        ConversionOptions.builder().dilation(DilationStrategy.SPACE_TO_BATCH).build();
    assertThatThrownBy(() -> OnnxSameDiffConverter.convert(g, opts))
        .hasMessageContaining("node 'c' (Conv): dilations [2, 2] are rewritten")
        .hasMessageContaining("inputSize");
  }

  @Test
  void tooSmallInputIsReported() {
    OnnxGraph g = new TestGraphs("x", 1).conv("c", "x", FloatTensor.zeros(1, 1, 5, 5), null,
        new int[] {1, 1}, new int[] {0, 0, 0, 0}, new int[] {1, 1}).build("c");
    ConversionOptions opts = ConversionOptions.builder().inputSize(3, 3).build();
    assertThatThrownBy(() -> OnnxSameDiffConverter.convert(g, opts))
        .hasMessageContaining("node 'c' (Conv): its 3x3 input is too small");
  }
}
