package io.github.colorize.training.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelWriter;
import io.github.colorize.quant.ColorPrior;
import io.github.colorize.tensor.FloatTensor;
import io.github.colorize.training.TestImages;
import io.github.colorize.training.export.ModelExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

  @TempDir static Path data;

  @BeforeAll
  static void images() throws Exception {
    TestImages.writeColorful(data, 6, 48, 40, 11);
  }

  private static TrainingOptions.Builder tiny(Path out, long iterations) {
    return TrainingOptions.builder().trainFolders(List.of(data)).outputDir(out)
        .width(0.0625).crop(32).batchSize(2).iterations(iterations).learningRate(1e-3)
        .checkpointEvery(2).seed(5);
  }

  @Test
  void aKilledAndResumedRunEndsWithTheWeightsOfAnUninterruptedOne(@TempDir Path runs)
      throws Exception {
    TrainingSummary straight = Trainer.builder(tiny(runs.resolve("a"), 4).build()).build().run();

    Path b = runs.resolve("b");
    Trainer.builder(tiny(b, 2).build()).build().run(); // "killed" after its checkpoint at 2
    TrainingSummary resumed = Trainer.builder(tiny(b, 4).build()).resume(true).build().run();

    assertThat(resumed.firstIteration()).isEqualTo(2);
    Checkpoint x = Checkpoint.read(straight.lastCheckpoint());
    Checkpoint y = Checkpoint.read(resumed.lastCheckpoint());
    assertThat(y.iteration()).isEqualTo(4);
    assertThat(y.optimizer().step()).isEqualTo(x.optimizer().step()).isEqualTo(4);
    assertThat(y.weights().keySet()).isEqualTo(x.weights().keySet());
    for (Map.Entry<String, FloatTensor> e : x.weights().entrySet()) {
      assertThat(y.weights().get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
    // The weights moved: training did something.
    Map<String, FloatTensor> initial = ExportCheck.initialWeights(tiny(b, 4).build());
    assertThat(y.weights().get("conv1_1.weight")).isNotEqualTo(initial.get("conv1_1.weight"));
    // The log reads as one run.
    assertThat(Files.readAllLines(b.resolve("train.csv"))).hasSize(5);
    assertThat(b.resolve("loss.png")).isNotEmptyFile();
  }

  @Test
  void theLearningRateWarmsUpAndDrops(@TempDir Path out) throws Exception {
    Trainer.builder(tiny(out, 3).warmup(2).lrDrop(2, 0.1).build()).build().run();
    List<String> rows = Files.readAllLines(out.resolve("train.csv"));
    double[] rates = rows.subList(1, 4).stream()
        .mapToDouble(row -> Double.parseDouble(row.split(",")[4])).toArray();
    assertThat(rates[0]).isCloseTo(0.5e-3, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(rates[1]).isCloseTo(1e-3, org.assertj.core.api.Assertions.within(1e-9));
    // Dropped once 2 steps are done, as "x0.1 at 225k iterations" in the paper's recipe.
    assertThat(rates[2]).isCloseTo(1e-4, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void theCosineScheduleFallsFromTheFullRateToItsFloor(@TempDir Path out) throws Exception {
    Trainer.builder(tiny(out, 5).warmup(1).lrSchedule(LrSchedule.COSINE).lrDrop(0, 0.1).build())
        .build().run();
    double[] rates = Files.readAllLines(out.resolve("train.csv")).subList(1, 6).stream()
        .mapToDouble(row -> Double.parseDouble(row.split(",")[4])).toArray();
    // After the 1-step warm-up, half a cosine over steps 1..4 from 1e-3 down to 0.1 x 1e-3.
    assertThat(rates).containsExactly(new double[] {1e-3, 1e-3, 0.775e-3, 0.325e-3, 1e-4},
        org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void aFreshRunStartsFromAModelFilesWeights(@TempDir Path out) throws Exception {
    TrainingSummary first = Trainer.builder(tiny(out.resolve("a"), 2).build()).build().run();
    Map<String, FloatTensor> trained = Checkpoint.read(first.lastCheckpoint()).weights();
    TrainingOptions a = tiny(out.resolve("a"), 2).build();
    Path model = out.resolve("a.onnx");
    ModelWriter.write(model, ModelExport.toModelFile(a, 2, trained, ColorPrior.imagenet(),
        "test", null));

    TrainingSummary second = Trainer.builder(tiny(out.resolve("b"), 1).seed(9).initFrom(model)
        .build()).build().run();
    float[] start = trained.get("conv1_1.weight").data();
    float[] after = Checkpoint.read(second.lastCheckpoint()).weights().get("conv1_1.weight")
        .data();
    float[] random = ExportCheck.initialWeights(tiny(out, 1).seed(9).build())
        .get("conv1_1.weight").data();
    double fromStart = 0;
    double fromRandom = 0;
    for (int i = 0; i < start.length; i++) {
      fromStart = Math.max(fromStart, Math.abs(after[i] - start[i]));
      fromRandom = Math.max(fromRandom, Math.abs(after[i] - random[i]));
    }
    assertThat(fromStart).isLessThanOrEqualTo(1.01e-3); // one Adam step of lr 1e-3
    assertThat(fromRandom).isGreaterThan(0.01);

    TrainingOptions wider = tiny(out.resolve("c"), 1).width(0.125).initFrom(model).build();
    assertThatThrownBy(() -> Trainer.builder(wider).build().run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot start from " + model)
        .hasMessageContaining("conv1_1.weight");
  }

  @Test
  void theRebalancingLambdaWeightsTheLoss(@TempDir Path out) throws Exception {
    double full = firstLoss(tiny(out.resolve("full"), 1).loss(LossVariant.FULL));
    double fullAtOne = firstLoss(tiny(out.resolve("one"), 1).loss(LossVariant.FULL)
        .rebalanceLambda(1.0));
    double classLoss = firstLoss(tiny(out.resolve("class"), 1).loss(LossVariant.CLASS));
    double between = firstLoss(tiny(out.resolve("between"), 1).loss(LossVariant.FULL)
        .rebalanceLambda(0.75));
    // Lambda 1 is the class loss, to the bit; 0.75 weights the pixels otherwise than both.
    assertThat(fullAtOne).isEqualTo(classLoss);
    assertThat(between).isNotEqualTo(full).isNotEqualTo(classLoss);

    // Another lambda is another recipe: resuming with it is refused.
    TrainingOptions other = tiny(out.resolve("full"), 2).loss(LossVariant.FULL)
        .rebalanceLambda(0.75).build();
    assertThatThrownBy(() -> Trainer.builder(other).resume(true).build().run())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another recipe");
  }

  private static double firstLoss(TrainingOptions.Builder options) throws Exception {
    TrainingOptions built = options.build();
    Trainer.builder(built).build().run();
    return Double.parseDouble(Files.readAllLines(built.outputPath().resolve("train.csv")).get(1)
        .split(",")[2]);
  }

  @Test
  void resumingWithAnotherRecipeIsRefused(@TempDir Path out) throws Exception {
    Trainer.builder(tiny(out, 2).build()).build().run();
    TrainingOptions other = tiny(out, 4).width(0.125).build();
    assertThatThrownBy(() -> Trainer.builder(other).resume(true).build().run())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another recipe");
  }

  @Test
  void validationWritesTheBestModelWithMetadata(@TempDir Path out) throws Exception {
    TrainingOptions options = tiny(out, 2).valFolder(data).validateEvery(1).build();
    double[] scores = {40, 30};
    int[] calls = {0};
    TrainingSummary summary = Trainer.builder(options).validation(model -> {
      double auc = scores[calls[0]++];
      return new io.github.colorize.training.eval.EvaluationReport("m", 1, 0, 1, "model", 0.38,
          new io.github.colorize.training.eval.Metrics(auc + 40, auc, 20),
          new io.github.colorize.training.eval.Metrics(80, 30, 18));
    }).build().run();
    assertThat(calls[0]).isEqualTo(2);
    assertThat(summary.bestAucRebalanced()).isEqualTo(40);
    ModelFile best = ModelFile.read(summary.bestModel());
    assertThat(best.metadata().hasPrior()).isTrue();
    assertThat(best.metadata().extra()).containsEntry("loss", "full").containsKey("recipe")
        .containsKey("metrics");
    assertThat(best.metadata().extra().get("iterations")).isEqualTo("1");
    assertThat(Files.readAllLines(out.resolve("validation.csv"))).hasSize(3);
  }

  @Test
  void aResumedRunValidatingOtherImagesStartsItsOwnBest(@TempDir Path out) throws Exception {
    Trainer.builder(tiny(out, 1).valFolder(data).validateEvery(1).build())
        .validation(model -> report(90, 80, 70)).build().run();
    // Resumed with another validation set (other gray numbers): a lower AuC is still its best.
    TrainingSummary summary = Trainer.builder(tiny(out, 2).valFolder(data).validateEvery(1)
        .build()).resume(true).validation(model -> report(60, 55, 50)).build().run();
    assertThat(summary.bestAucRebalanced()).isEqualTo(55);
    assertThat(ModelFile.read(summary.bestModel()).metadata().extra().get("iterations"))
        .isEqualTo("2");
  }

  private static io.github.colorize.training.eval.EvaluationReport report(double auc,
      double rebalanced, double grayRebalanced) {
    return new io.github.colorize.training.eval.EvaluationReport("m", 3, 0, 1, "model", 0.38,
        new io.github.colorize.training.eval.Metrics(auc, rebalanced, 20),
        new io.github.colorize.training.eval.Metrics(grayRebalanced + 20, grayRebalanced, 18));
  }

  /** Exposes the initial weights the trainer starts from. */
  static final class ExportCheck {
    static Map<String, FloatTensor> initialWeights(TrainingOptions options) {
      return io.github.colorize.training.export.ModelExport.network(options)
          .initialWeights(options.seed());
    }
  }
}
