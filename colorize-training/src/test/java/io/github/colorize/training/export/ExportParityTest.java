package io.github.colorize.training.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.dl4j.BatchNormStatistics;
import io.github.colorize.dl4j.SameDiffGraph;
import io.github.colorize.dl4j.train.AdamSettings;
import io.github.colorize.dl4j.train.TrainingGraph;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.onnx.OnnxBackendProvider;
import io.github.colorize.quant.ColorPrior;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.tensor.FloatTensor;
import io.github.colorize.training.train.LossVariant;
import io.github.colorize.training.train.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A trained network, exported to a model file and run by ONNX Runtime, gives the training graph's
 * own output to 1e-4 of the largest output.
 *
 * <p>The training graph normalizes with batch statistics, the exported file with running ones. So
 * the reference is the training graph's forward pass on a batch B, and the file is exported with
 * B's batch statistics (as the training graph reports them) in place of the running statistics:
 * everything else (weight layouts, names, attributes) is what the trainer exports.
 */
class ExportParityTest {

  private static FloatTensor random(Random r, double scale, int... shape) {
    FloatTensor t = FloatTensor.zeros(shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (r.nextGaussian() * scale);
    }
    return t;
  }

  @ParameterizedTest
  @EnumSource(value = LossVariant.class, names = {"FULL", "L2"})
  void exportedFileRunsLikeTheTrainingGraph(LossVariant loss) {
    TrainingOptions options = TrainingOptions.builder().trainFolders(List.of(Path.of("unused")))
        .outputDir(Path.of("unused")).loss(loss).width(0.125).crop(32).build();
    Eccv16 net = ModelExport.network(options);
    TrainingGraph graph = TrainingGraph.builder(net.graph(net.initialWeights(4)))
        .loss(loss.loss()).inputSize(32, 32).adam(AdamSettings.paper().withLearningRate(1e-3))
        .build();
    Random r = new Random(8);
    int channels = net.outputChannels();
    FloatTensor ones = FloatTensor.zeros(4, 1, 8, 8);
    Arrays.fill(ones.data(), 1f);
    for (int step = 0; step < 3; step++) {
      FloatTensor target = random(r, loss == LossVariant.L2 ? 30 : 1, 4, channels, 8, 8);
      if (loss != LossVariant.L2) {
        for (int i = 0; i < target.size(); i++) {
          target.data()[i] = Math.abs(target.data()[i]) / channels;
        }
      }
      graph.fit(random(r, 0.3, 4, 1, 32, 32), target, ones);
    }

    SameDiffGraph trained = graph.graph();
    String output = trained.outputNames().get(0);
    List<String> wanted = new ArrayList<>(List.of(output));
    for (BatchNormStatistics s : trained.batchNormStatistics()) {
      wanted.add(s.batchMeanOutput());
      wanted.add(s.batchVarianceOutput());
    }
    FloatTensor batch = random(r, 0.3, 4, 1, 32, 32);
    Map<String, FloatTensor> forward = trained.run(Map.of(trained.inputNames().get(0), batch),
        wanted);

    Map<String, FloatTensor> weights = new LinkedHashMap<>(graph.weights());
    for (BatchNormStatistics s : trained.batchNormStatistics()) {
      weights.put(s.meanInitializer(), forward.get(s.batchMeanOutput()));
      weights.put(s.varianceInitializer(), forward.get(s.batchVarianceOutput()));
    }
    ModelFile exported = ModelFile.fromBytes(ModelExport.toModelFile(options, 3, weights,
        ColorPrior.imagenet(), "test", null).bytes(), "exported");
    FloatTensor expected = forward.get(output);
    FloatTensor actual;
    try (Backend onnx = new OnnxBackendProvider().open(exported, BackendOptions.defaults())) {
      actual = onnx.run(batch);
    }
    assertThat(actual.shape()).containsExactly(expected.shape());
    float diff = 0;
    for (int i = 0; i < actual.size(); i++) {
      diff = Math.max(diff, Math.abs(actual.data()[i] - expected.data()[i]));
    }
    assertThat(expected.maxAbs()).isPositive();
    assertThat(diff / expected.maxAbs()).as("max |ORT - training graph| / max |output|")
        .isLessThanOrEqualTo(1e-4f);
  }
}
