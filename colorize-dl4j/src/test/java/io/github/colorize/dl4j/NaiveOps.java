package io.github.colorize.dl4j;

import io.github.colorize.tensor.FloatTensor;
import java.util.Random;

/** Plain-Java reference implementations (double accumulation) of the ONNX ops, for tests. */
final class NaiveOps {

  private NaiveOps() {}

  static FloatTensor random(Random random, int... shape) {
    FloatTensor t = FloatTensor.zeros(shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) random.nextGaussian();
    }
    return t;
  }

  /** ONNX Conv, group 1; pads = [top, left, bottom, right]. */
  static FloatTensor conv(FloatTensor x, FloatTensor w, FloatTensor b, int[] strides, int[] pads,
      int[] dilations) {
    int n = x.dim(0);
    int c = x.dim(1);
    int h = x.dim(2);
    int wd = x.dim(3);
    int o = w.dim(0);
    int kh = w.dim(2);
    int kw = w.dim(3);
    int oh = (h + pads[0] + pads[2] - dilations[0] * (kh - 1) - 1) / strides[0] + 1;
    int ow = (wd + pads[1] + pads[3] - dilations[1] * (kw - 1) - 1) / strides[1] + 1;
    float[] xd = x.data();
    float[] wdta = w.data();
    float[] out = new float[n * o * oh * ow];
    for (int in = 0; in < n; in++) {
      for (int oc = 0; oc < o; oc++) {
        for (int y = 0; y < oh; y++) {
          for (int xx = 0; xx < ow; xx++) {
            double acc = b == null ? 0 : b.data()[oc];
            for (int ic = 0; ic < c; ic++) {
              for (int ky = 0; ky < kh; ky++) {
                int iy = y * strides[0] - pads[0] + ky * dilations[0];
                if (iy < 0 || iy >= h) {
                  continue;
                }
                for (int kx = 0; kx < kw; kx++) {
                  int ix = xx * strides[1] - pads[1] + kx * dilations[1];
                  if (ix < 0 || ix >= wd) {
                    continue;
                  }
                  acc += (double) xd[((in * c + ic) * h + iy) * wd + ix]
                      * wdta[((oc * c + ic) * kh + ky) * kw + kx];
                }
              }
            }
            out[((in * o + oc) * oh + y) * ow + xx] = (float) acc;
          }
        }
      }
    }
    return FloatTensor.of(out, n, o, oh, ow);
  }

  /** ONNX ConvTranspose, group 1, weight [C_in, C_out, kh, kw], symmetric pads [p_h, p_w]. */
  static FloatTensor convTranspose(FloatTensor x, FloatTensor w, FloatTensor b, int[] strides,
      int[] pads, int[] dilations) {
    int n = x.dim(0);
    int c = x.dim(1);
    int h = x.dim(2);
    int wd = x.dim(3);
    int o = w.dim(1);
    int kh = w.dim(2);
    int kw = w.dim(3);
    int oh = (h - 1) * strides[0] - 2 * pads[0] + dilations[0] * (kh - 1) + 1;
    int ow = (wd - 1) * strides[1] - 2 * pads[1] + dilations[1] * (kw - 1) + 1;
    double[] acc = new double[n * o * oh * ow];
    float[] xd = x.data();
    float[] wdta = w.data();
    for (int in = 0; in < n; in++) {
      for (int ic = 0; ic < c; ic++) {
        for (int y = 0; y < h; y++) {
          for (int xx = 0; xx < wd; xx++) {
            double v = xd[((in * c + ic) * h + y) * wd + xx];
            for (int oc = 0; oc < o; oc++) {
              for (int ky = 0; ky < kh; ky++) {
                int oy = y * strides[0] - pads[0] + ky * dilations[0];
                if (oy < 0 || oy >= oh) {
                  continue;
                }
                for (int kx = 0; kx < kw; kx++) {
                  int ox = xx * strides[1] - pads[1] + kx * dilations[1];
                  if (ox < 0 || ox >= ow) {
                    continue;
                  }
                  acc[((in * o + oc) * oh + oy) * ow + ox] +=
                      v * wdta[((ic * o + oc) * kh + ky) * kw + kx];
                }
              }
            }
          }
        }
      }
    }
    float[] out = new float[acc.length];
    for (int i = 0; i < out.length; i++) {
      int oc = (i / (oh * ow)) % o;
      out[i] = (float) (acc[i] + (b == null ? 0 : b.data()[oc]));
    }
    return FloatTensor.of(out, n, o, oh, ow);
  }

  /** Inference BatchNormalization over axis 1 of an NCHW tensor. */
  static FloatTensor batchNorm(FloatTensor x, float[] scale, float[] bias, float[] mean,
      float[] var, double eps) {
    int c = x.dim(1);
    int inner = x.size() / x.dim(0) / c;
    float[] out = new float[x.size()];
    for (int i = 0; i < out.length; i++) {
      int ch = (i / inner) % c;
      out[i] = (float) ((x.data()[i] - mean[ch]) / Math.sqrt(var[ch] + eps) * scale[ch]
          + bias[ch]);
    }
    return FloatTensor.of(out, x.shape());
  }

  /** Per-channel mean and biased variance over N, H, W. */
  static double[][] channelStats(FloatTensor x) {
    int n = x.dim(0);
    int c = x.dim(1);
    int inner = x.size() / n / c;
    double[] mean = new double[c];
    double[] var = new double[c];
    for (int ch = 0; ch < c; ch++) {
      double s = 0;
      for (int in = 0; in < n; in++) {
        for (int i = 0; i < inner; i++) {
          s += x.data()[(in * c + ch) * inner + i];
        }
      }
      mean[ch] = s / (n * inner);
      double q = 0;
      for (int in = 0; in < n; in++) {
        for (int i = 0; i < inner; i++) {
          double d = x.data()[(in * c + ch) * inner + i] - mean[ch];
          q += d * d;
        }
      }
      var[ch] = q / (n * inner);
    }
    return new double[][] {mean, var};
  }

  static FloatTensor relu(FloatTensor x) {
    float[] out = x.data().clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(0, out[i]);
    }
    return FloatTensor.of(out, x.shape());
  }

  /** Softmax over axis 1 of an NCHW tensor. */
  static FloatTensor softmaxChannels(FloatTensor x) {
    int n = x.dim(0);
    int c = x.dim(1);
    int inner = x.size() / n / c;
    float[] out = new float[x.size()];
    for (int in = 0; in < n; in++) {
      for (int i = 0; i < inner; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int ch = 0; ch < c; ch++) {
          max = Math.max(max, x.data()[(in * c + ch) * inner + i]);
        }
        double sum = 0;
        for (int ch = 0; ch < c; ch++) {
          sum += Math.exp(x.data()[(in * c + ch) * inner + i] - max);
        }
        for (int ch = 0; ch < c; ch++) {
          int k = (in * c + ch) * inner + i;
          out[k] = (float) (Math.exp(x.data()[k] - max) / sum);
        }
      }
    }
    return FloatTensor.of(out, x.shape());
  }

  /** Largest absolute difference; the shapes must match. */
  static double maxAbsDiff(FloatTensor a, FloatTensor b) {
    if (!java.util.Arrays.equals(a.shape(), b.shape())) {
      throw new AssertionError("shapes differ: " + java.util.Arrays.toString(a.shape()) + " vs "
          + java.util.Arrays.toString(b.shape()));
    }
    double max = 0;
    for (int i = 0; i < a.size(); i++) {
      max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
    }
    return max;
  }
}
