package io.github.colorize.training.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.colorize.training.data.Augmentation;
import io.github.colorize.training.data.SourceMix;
import io.github.colorize.training.data.TargetSampling;
import java.nio.file.Path;
import java.util.List;

/**
 * Every option of a training run: the recipe written into checkpoints and exported model files.
 * Defaults follow the released training code where it makes sense on a CPU (the paper's crop,
 * betas, weight decay, soft-encoding); see {@link Builder}.
 *
 * @param trainFolders image folders to train on
 * @param valFolder folder for validation metrics during training, or null
 * @param outputDir where checkpoints, logs, plots and the prior cache go
 * @param loss the loss variant
 * @param width network width multiplier (1.0 = the paper's 32 M parameters)
 * @param crop training crop side
 * @param flip random horizontal flips
 * @param minScale scale jitter lower bound (1 = none)
 * @param sampling how targets are taken at 1/4 resolution
 * @param batchSize images per step
 * @param iterations steps in all
 * @param learningRate Adam step size
 * @param beta1 Adam beta1
 * @param beta2 Adam beta2
 * @param weightDecay L2 weight decay on convolution kernels
 * @param lrDropAt step at which the learning rate is multiplied by lrDropFactor (0 = never;
 *     {@link LrSchedule#STEP} only)
 * @param lrDropFactor that factor; for {@link LrSchedule#COSINE} the final rate's fraction
 * @param warmup steps over which the learning rate ramps up linearly from 0 (0 = none), so that
 *     Adam's first steps, full-sized for every weight whatever its gradient, start small
 * @param seed fixes initialization, data order and augmentation
 * @param neighbors soft-encoding K
 * @param sigma soft-encoding Gaussian sigma
 * @param priorSigma Gaussian smoothing of the empirical prior
 * @param checkpointEvery steps between checkpoints
 * @param validateEvery steps between validations (0 = only at the end)
 * @param valLimit at most this many validation images (0 = all)
 * @param valSize network input side for validation
 * @param temperature annealed-mean temperature for validation and the exported model
 * @param keepCheckpoints how many recent checkpoints to keep
 * @param loaderThreads data loading threads
 * @param prefetch batches prepared ahead
 * @param mix how several training folders share the batches (null reads as proportional)
 * @param lrSchedule the learning rate's course (null reads as step)
 * @param initFrom a model file whose weights a fresh run starts from, or null for a random start
 * @param rebalanceLambda the class-rebalancing lambda of a cross-entropy loss, or null for the
 *     loss variant's own ({@link LossVariant#lambda()})
 * @param family the network family: {@code eccv16} (null reads as it) or {@code
 *     mobilenetv2-unet}
 * @param encoder for {@code mobilenetv2-unet}: the MobileNetV2 ONNX file whose weights the
 *     (frozen) encoder takes
 * @param decoderWidth for {@code mobilenetv2-unet}: decoder channels
 * @param fused for {@code mobilenetv2-unet}: the encoder strides the decoder fuses, e.g.
 *     {@code 32,16,8,4}
 */
public record TrainingOptions(List<String> trainFolders, String valFolder, String outputDir,
    LossVariant loss, double width, int crop, boolean flip, double minScale,
    TargetSampling sampling, int batchSize, long iterations, double learningRate, double beta1,
    double beta2, double weightDecay, long lrDropAt, double lrDropFactor, long warmup, long seed,
    int neighbors, double sigma, double priorSigma, int checkpointEvery, int validateEvery,
    int valLimit, int valSize, double temperature, int keepCheckpoints, int loaderThreads,
    int prefetch, SourceMix mix, LrSchedule lrSchedule, String initFrom,
    Double rebalanceLambda, String family, String encoder, int decoderWidth, String fused) {

  /** The family of the paper's network. */
  public static final String ECCV16 = "eccv16";
  /** The MobileNetV2 encoder + U-Net decoder family. */
  public static final String MOBILENETV2_UNET = "mobilenetv2-unet";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  public TrainingOptions {
    checkArgument(trainFolders != null && !trainFolders.isEmpty(),
        "at least one training folder is required");
    trainFolders = List.copyOf(trainFolders);
    checkNotNull(outputDir, "an output folder is required");
    checkNotNull(loss, "loss");
    checkArgument(width > 0 && width <= 4, "width is %s, expected in (0, 4]", width);
    new Augmentation(crop, flip, minScale, sampling); // validates crop, scale and sampling
    checkArgument(batchSize >= 1, "batch size is %s, expected >= 1", batchSize);
    checkArgument(iterations >= 1, "iterations is %s, expected >= 1", iterations);
    checkArgument(learningRate > 0, "learning rate is %s, expected > 0", learningRate);
    checkArgument(beta1 >= 0 && beta1 < 1, "beta1 is %s, expected in [0, 1)", beta1);
    checkArgument(beta2 >= 0 && beta2 < 1, "beta2 is %s, expected in [0, 1)", beta2);
    checkArgument(weightDecay >= 0, "weight decay is %s, expected >= 0", weightDecay);
    checkArgument(lrDropAt >= 0, "lrDropAt is %s, expected >= 0 (0 = never)", lrDropAt);
    checkArgument(lrDropFactor > 0 && lrDropFactor <= 1,
        "lrDropFactor is %s, expected in (0, 1]", lrDropFactor);
    checkArgument(warmup >= 0, "warmup is %s, expected >= 0 (0 = none)", warmup);
    checkArgument(neighbors >= 1 && neighbors <= 32, "neighbors (K) is %s, expected in [1, 32]",
        neighbors);
    checkArgument(sigma > 0, "sigma is %s, expected > 0", sigma);
    checkArgument(priorSigma >= 0, "prior sigma is %s, expected >= 0", priorSigma);
    checkArgument(checkpointEvery >= 1, "checkpointEvery is %s, expected >= 1", checkpointEvery);
    checkArgument(validateEvery >= 0, "validateEvery is %s, expected >= 0", validateEvery);
    checkArgument(valLimit >= 0, "valLimit is %s, expected >= 0 (0 = all)", valLimit);
    checkArgument(valSize >= 16 && valSize % 8 == 0,
        "validation size is %s, expected a multiple of 8, >= 16", valSize);
    checkArgument(temperature >= 0 && temperature <= 10, "temperature is %s, expected in [0, 10]",
        temperature);
    checkArgument(keepCheckpoints >= 1, "keepCheckpoints is %s, expected >= 1", keepCheckpoints);
    checkArgument(loaderThreads >= 1, "loader threads is %s, expected >= 1", loaderThreads);
    checkArgument(prefetch >= 1, "prefetch is %s, expected >= 1", prefetch);
    if (rebalanceLambda != null) {
      checkArgument(rebalanceLambda >= 0 && rebalanceLambda <= 1,
          "rebalancing lambda is %s, expected in [0, 1]", rebalanceLambda);
      checkArgument(loss != LossVariant.L2,
          "rebalancing lambda %s given for the l2 loss, which has no classes to rebalance",
          rebalanceLambda);
    }
    // Recipes written before these options existed read them as null: they meant the old ways.
    mix = mix == null ? SourceMix.PROPORTIONAL : mix;
    lrSchedule = lrSchedule == null ? LrSchedule.STEP : lrSchedule;
    family = family == null ? ECCV16 : family;
    checkArgument(family.equals(ECCV16) || family.equals(MOBILENETV2_UNET),
        "network family '%s', expected %s or %s", family, ECCV16, MOBILENETV2_UNET);
    if (family.equals(MOBILENETV2_UNET)) {
      checkArgument(encoder != null, "family %s needs the encoder's ONNX file (--encoder)",
          family);
      checkArgument(decoderWidth >= 1, "decoder width is %s, expected >= 1", decoderWidth);
      checkArgument(fused != null && !fused.isBlank(), "family %s needs the fused strides",
          family);
      checkArgument(crop % 32 == 0, "crop %s: family %s needs a multiple of 32", crop, family);
      checkArgument(valSize % 32 == 0, "validation size %s: family %s needs a multiple of 32",
          valSize, family);
      checkArgument(loss != LossVariant.L2, "family %s has a logits head; the l2 loss needs ab",
          family);
    }
  }

  /** Whether this run trains the MobileNetV2 + U-Net family. */
  public boolean mobileNet() {
    return family.equals(MOBILENETV2_UNET);
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The class-rebalancing lambda the loss uses: the option's, else the variant's own. */
  public double lambda() {
    return rebalanceLambda != null ? rebalanceLambda : loss.lambda();
  }

  /** The loss as the model card names it: {@code full}, or {@code class (lambda 0.75)}. */
  public String lossLabel() {
    return rebalanceLambda == null ? loss.id() : loss.id() + " (lambda " + rebalanceLambda + ")";
  }

  /** The crop recipe. */
  public Augmentation augmentation() {
    return new Augmentation(crop, flip, minScale, sampling);
  }

  /** The output folder. */
  public Path outputPath() {
    return Path.of(outputDir);
  }

  /** The options as JSON (the recipe). */
  public String toJson() {
    return GSON.toJson(this);
  }

  /** Reads {@link #toJson()} back. */
  public static TrainingOptions fromJson(String json) {
    return GSON.fromJson(json, TrainingOptions.class);
  }

  /** Whether {@code other} trains the same network on the same data the same way. */
  public boolean sameRecipe(TrainingOptions other) {
    return trainFolders.equals(other.trainFolders) && loss == other.loss && width == other.width
        && crop == other.crop && batchSize == other.batchSize && seed == other.seed
        && neighbors == other.neighbors && sigma == other.sigma && flip == other.flip
        && minScale == other.minScale && sampling == other.sampling && mix == other.mix
        && lambda() == other.lambda() && family.equals(other.family)
        && decoderWidth == other.decoderWidth && java.util.Objects.equals(fused, other.fused);
  }

  /** Builds {@link TrainingOptions}; every setter validates when {@link #build()} runs. */
  public static final class Builder {
    private List<String> trainFolders = List.of();
    private String valFolder;
    private String outputDir;
    private LossVariant loss = LossVariant.FULL;
    private double width = 0.25;
    private int crop = 176;
    private boolean flip = true;
    private double minScale = 1.0;
    private TargetSampling sampling = TargetSampling.SUBSAMPLE;
    private int batchSize = 16;
    private long iterations = 10_000;
    private double learningRate = 3e-5;
    private double beta1 = 0.9;
    private double beta2 = 0.99;
    private double weightDecay = 1e-3;
    private long lrDropAt;
    private double lrDropFactor = 0.1;
    private long warmup;
    private long seed = 1;
    private int neighbors = 5;
    private double sigma = 5;
    private double priorSigma = 5;
    private int checkpointEvery = 500;
    private int validateEvery = 0;
    private int valLimit = 0;
    private int valSize = 224;
    private double temperature = 0.38;
    private int keepCheckpoints = 3;
    private int loaderThreads = 1;
    private int prefetch = 4;
    private SourceMix mix = SourceMix.PROPORTIONAL;
    private LrSchedule lrSchedule = LrSchedule.STEP;
    private String initFrom;
    private Double rebalanceLambda;
    private String family = ECCV16;
    private String encoder;
    private int decoderWidth = 64;
    private String fused = "32,16,8,4";

    private Builder() {}

    /** The network family: {@code eccv16} (default) or {@code mobilenetv2-unet}. */
    public Builder family(String family) {
      this.family = family;
      return this;
    }

    /** The MobileNetV2 ONNX file of a {@code mobilenetv2-unet} run. */
    public Builder encoder(Path file) {
      this.encoder = file == null ? null : file.toAbsolutePath().normalize().toString();
      return this;
    }

    /** Decoder channels of a {@code mobilenetv2-unet} run (default 64). */
    public Builder decoderWidth(int width) {
      this.decoderWidth = width;
      return this;
    }

    /** The strides a {@code mobilenetv2-unet} decoder fuses (default {@code 32,16,8,4}). */
    public Builder fused(String strides) {
      this.fused = strides;
      return this;
    }

    public Builder trainFolders(List<Path> folders) {
      this.trainFolders = folders.stream().map(p -> p.toAbsolutePath().normalize().toString())
          .toList();
      return this;
    }

    public Builder valFolder(Path folder) {
      this.valFolder = folder == null ? null : folder.toAbsolutePath().normalize().toString();
      return this;
    }

    public Builder outputDir(Path dir) {
      this.outputDir = dir.toAbsolutePath().normalize().toString();
      return this;
    }

    public Builder loss(LossVariant loss) {
      this.loss = loss;
      return this;
    }

    public Builder width(double width) {
      this.width = width;
      return this;
    }

    public Builder crop(int crop) {
      this.crop = crop;
      return this;
    }

    public Builder flip(boolean flip) {
      this.flip = flip;
      return this;
    }

    public Builder minScale(double minScale) {
      this.minScale = minScale;
      return this;
    }

    public Builder sampling(TargetSampling sampling) {
      this.sampling = sampling;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder iterations(long iterations) {
      this.iterations = iterations;
      return this;
    }

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder betas(double beta1, double beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Builder lrDrop(long at, double factor) {
      this.lrDropAt = at;
      this.lrDropFactor = factor;
      return this;
    }

    public Builder warmup(long steps) {
      this.warmup = steps;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder softEncoding(int neighbors, double sigma) {
      this.neighbors = neighbors;
      this.sigma = sigma;
      return this;
    }

    public Builder priorSigma(double priorSigma) {
      this.priorSigma = priorSigma;
      return this;
    }

    public Builder checkpointEvery(int steps) {
      this.checkpointEvery = steps;
      return this;
    }

    public Builder validateEvery(int steps) {
      this.validateEvery = steps;
      return this;
    }

    public Builder valLimit(int images) {
      this.valLimit = images;
      return this;
    }

    public Builder valSize(int side) {
      this.valSize = side;
      return this;
    }

    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    public Builder keepCheckpoints(int count) {
      this.keepCheckpoints = count;
      return this;
    }

    public Builder loaderThreads(int threads) {
      this.loaderThreads = threads;
      return this;
    }

    public Builder prefetch(int batches) {
      this.prefetch = batches;
      return this;
    }

    public Builder mix(SourceMix mix) {
      this.mix = mix;
      return this;
    }

    public Builder lrSchedule(LrSchedule schedule) {
      this.lrSchedule = schedule;
      return this;
    }

    /** Start a fresh run from this model file's weights (same width and head) instead of random. */
    public Builder initFrom(Path modelFile) {
      this.initFrom = modelFile == null ? null : modelFile.toAbsolutePath().normalize().toString();
      return this;
    }

    /**
     * Rebalance the cross-entropy with this lambda instead of the loss variant's own (0.5 for
     * full, 1 for class); null restores the variant's.
     */
    public Builder rebalanceLambda(Double lambda) {
      this.rebalanceLambda = lambda;
      return this;
    }

    public TrainingOptions build() {
      return new TrainingOptions(trainFolders, valFolder, outputDir, loss, width, crop, flip,
          minScale, sampling, batchSize, iterations, learningRate, beta1, beta2, weightDecay,
          lrDropAt, lrDropFactor, warmup, seed, neighbors, sigma, priorSigma, checkpointEvery,
          validateEvery, valLimit, valSize, temperature, keepCheckpoints, loaderThreads,
          prefetch, mix, lrSchedule, initFrom, rebalanceLambda, family, encoder, decoderWidth,
          fused);
    }
  }
}
