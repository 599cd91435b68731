package io.github.colorize.dl4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The written-out losses: values against plain Java, gradients against finite differences. */
class SoftCrossEntropyTest {

  private static final int N = 2;
  private static final int Q = 5;
  private static final int H = 3;
  private static final int W = 4;

  private static double[] random(Random r, int count, double lo, double hi) {
    double[] d = new double[count];
    for (int i = 0; i < count; i++) {
      d[i] = lo + (hi - lo) * r.nextDouble();
    }
    return d;
  }

  /** Soft targets: each pixel's Q values positive and summing to {@code mass}. */
  private static double[] softTargets(Random r, double mass) {
    double[] z = random(r, N * Q * H * W, 0.01, 1);
    for (int n = 0; n < N; n++) {
      for (int p = 0; p < H * W; p++) {
        double s = 0;
        for (int q = 0; q < Q; q++) {
          s += z[(n * Q + q) * H * W + p];
        }
        for (int q = 0; q < Q; q++) {
          z[(n * Q + q) * H * W + p] *= mass / s;
        }
      }
    }
    return z;
  }

  /** The loss in plain Java: mean over pixels of w * sum_q z_q (lse - x_q). */
  private static double naiveCrossEntropy(double[] x, double[] z, double[] w) {
    double total = 0;
    for (int n = 0; n < N; n++) {
      for (int p = 0; p < H * W; p++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int q = 0; q < Q; q++) {
          max = Math.max(max, x[(n * Q + q) * H * W + p]);
        }
        double sum = 0;
        for (int q = 0; q < Q; q++) {
          sum += Math.exp(x[(n * Q + q) * H * W + p] - max);
        }
        double lse = max + Math.log(sum);
        double ce = 0;
        for (int q = 0; q < Q; q++) {
          int i = (n * Q + q) * H * W + p;
          ce += z[i] * (lse - x[i]);
        }
        total += w[n * H * W + p] * ce;
      }
    }
    return total / (N * H * W);
  }

  private record LossGraph(SameDiff sd, SDVariable logits, SDVariable loss) {}

  private static LossGraph crossEntropyGraph(double[] x, double[] z, double[] w) {
    SameDiff sd = SameDiff.create();
    SDVariable logits = sd.var("logits", Nd4j.create(x, new long[] {N, Q, H, W}, DataType.DOUBLE));
    SDVariable target = sd.constant("z", Nd4j.create(z, new long[] {N, Q, H, W}, DataType.DOUBLE));
    SDVariable weight = sd.constant("w", Nd4j.create(w, new long[] {N, 1, H, W}, DataType.DOUBLE));
    SDVariable loss = SoftCrossEntropy.build(sd, logits, target, weight);
    sd.setLossVariables(loss);
    return new LossGraph(sd, logits, loss);
  }

  private static double lossValue(LossGraph g) {
    INDArray out = g.sd().output(Map.of(), SoftCrossEntropy.LOSS).get(SoftCrossEntropy.LOSS);
    return out.getDouble(0);
  }

  @Test
  void crossEntropyValueMatchesPlainJava() {
    Random r = new Random(1);
    double[] x = random(r, N * Q * H * W, -4, 4);
    double[] z = softTargets(r, 1.0);
    double[] w = random(r, N * H * W, 0.1, 6);
    double expected = naiveCrossEntropy(x, z, w);
    assertThat(lossValue(crossEntropyGraph(x, z, w))).isCloseTo(expected,
        org.assertj.core.data.Offset.offset(1e-12 * Math.abs(expected) + 1e-12));
  }

  /**
   * Gradient with respect to the logits: SameDiff's backprop against central finite differences
   * and against the closed form w * (softmax * sum_q z - z) / (N h w), with targets whose mass is
   * not 1 (as when pixel weights are folded into them) so that both terms matter.
   */
  @Test
  void crossEntropyGradientMatchesFiniteDifferencesAndClosedForm() {
    Random r = new Random(2);
    double[] x = random(r, N * Q * H * W, -3, 3);
    double[] z = softTargets(r, 1.7);
    double[] w = random(r, N * H * W, 0.1, 6);
    LossGraph g = crossEntropyGraph(x, z, w);
    INDArray grad = g.sd().calculateGradients(Map.of(), "logits").get("logits");
    double eps = 1e-6;
    double maxErr = 0;
    for (int i = 0; i < x.length; i++) {
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[i] += eps;
      minus[i] -= eps;
      double numeric = (naiveCrossEntropy(plus, z, w) - naiveCrossEntropy(minus, z, w)) / (2 * eps);
      maxErr = Math.max(maxErr, Math.abs(numeric - grad.getDouble(i)));
    }
    assertThat(maxErr).as("max |backprop - finite difference|").isLessThan(1e-8);

    for (int n = 0; n < N; n++) {
      for (int p = 0; p < H * W; p++) {
        double max = Double.NEGATIVE_INFINITY;
        double mass = 0;
        for (int q = 0; q < Q; q++) {
          max = Math.max(max, x[(n * Q + q) * H * W + p]);
          mass += z[(n * Q + q) * H * W + p];
        }
        double sum = 0;
        for (int q = 0; q < Q; q++) {
          sum += Math.exp(x[(n * Q + q) * H * W + p] - max);
        }
        for (int q = 0; q < Q; q++) {
          int i = (n * Q + q) * H * W + p;
          double softmax = Math.exp(x[i] - max) / sum;
          double closed = w[n * H * W + p] * (softmax * mass - z[i]) / (N * H * W);
          assertThat(grad.getDouble(i)).isCloseTo(closed, org.assertj.core.data.Offset.offset(1e-12));
        }
      }
    }
  }

  @Test
  void weightedL2ValueAndGradient() {
    Random r = new Random(3);
    int c = 2;
    double[] pred = random(r, N * c * H * W, -50, 50);
    double[] target = random(r, N * c * H * W, -50, 50);
    double[] w = random(r, N * H * W, 0.1, 6);
    SameDiff sd = SameDiff.create();
    SDVariable p = sd.var("pred", Nd4j.create(pred, new long[] {N, c, H, W}, DataType.DOUBLE));
    SDVariable t = sd.constant("t", Nd4j.create(target, new long[] {N, c, H, W}, DataType.DOUBLE));
    SDVariable wt = sd.constant("w", Nd4j.create(w, new long[] {N, 1, H, W}, DataType.DOUBLE));
    sd.setLossVariables(WeightedL2.build(sd, p, t, wt));
    double expected = 0;
    for (int n = 0; n < N; n++) {
      for (int px = 0; px < H * W; px++) {
        double d2 = 0;
        for (int ch = 0; ch < c; ch++) {
          double d = pred[(n * c + ch) * H * W + px] - target[(n * c + ch) * H * W + px];
          d2 += d * d;
        }
        expected += w[n * H * W + px] * 0.5 * d2;
      }
    }
    expected /= N * H * W;
    double actual = sd.output(Map.of(), SoftCrossEntropy.LOSS).get(SoftCrossEntropy.LOSS)
        .getDouble(0);
    assertThat(actual).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9 * expected));
    INDArray grad = sd.calculateGradients(Map.of(), "pred").get("pred");
    for (int i = 0; i < pred.length; i++) {
      int n = i / (c * H * W);
      int px = i % (H * W);
      double closed = w[n * H * W + px] * (pred[i] - target[i]) / (N * H * W);
      assertThat(grad.getDouble(i)).isCloseTo(closed, org.assertj.core.data.Offset.offset(1e-12));
    }
  }
}
