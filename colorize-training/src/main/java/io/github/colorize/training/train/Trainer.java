package io.github.colorize.training.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.dl4j.train.AdamSettings;
import io.github.colorize.dl4j.train.TrainingGraph;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelWriter;
import io.github.colorize.model.MobileNetV2Unet;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.onnx.OrtGraphRunner;
import java.util.function.UnaryOperator;
import io.github.colorize.quant.ColorPrior;
import io.github.colorize.quant.RebalanceWeights;
import io.github.colorize.quant.SoftEncoder;
import io.github.colorize.tensor.FloatTensor;
import io.github.colorize.training.data.BatchSource;
import io.github.colorize.training.data.ImageFolder;
import io.github.colorize.training.data.Prefetcher;
import io.github.colorize.training.data.TargetEncoding;
import io.github.colorize.training.data.TrainingBatch;
import io.github.colorize.training.eval.EvaluationReport;
import io.github.colorize.training.export.ModelExport;
import io.github.colorize.training.prior.PriorComputation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an eccv16-family network with one of the paper's losses on image folders.
 *
 * <pre>{@code
 * TrainingOptions options = TrainingOptions.builder()
 *     .trainFolders(List.of(Path.of("photos/train"))).valFolder(Path.of("photos/val"))
 *     .outputDir(Path.of("runs/full")).loss(LossVariant.FULL).width(0.25).crop(128)
 *     .iterations(20_000).build();
 * TrainingSummary summary = Trainer.builder(options).resume(true).build().run();
 * }</pre>
 *
 * <p>The output folder receives {@code prior.txt} (the training prior, computed once),
 * {@code checkpoint-NNNNNNNN.ckpt} files (atomic; the last few are kept), {@code train.csv} and
 * {@code validation.csv}, {@code loss.png}, and {@code best.onnx}: the model of the best
 * validation so far. A run killed at any moment resumes from its last checkpoint and ends with the
 * weights an uninterrupted run would have.
 */
public final class Trainer {

  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  /** Model file of the best validation. */
  public static final String BEST_MODEL = "best.onnx";
  /** Loss curve picture. */
  public static final String LOSS_PLOT = "loss.png";

  private final TrainingOptions options;
  private final boolean resume;
  private final ValidationRunner validation;
  private final TrainingListener listener;

  private Trainer(Builder b) {
    this.options = b.options;
    this.resume = b.resume;
    this.validation = b.validation;
    this.listener = b.listener;
  }

  /** A builder for a run with {@code options}. */
  public static Builder builder(TrainingOptions options) {
    return new Builder(options);
  }

  /**
   * Runs (or resumes) training to {@code options.iterations()}.
   *
   * @throws IOException if the output folder or a checkpoint cannot be written or read
   * @throws IllegalArgumentException if resuming a checkpoint of a different recipe
   */
  public TrainingSummary run() throws IOException, InterruptedException {
    Path out = options.outputPath();
    Files.createDirectories(out);
    ImageFolder images = ImageFolder.scan(options.trainFolders().stream().map(Path::of).toList());
    PriorComputation.Result prior = PriorComputation.cached(images, options.priorSigma(),
        options.mix(), out, null);
    LOG.info("training on {} images; prior from {} pixels{}", images.size(), prior.pixels(),
        prior.cached() ? " (cached)" : "");

    Checkpoint start = resume ? latestCheckpoint(out) : null;
    // A mobilenetv2-unet run trains its decoder on the frozen encoder's feature maps.
    MobileNetV2Unet unet = options.mobileNet() ? ModelExport.mobileNet(options) : null;
    Eccv16 network = unet == null ? ModelExport.network(options) : null;
    Map<String, FloatTensor> weights;
    long first;
    double elapsedBefore;
    if (start != null) {
      checkArgument(start.options().sameRecipe(options),
          "checkpoint in %s was trained with another recipe; use another output folder or the"
              + " same options. Checkpoint: %s", out, start.options().toJson());
      weights = start.weights();
      first = start.iteration();
      elapsedBefore = start.elapsedSeconds();
      LOG.info("resuming from iteration {}", first);
    } else if (options.initFrom() != null) {
      weights = unet == null ? weightsOf(Path.of(options.initFrom()), network)
          : decoderWeightsOf(Path.of(options.initFrom()), unet);
      first = 0;
      elapsedBefore = 0;
      LOG.info("starting from the weights of {}", options.initFrom());
    } else {
      weights = unet == null ? network.initialWeights(options.seed())
          : unet.initialDecoderWeights(options.seed());
      first = 0;
      elapsedBefore = 0;
    }

    OnnxGraph trainedGraph = unet == null ? network.graph(weights)
        : unet.decoderGraph(weights, options.crop());
    int side = unet == null ? options.crop()
        : options.crop() / unet.decoderInputStrides().get(0);
    TrainingGraph graph = TrainingGraph.builder(trainedGraph)
        .loss(options.loss().loss())
        .inputSize(side, side)
        .adam(adam(first))
        .build();
    if (start != null) {
      graph.restoreOptimizerState(start.optimizer());
    }

    BatchSource source = new BatchSource(images, options.batchSize(), options.seed(),
        options.augmentation(), targets(prior.prior()), ModelExport.normalization(options),
        options.mix());
    if (images.roots().size() > 1) {
      LOG.info("{} mix of {} folders: {}", options.mix(), images.roots().size(),
          describeMix(images, source.sourceWeights()));
    }
    double bestAuc = Double.NaN;
    Path bestModel = null;
    Path lastCheckpoint = null;
    long startNanos = System.nanoTime();
    OrtGraphRunner encoder = unet == null ? null
        : OrtGraphRunner.open(unet.encoder().featureGraph(unet.decoderInputStrides()), 1);
    UnaryOperator<TrainingBatch> stage = encoder == null ? UnaryOperator.identity()
        : b -> b.withFeatures(encoder.run(b.input()));
    try (encoder; TrainingLog log = TrainingLog.open(out, first);
        Prefetcher prefetcher = new Prefetcher(source, stage, first, options.loaderThreads(),
            options.prefetch())) {
      List<TrainingLog.Validation> earlier = log.validations();
      if (!earlier.isEmpty()) {
        TrainingLog.Validation latest = earlier.get(earlier.size() - 1);
        bestAuc = earlier.stream().filter(v -> sameImages(v, latest))
            .mapToDouble(TrainingLog.Validation::aucRebalanced).max().orElse(Double.NaN);
      }
      if (Files.exists(out.resolve(BEST_MODEL))) {
        bestModel = out.resolve(BEST_MODEL);
      }
      listener.started(options, first, images.size());
      long stepStart = System.nanoTime();
      for (long it = first; it < options.iterations(); it++) {
        TrainingBatch batch = prefetcher.next();
        graph.adam(adam(it));
        double loss = graph.fit(batch.networkInputs(), batch.target(), batch.weights());
        long now = System.nanoTime();
        double seconds = (now - stepStart) / 1e9;
        stepStart = now;
        long done = it + 1;
        TrainingLog.Step step = new TrainingLog.Step(done,
            done * (double) options.batchSize() / images.size(), loss,
            options.batchSize() / seconds, graph.adam().learningRate(),
            elapsedBefore + (now - startNanos) / 1e9);
        log.step(step);
        listener.step(step);

        boolean last = done == options.iterations();
        boolean validateNow = validation != null && options.valFolder() != null
            && (last || (options.validateEvery() > 0 && done % options.validateEvery() == 0));
        if (validateNow) {
          ModelFile model = ModelExport.toModelFile(options, done, graph.weights(), prior.prior(),
              prior.manifestSha256(), null);
          EvaluationReport report = validation.validate(model);
          TrainingLog.Validation row = new TrainingLog.Validation(done, report.images(),
              report.result().auc(), report.result().aucRebalanced(), report.result().psnrAb(),
              report.gray().auc(), report.gray().aucRebalanced());
          boolean best = log.validations().stream().filter(v -> sameImages(v, row))
              .allMatch(v -> row.aucRebalanced() > v.aucRebalanced());
          log.validation(row);
          if (best) {
            bestAuc = row.aucRebalanced();
            bestModel = out.resolve(BEST_MODEL);
            ModelWriter.write(bestModel, ModelExport.toModelFile(options, done, graph.weights(),
                prior.prior(), prior.manifestSha256(), report));
          }
          LOG.info("iteration {}: val AuC {} rebalanced {} (gray {} / {}){}", done,
              fmt(row.auc()), fmt(row.aucRebalanced()), fmt(row.grayAuc()),
              fmt(row.grayAucRebalanced()), best ? ", best so far" : "");
          listener.validated(row, best);
        }
        if (last || done % options.checkpointEvery() == 0) {
          lastCheckpoint = new Checkpoint(options, done, step.elapsedSeconds(), graph.weights(),
              graph.optimizerState()).write(out);
          pruneCheckpoints(out);
          log.flush();
          LossPlot.write(out.resolve(LOSS_PLOT), "colorize " + options.loss().id() + ", "
              + (unet == null ? "width " + options.width()
                  : MobileNetV2Unet.FAMILY + " decoder " + unet.width() + " " + unet.fused()), log.steps(), log.validations());
          listener.checkpointed(lastCheckpoint);
        }
        stepStart = System.nanoTime();
      }
      List<TrainingLog.Step> steps = log.steps();
      double finalLoss = steps.subList(Math.max(0, steps.size() - 100), steps.size()).stream()
          .mapToDouble(TrainingLog.Step::loss).average().orElse(Double.NaN);
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      long trained = options.iterations() - first;
      TrainingSummary summary = new TrainingSummary(first, Math.max(first, options.iterations()),
          trained * options.batchSize() / Math.max(seconds, 1e-9),
          elapsedBefore + seconds, finalLoss, source.unreadableCount(), ProcessMemory.peakRssMb(),
          lastCheckpoint, bestModel, bestAuc);
      listener.finished(summary);
      return summary;
    }
  }

  /**
   * Whether two validations scored the same images: only those compare (a run resumed with
   * another --val-limit starts its own best). The gray baseline's numbers identify the set.
   */
  private static boolean sameImages(TrainingLog.Validation a, TrainingLog.Validation b) {
    return a.images() == b.images() && Math.abs(a.grayAuc() - b.grayAuc()) < 1e-3
        && Math.abs(a.grayAucRebalanced() - b.grayAucRebalanced()) < 1e-3;
  }

  private AdamSettings adam(long iteration) {
    return new AdamSettings(options.lrSchedule().learningRate(options, iteration),
        options.beta1(), options.beta2(), 1e-8, options.weightDecay());
  }

  /**
   * The weights of a model file, for a run that starts from it.
   *
   * @throws IllegalArgumentException if the file is not this recipe's network (width, head,
   *     input normalization)
   */
  static Map<String, FloatTensor> weightsOf(Path modelFile, Eccv16 network) throws IOException {
    ModelFile model = ModelFile.read(modelFile);
    checkArgument(model.metadata().inputNormalization().equals(ModelExport.NORMALIZATION),
        "cannot start from %s: it expects its input normalized as %s, training uses %s",
        modelFile, model.metadata().inputNormalization(), ModelExport.NORMALIZATION);
    Map<String, FloatTensor> weights = model.onnx().graph().initializers();
    for (Map.Entry<String, int[]> e : network.weightShapes().entrySet()) {
      FloatTensor t = weights.get(e.getKey());
      checkArgument(t != null && Arrays.equals(t.shape(), e.getValue()),
          "cannot start from %s: it has %s for weight '%s', expected shape %s (an eccv16 network"
              + " of width %s with %s outputs)", modelFile,
          t == null ? "nothing" : "shape " + Arrays.toString(t.shape()), e.getKey(),
          Arrays.toString(e.getValue()), network.width(), network.outputChannels());
    }
    return weights;
  }

  /**
   * The decoder weights of a {@code mobilenetv2-unet} model file, for a run that starts from it.
   *
   * @throws IllegalArgumentException if the file is of another family or decoder
   */
  static Map<String, FloatTensor> decoderWeightsOf(Path modelFile, MobileNetV2Unet unet)
      throws IOException {
    ModelFile model = ModelFile.read(modelFile);
    checkArgument(model.metadata().family().equals(MobileNetV2Unet.FAMILY),
        "cannot start from %s: it is a %s network, this run trains %s", modelFile,
        model.metadata().family(), MobileNetV2Unet.FAMILY);
    try {
      return unet.decoderWeights(model.onnx().graph().initializers());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot start from " + modelFile + ": "
          + e.getMessage() + " (a decoder of width " + unet.width() + " fusing strides "
          + unet.fused() + ")", e);
    }
  }

  private static String describeMix(ImageFolder images, double[] weights) {
    StringBuilder text = new StringBuilder();
    for (int s = 0; s < weights.length; s++) {
      text.append(s == 0 ? "" : ", ").append(images.roots().get(s).getFileName()).append(' ')
          .append(images.rootSizes()[s]).append(" photos ")
          .append(String.format(java.util.Locale.ROOT, "%.1f%%", 100 * weights[s]));
    }
    return text.toString();
  }

  private TargetEncoding targets(ColorPrior prior) {
    return switch (options.loss()) {
      case FULL, CLASS -> TargetEncoding.classes(
          SoftEncoder.builder().neighbors(options.neighbors()).sigma(options.sigma()).build(),
          RebalanceWeights.of(prior, options.lambda()));
      case L2 -> TargetEncoding.regression();
    };
  }

  /** The newest readable checkpoint in {@code dir}, or null. */
  static Checkpoint latestCheckpoint(Path dir) throws IOException {
    List<Path> files = Checkpoint.list(dir);
    for (int i = files.size() - 1; i >= 0; i--) {
      try {
        return Checkpoint.read(files.get(i));
      } catch (IOException e) {
        LOG.warn("ignoring unreadable checkpoint {}: {}", files.get(i), e.getMessage());
      }
    }
    return null;
  }

  private void pruneCheckpoints(Path dir) throws IOException {
    List<Path> files = Checkpoint.list(dir);
    for (int i = 0; i < files.size() - options.keepCheckpoints(); i++) {
      Files.deleteIfExists(files.get(i));
    }
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.2f", v);
  }

  /** Builds a {@link Trainer}. */
  public static final class Builder {
    private final TrainingOptions options;
    private boolean resume;
    private ValidationRunner validation;
    private TrainingListener listener = TrainingListener.NONE;

    private Builder(TrainingOptions options) {
      this.options = checkNotNull(options, "options");
    }

    /** Continue from the newest checkpoint in the output folder, if there is one. */
    public Builder resume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /** Scores the model on the validation folder (without it, no validation runs). */
    public Builder validation(ValidationRunner validation) {
      this.validation = validation;
      return this;
    }

    /** Hears progress. */
    public Builder listener(TrainingListener listener) {
      this.listener = checkNotNull(listener, "listener");
      return this;
    }

    public Trainer build() {
      return new Trainer(this);
    }
  }
}
