package io.github.colorize.cli;

import io.github.colorize.training.data.ImageFolder;
import io.github.colorize.training.data.SourceMix;
import io.github.colorize.training.data.TargetSampling;
import io.github.colorize.training.eval.ModelEvaluation;
import io.github.colorize.training.train.LossVariant;
import io.github.colorize.training.train.LrSchedule;
import io.github.colorize.training.train.Trainer;
import io.github.colorize.training.train.TrainingListener;
import io.github.colorize.training.train.TrainingLog;
import io.github.colorize.training.train.TrainingOptions;
import io.github.colorize.training.train.TrainingSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code colorize train}: trains a network on image folders with one of the paper's losses. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {
        "Trains an eccv16-family network on image folders with one of the paper's losses.",
        "",
        "Writes into --out: prior.txt (the training colors' distribution, computed once), "
            + "checkpoint-*.ckpt (every --checkpoint-every steps; --resume continues from the "
            + "newest), train.csv and validation.csv, loss.png, and best.onnx (the model of the "
            + "best validation, when --val is given). Make a model file of any checkpoint with "
            + "'colorize export'.",
        ""},
    footer = {"", "Example (a small model on 2 CPU cores):",
        "  colorize train --data photos/train --val photos/val --out runs/small \\",
        "      --width 0.25 --crop 128 --batch 16 --iterations 20000 --lr 3e-4 \\",
        "      --validate-every 1000"})
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--data", paramLabel = "DIR", required = true, arity = "1..*",
      description = "Training image folders (searched recursively).")
  List<Path> data;

  @Option(names = "--val", paramLabel = "DIR",
      description = "Validation image folder: AuC metrics every --validate-every steps.")
  Path val;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "Run folder for checkpoints, logs, plots and the prior.")
  Path out;

  @Option(names = "--resume", description = "Continue from the newest checkpoint in --out.")
  boolean resume;

  @Option(names = "--init-from", paramLabel = "MODEL.onnx",
      description = "Start a fresh run from this model file's weights (a model colorize trained or"
          + " exported with the same --width and --loss head), e.g. to fine-tune on your photos"
          + " or to restart a lost run from its best.onnx. Ignored when --resume finds a"
          + " checkpoint.")
  Path initFrom;

  @Option(names = "--mix", defaultValue = "proportional", paramLabel = "MIX",
      description = "How several --data folders share the batches: proportional (every photo"
          + " equally often), sqrt (each folder by the square root of its photo count) or equal"
          + " (default: ${DEFAULT-VALUE}). The prior follows the same weights.")
  String mix;

  @Option(names = "--lr-schedule", defaultValue = "step", paramLabel = "SCHEDULE",
      description = "step (constant, times --lr-drop-factor from --lr-drop-at) or cosine (from"
          + " --lr down to --lr times --lr-drop-factor at --iterations) (default: ${DEFAULT-VALUE}).")
  String lrSchedule;

  @Option(names = "--loss", defaultValue = "full", paramLabel = "LOSS",
      description = "full (rebalanced cross-entropy, the paper's), class (no rebalancing) or "
          + "l2 (regression on ab). Default: ${DEFAULT-VALUE}.")
  String loss;

  @Option(names = "--rebalance-lambda", paramLabel = "LAMBDA",
      description = "Class-rebalancing lambda of the cross-entropy: pixel weights proportional to"
          + " 1 / ((1 - LAMBDA) p(color) + LAMBDA / 313); 0.5 is the paper's full loss, 1 no"
          + " rebalancing. Between them, rarer colors count more without the full loss's loss of"
          + " plain accuracy (default: the --loss's own).")
  Double rebalanceLambda;

  @Option(names = "--family", defaultValue = "eccv16", paramLabel = "FAMILY",
      description = "Network family: eccv16 (the paper's, default) or mobilenetv2-unet (a frozen"
          + " ImageNet MobileNetV2 encoder, --encoder, with a decoder trained here).")
  String family;

  @Option(names = "--encoder", paramLabel = "FILE.onnx",
      description = "For mobilenetv2-unet: the MobileNetV2 classifier (ONNX) whose weights the"
          + " encoder takes, e.g. ../shared/models/mobilenet-v2/mobilenet_v2_1.0_224.onnx.")
  Path encoder;

  @Option(names = "--decoder-width", defaultValue = "64", paramLabel = "CHANNELS",
      description = "For mobilenetv2-unet: decoder channels (default: ${DEFAULT-VALUE}).")
  int decoderWidth;

  @Option(names = "--fuse", defaultValue = "32,16,8,4", paramLabel = "STRIDES",
      description = "For mobilenetv2-unet: the encoder strides whose feature maps the decoder"
          + " fuses (default: ${DEFAULT-VALUE}).")
  String fuse;

  @Option(names = "--width", defaultValue = "0.25", paramLabel = "W",
      description = "Width multiplier of the network; 1.0 is the paper's 32 M parameters "
          + "(default: ${DEFAULT-VALUE}).")
  double width;

  @Option(names = "--crop", defaultValue = "176", paramLabel = "PIXELS",
      description = "Training crop side, a multiple of 4 (default: ${DEFAULT-VALUE}, the paper's).")
  int crop;

  @Option(names = "--batch", defaultValue = "16", paramLabel = "N", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--iterations", defaultValue = "10000", paramLabel = "N",
      description = "Steps in all, resumed ones included (default: ${DEFAULT-VALUE}).")
  long iterations;

  @Option(names = "--lr", defaultValue = "3e-5", paramLabel = "RATE",
      description = "Adam learning rate (default: ${DEFAULT-VALUE}, the paper's).")
  double lr;

  @Option(names = "--lr-drop-at", defaultValue = "0", paramLabel = "STEP",
      description = "Multiply the learning rate by --lr-drop-factor from this step on (0 = never;"
          + " default: ${DEFAULT-VALUE}).")
  long lrDropAt;

  @Option(names = "--lr-drop-factor", defaultValue = "0.1", paramLabel = "F",
      description = "What --lr-drop-at (and the cosine schedule's end) multiplies the learning"
          + " rate by (default: ${DEFAULT-VALUE}).")
  double lrDropFactor;

  @Option(names = "--warmup", defaultValue = "0", paramLabel = "STEPS",
      description = "Ramp the learning rate up linearly over the first STEPS steps (0 = none;"
          + " default: ${DEFAULT-VALUE}).")
  long warmup;

  @Option(names = "--beta1", defaultValue = "0.9", paramLabel = "B1",
      description = "Adam's first-moment decay (default: ${DEFAULT-VALUE}).")
  double beta1;

  @Option(names = "--beta2", defaultValue = "0.99", paramLabel = "B2",
      description = "Adam's second-moment decay (default: ${DEFAULT-VALUE}).")
  double beta2;

  @Option(names = "--weight-decay", defaultValue = "1e-3", paramLabel = "D",
      description = "L2 weight decay on convolution kernels (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
      description = "Fixes initialization, data order and augmentation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--neighbors", defaultValue = "5", paramLabel = "K",
      description = "Soft-encoding: nearest bins per pixel (paper 5, released code 10; default:"
          + " ${DEFAULT-VALUE}).")
  int neighbors;

  @Option(names = "--sigma", defaultValue = "5", paramLabel = "S",
      description = "Soft-encoding Gaussian sigma (default: ${DEFAULT-VALUE}).")
  double sigma;

  @Option(names = "--prior-sigma", defaultValue = "5", paramLabel = "S",
      description = "Gaussian smoothing of the empirical prior (0 = none; default:"
          + " ${DEFAULT-VALUE}).")
  double priorSigma;

  @Option(names = "--min-scale", defaultValue = "1", paramLabel = "MIN",
      description = "Scale jitter: crops at a random scale in [MIN, 1] (1 = none; default:"
          + " ${DEFAULT-VALUE}).")
  double minScale;

  @Option(names = "--no-flip", description = "No random horizontal flips.")
  boolean noFlip;

  @Option(names = "--target-sampling", defaultValue = "SUBSAMPLE", paramLabel = "MODE",
      description = "How the ab target reaches 1/4 resolution: ${COMPLETION-CANDIDATES} "
          + "(default: ${DEFAULT-VALUE}, the released code's every 4th pixel).")
  TargetSampling targetSampling;

  @Option(names = "--checkpoint-every", defaultValue = "500", paramLabel = "N",
      description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(names = "--keep-checkpoints", defaultValue = "3", paramLabel = "N",
      description = "Recent checkpoints kept (default: ${DEFAULT-VALUE}).")
  int keepCheckpoints;

  @Option(names = "--validate-every", defaultValue = "0", paramLabel = "N",
      description = "Steps between validations on --val (0 = only at the end; default:"
          + " ${DEFAULT-VALUE}).")
  int validateEvery;

  @Option(names = "--val-limit", defaultValue = "0", paramLabel = "N",
      description = "Validate on at most N images (0 = all; default: ${DEFAULT-VALUE}).")
  int valLimit;

  @Option(names = "--val-size", defaultValue = "224", paramLabel = "PIXELS",
      description = "Network input side for validation, recorded in exported models as the "
          + "size to colorize at (default: ${DEFAULT-VALUE}).")
  int valSize;

  @Option(names = "--temperature", defaultValue = "0.38", paramLabel = "T",
      description = "Annealed-mean temperature for validation and the exported model (default:"
          + " ${DEFAULT-VALUE}).")
  double temperature;

  @Option(names = "--loader-threads", defaultValue = "1", paramLabel = "N",
      description = "Data loading threads (default: ${DEFAULT-VALUE}).")
  int loaderThreads;

  @Option(names = "--prefetch", defaultValue = "4", paramLabel = "N",
      description = "Batches prepared ahead (default: ${DEFAULT-VALUE}).")
  int prefetch;

  @Mixin
  Verbosity verbosity;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    TrainingOptions options = TrainingOptions.builder().trainFolders(data).valFolder(val)
        .outputDir(out).loss(LossVariant.parse(loss)).width(width).crop(crop).batchSize(batch)
        .iterations(iterations).learningRate(lr).lrDrop(lrDropAt, lrDropFactor).warmup(warmup)
        .betas(beta1, beta2).weightDecay(weightDecay).seed(seed)
        .softEncoding(neighbors, sigma).priorSigma(priorSigma).minScale(minScale).flip(!noFlip)
        .sampling(targetSampling).checkpointEvery(checkpointEvery)
        .keepCheckpoints(keepCheckpoints).validateEvery(validateEvery).valLimit(valLimit)
        .valSize(valSize).temperature(temperature).loaderThreads(loaderThreads)
        .prefetch(prefetch).mix(SourceMix.parse(mix)).lrSchedule(LrSchedule.parse(lrSchedule))
        .initFrom(initFrom).rebalanceLambda(rebalanceLambda).family(family).encoder(encoder)
        .decoderWidth(decoderWidth).fused(fuse).build();
    Trainer.Builder trainer = Trainer.builder(options).resume(resume);
    if (val != null) {
      List<Path> valFiles = ModelEvaluation.limit(ImageFolder.scan(List.of(val)).files(),
          valLimit);
      ModelEvaluation evaluation = new ModelEvaluation(valSize, temperature,
          ModelEvaluation.PriorChoice.MODEL, "onnx");
      trainer.validation(model -> evaluation.evaluate(model, valFiles, null));
    }
    try (BarListener listener = new BarListener()) {
      TrainingSummary s = trainer.listener(listener).build().run();
      var o = spec.commandLine().getOut();
      o.printf(Locale.ROOT, "trained %d steps (%d this run) at %.2f images/s; final loss %.4f;"
              + " peak RSS %d MiB; %d unreadable images%n", s.iterations(),
          s.iterations() - s.firstIteration(), s.imagesPerSecond(), s.finalLoss(),
          s.peakRssMegabytes(), s.unreadableImages());
      o.println("last checkpoint: " + s.lastCheckpoint());
      if (s.bestModel() != null) {
        o.printf(Locale.ROOT, "best model: %s (val rebalanced AuC %.2f)%n", s.bestModel(),
            s.bestAucRebalanced());
      }
    }
    return 0;
  }

  /** A progress bar with loss, images/s and ETA. */
  private static final class BarListener implements TrainingListener, AutoCloseable {
    private ProgressBar bar;
    private double smoothLoss = Double.NaN;

    @Override
    public void started(TrainingOptions options, long first, int images) {
      bar = Progress.bar("train", options.iterations());
      bar.stepTo(first);
    }

    @Override
    public void step(TrainingLog.Step step) {
      smoothLoss = Double.isNaN(smoothLoss) ? step.loss() : 0.98 * smoothLoss + 0.02 * step.loss();
      bar.stepTo(step.iteration());
      bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f, %.1f img/s, epoch %.1f",
          smoothLoss, step.imagesPerSecond(), step.epoch()));
    }

    @Override
    public void validated(TrainingLog.Validation v, boolean best) {
      System.err.printf(Locale.ROOT, "%nstep %d: val AuC %.2f, rebalanced %.2f "
              + "(gray %.2f / %.2f)%s%n", v.iteration(), v.auc(), v.aucRebalanced(),
          v.grayAuc(), v.grayAucRebalanced(), best ? "  best so far" : "");
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}
