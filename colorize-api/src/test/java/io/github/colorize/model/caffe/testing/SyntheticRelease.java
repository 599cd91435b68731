package io.github.colorize.model.caffe.testing;

import io.github.colorize.model.Eccv16;
import io.github.colorize.quant.AbGamut;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the authors' {@code colorization_release_v2.caffemodel}: random weights for the
 * layers of {@code colorization_deploy_v2.prototxt} (their names: {@code bw_conv1_1},
 * {@code conv1_2norm}, ..., {@code conv8_313_rh}, {@code class8_ab}), written by
 * {@link CaffeModelWriter}. Realistic where it matters to an importer: BatchNorm statistics stored
 * multiplied by a moving-average factor of {@value #BN_FACTOR}, some blobs in the legacy 4-D
 * fields, snapshot fields to skip, the logit scale {@value #LOGIT_SCALE} as a blob and the 313 bin
 * centers in {@code class8_ab}.
 *
 * <p>Weights are He-normal, biases small, and the BatchNorm statistics are chosen so that
 * activations stay of order 1 through the network for L - 50 inputs (the first BatchNorm divides
 * by the input's spread): the logits then stay within a few units, as a trained model's do, which
 * keeps the annealed mean well conditioned (two correct engines agree on the decoded ab to about
 * float32 precision times 1/T, instead of differing by float32 noise amplified through a very
 * peaked softmax).
 */
public final class SyntheticRelease {

  /** Class-path resource of the authors' deploy definition (BSD-2, see NOTICE.md beside it). */
  public static final String DEPLOY_PROTOTXT =
      "/io/github/colorize/model/caffe/testing/colorization_deploy_v2.prototxt";
  /** The moving-average factor stored as every BatchNorm's third blob. */
  public static final float BN_FACTOR = 999.98f;
  /** The release's logit scale (conv8_313_rh), i.e. T = 1 / 2.606. */
  public static final float LOGIT_SCALE = 2.606f;
  /** Caffe layer name of eccv16's first convolution in the deploy definition. */
  public static final String FIRST_CONV = "bw_conv1_1";

  private static final Pattern NUM_OUTPUT = Pattern.compile("num_output:\\s*(\\d+)");

  private final double width;
  private final String prototxt;
  private final CaffeModelWriter writer;
  private final Map<String, List<float[]>> blobs;

  private SyntheticRelease(double width, String prototxt, CaffeModelWriter writer,
      Map<String, List<float[]>> blobs) {
    this.width = width;
    this.prototxt = prototxt;
    this.writer = writer;
    this.blobs = blobs;
  }

  /** A builder: width 1.0, seed 1, every third layer's blobs in legacy fields. */
  public static Builder builder() {
    return new Builder();
  }

  /** The authors' deploy definition as it is. */
  public static String deployPrototxt() {
    try (InputStream in = SyntheticRelease.class.getResourceAsStream(DEPLOY_PROTOTXT)) {
      if (in == null) {
        throw new IllegalStateException(DEPLOY_PROTOTXT + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The deploy definition with every hidden layer's channel count multiplied by {@code width}
   * (64 -> 8 at 0.125); the 313 logits and the 2 ab outputs are kept. Width 1.0 gives the file
   * unchanged.
   */
  public static String deployPrototxt(double width) {
    String text = deployPrototxt();
    if (width == 1.0) {
      return text;
    }
    Matcher m = NUM_OUTPUT.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int n = Integer.parseInt(m.group(1));
      int scaled = n == 313 || n == 2 ? n : Math.max(1, (int) Math.round(n * width));
      m.appendReplacement(out, "num_output: " + scaled);
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The eccv16 width. */
  public double width() {
    return width;
  }

  /** The prototxt text this caffemodel belongs to. */
  public String prototxt() {
    return prototxt;
  }

  /** The caffemodel's writer (add layers to it to build broken variants). */
  public CaffeModelWriter writer() {
    return writer;
  }

  /** The values written per Caffe layer name, blob by blob (not copies: do not modify). */
  public Map<String, List<float[]>> blobs() {
    return blobs;
  }

  /** Writes {@code <name>.prototxt} and {@code <name>.caffemodel} into {@code dir}. */
  public SourceFiles writeTo(Path dir, String name) throws IOException {
    Path p = dir.resolve(name + ".prototxt");
    Path m = dir.resolve(name + ".caffemodel");
    Files.writeString(p, prototxt);
    writer.write(m);
    return new SourceFiles(p, m);
  }

  /**
   * The two files of an import.
   *
   * @param prototxt the net definition
   * @param caffemodel the weights
   */
  public record SourceFiles(Path prototxt, Path caffemodel) {}

  /** Options of the synthetic model. */
  public static final class Builder {
    private double width = 1.0;
    private long seed = 1;
    private int legacyEvery = 3;
    private boolean decodingBlobs = true;
    private boolean snapshotExtras = true;

    private Builder() {}

    /** eccv16 width: 1.0 is the release, 0.125 a fast stand-in with the same structure. */
    public Builder width(double value) {
      width = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /** Every n-th convolution's blobs use the legacy 4-D fields (0: none). */
    public Builder legacyEvery(int n) {
      legacyEvery = n;
      return this;
    }

    /**
     * Whether conv8_313_rh and class8_ab carry blobs (the scale, the bin centers and a zero bias);
     * without, the importer falls back to the prototxt's filler value.
     */
    public Builder decodingBlobs(boolean value) {
      decodingBlobs = value;
      return this;
    }

    /** Whether layers carry the param specs, phase and unknown field of a snapshot. */
    public Builder snapshotExtras(boolean value) {
      snapshotExtras = value;
      return this;
    }

    public SyntheticRelease build() {
      Eccv16 net = Eccv16.logits(width);
      Random random = new Random(seed);
      CaffeModelWriter writer = new CaffeModelWriter("LtoAB");
      Map<String, List<float[]>> written = new LinkedHashMap<>();
      writer.layer("data_l", "Input").top("data_l");
      String bottom = "data_l";
      int index = 0;
      for (Eccv16.Layer layer : net.layers()) {
        String caffeName = index == 0 ? FIRST_CONV : layer.name();
        boolean legacy = legacyEvery > 0 && index % legacyEvery == legacyEvery - 1;
        int[] shape = layer.weightShape();
        int fanIn = layer.type() == Eccv16.LayerType.CONV
            ? layer.in() * layer.kernel() * layer.kernel()
            : layer.in() * (layer.kernel() / layer.stride()) * (layer.kernel() / layer.stride());
        float[] w = gaussian(random, shape[0] * shape[1] * shape[2] * shape[3],
            Math.sqrt(2.0 / fanIn));
        float[] b = gaussian(random, layer.out(), 0.05);
        CaffeModelWriter.Layer conv = writer.layer(caffeName,
                layer.type() == Eccv16.LayerType.CONV ? "Convolution" : "Deconvolution")
            .bottom(bottom).top(layer.name())
            .blob(legacy ? CaffeModelWriter.Blob.legacy(w, shape[0], shape[1], shape[2], shape[3])
                : CaffeModelWriter.Blob.of(w, shape[0], shape[1], shape[2], shape[3]))
            .blob(legacy ? CaffeModelWriter.Blob.legacy(b, 1, 1, 1, layer.out())
                : CaffeModelWriter.Blob.of(b, layer.out()))
            .convolution(layer.out(), layer.kernel(), layer.stride(), layer.pad(),
                layer.dilation());
        if (snapshotExtras) {
          conv.withSnapshotExtras();
        }
        written.put(caffeName, List.of(w, b));
        bottom = layer.name();
        if (layer.relu()) {
          writer.layer("relu" + layer.name().substring(4), "ReLU").bottom(bottom).top(bottom);
        }
        if (layer.hasBatchNorm()) {
          // Block 1 sees L - 50 (spread ~30, so activations ~40): its statistics say so.
          double spread = index < 2 ? 40.0 : 1.0;
          int c = layer.out();
          float[] mean = new float[c];
          float[] variance = new float[c];
          for (int i = 0; i < c; i++) {
            mean[i] = (float) (random.nextGaussian() * 0.3 * spread * BN_FACTOR);
            variance[i] = (float) ((0.5 + random.nextDouble()) * spread * spread * BN_FACTOR);
          }
          float[] factor = {BN_FACTOR};
          writer.layer(layer.batchNorm(), "BatchNorm").bottom(bottom).top(layer.batchNorm())
              .blob(legacy ? CaffeModelWriter.Blob.legacy(mean, 1, 1, 1, c)
                  : CaffeModelWriter.Blob.of(mean, c))
              .blob(legacy ? CaffeModelWriter.Blob.legacy(variance, 1, 1, 1, c)
                  : CaffeModelWriter.Blob.of(variance, c))
              .blob(legacy ? CaffeModelWriter.Blob.legacy(factor, 1, 1, 1, 1)
                  : CaffeModelWriter.Blob.of(factor, 1));
          written.put(layer.batchNorm(), List.of(mean, variance, factor));
          bottom = layer.batchNorm();
        }
        index++;
      }
      addDecoding(writer, written, net.bins());
      String text = deployPrototxt(width);
      return new SyntheticRelease(width, text, writer, written);
    }

    private void addDecoding(CaffeModelWriter writer, Map<String, List<float[]>> written,
        int bins) {
      if (!decodingBlobs) {
        return;
      }
      float[] scale = new float[bins];
      java.util.Arrays.fill(scale, LOGIT_SCALE);
      writer.layer("conv8_313_rh", "Scale").bottom("conv8_313").top("conv8_313_rh")
          .blob(CaffeModelWriter.Blob.of(scale, bins));
      written.put("conv8_313_rh", List.of(scale));
      writer.layer("class8_313_rh", "Softmax").bottom("conv8_313_rh").top("class8_313_rh");
      AbGamut gamut = AbGamut.zhang2016();
      float[] centers = new float[2 * bins];
      System.arraycopy(gamut.aCenters(), 0, centers, 0, bins);
      System.arraycopy(gamut.bCenters(), 0, centers, bins, bins);
      float[] zero = new float[2];
      writer.layer("class8_ab", "Convolution").bottom("class8_313_rh").top("class8_ab")
          .blob(CaffeModelWriter.Blob.of(centers, 2, bins, 1, 1))
          .blob(CaffeModelWriter.Blob.of(zero, 2));
      written.put("class8_ab", List.of(centers, zero));
    }

    private static float[] gaussian(Random random, int n, double std) {
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = (float) (random.nextGaussian() * std);
      }
      return out;
    }
  }

  /** Caffe layer names in definition order, for tests that break one. */
  public List<String> layerNames() {
    return new ArrayList<>(blobs.keySet());
  }
}
