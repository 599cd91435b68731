package io.github.colorize.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.colorize.model.InputNormalization;
import io.github.colorize.quant.ColorPrior;
import io.github.colorize.quant.RebalanceWeights;
import io.github.colorize.quant.SoftEncoder;
import io.github.colorize.training.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;

class BatchSourceTest {

  @TempDir Path dir;

  private BatchSource source(Augmentation augmentation, TargetEncoding targets) {
    return new BatchSource(ImageFolder.scan(List.of(dir)), 3, 42, augmentation, targets,
        InputNormalization.PYTORCH);
  }

  private static TargetEncoding full() {
    return TargetEncoding.classes(SoftEncoder.paperDefaults(),
        RebalanceWeights.of(ColorPrior.imagenet(), 0.5));
  }

  @Test
  void batchesAreAPureFunctionOfSeedAndIteration() throws Exception {
    TestImages.writeColorful(dir, 5, 60, 48, 1);
    Augmentation aug = new Augmentation(32, true, 0.7, TargetSampling.SUBSAMPLE);
    TrainingBatch first = source(aug, full()).batch(7);
    BatchSource other = source(aug, full());
    other.batch(3); // another history must not matter
    TrainingBatch again = other.batch(7);
    assertThat(again.input()).isEqualTo(first.input());
    assertThat(again.target()).isEqualTo(first.target());
    assertThat(again.weights()).isEqualTo(first.weights());
    assertThat(source(aug, full()).batch(8).input()).isNotEqualTo(first.input());
  }

  @Test
  void shapesNormalizationAndSoftTargets() throws Exception {
    TestImages.writeColorful(dir, 4, 40, 40, 2);
    TrainingBatch batch = source(new Augmentation(32, false, 1, TargetSampling.MEAN), full())
        .batch(0);
    assertThat(batch.input().shape()).containsExactly(3, 1, 32, 32);
    assertThat(batch.target().shape()).containsExactly(3, 313, 8, 8);
    assertThat(batch.weights().shape()).containsExactly(3, 1, 8, 8);
    for (float v : batch.input().data()) {
      assertThat(v).isBetween(-0.5f, 0.5f); // (L - 50) / 100 with L in [0, 100]
    }
    float[] t = batch.target().data();
    int pixels = 64;
    for (int n = 0; n < 3; n++) {
      for (int p = 0; p < pixels; p++) {
        double sum = 0;
        for (int q = 0; q < 313; q++) {
          sum += t[(n * 313 + q) * pixels + p];
        }
        assertThat(sum).isCloseTo(1.0, within(1e-5));
      }
    }
    for (float w : batch.weights().data()) {
      assertThat(w).isBetween(0.09f, 6.2f); // the ImageNet prior's weight range
    }
  }

  @Test
  void grayCropsGetZeroWeightAndRegressionTargetsAreAb() throws Exception {
    TestImages.writeGray(dir.resolve("gray.png"), 40, 36);
    TrainingBatch batch = source(new Augmentation(32, true, 1, TargetSampling.SUBSAMPLE),
        TargetEncoding.regression()).batch(0);
    assertThat(batch.target().shape()).containsExactly(3, 2, 8, 8);
    for (float w : batch.weights().data()) {
      assertThat(w).isZero();
    }
    for (float ab : batch.target().data()) {
      assertThat(Math.abs(ab)).isLessThan(1f);
    }
  }

  @Test
  void unreadableImagesAreSkippedAndCounted() throws Exception {
    TestImages.writeColorful(dir, 2, 40, 40, 3);
    Files.write(dir.resolve("broken.png"), new byte[] {1, 2, 3, 4});
    BatchSource source = source(new Augmentation(32, true, 1, TargetSampling.SUBSAMPLE), full());
    for (int i = 0; i < 4; i++) {
      assertThat(source.batch(i).size()).isEqualTo(3);
    }
    assertThat(source.unreadableCount()).isEqualTo(1);
    assertThat(source.substitutionCount()).isPositive();
  }

  @Test
  void aSqrtMixDrawsEachFolderByTheSquareRootOfItsSize() throws Exception {
    Path big = dir.resolve("big");
    Path small = dir.resolve("small");
    TestImages.writeColorful(big, 16, 32, 32, 4);
    Files.createDirectories(small);
    BufferedImage white = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    white.getGraphics().fillRect(0, 0, 32, 32); // the default paint is white
    ImageIO.write(white, "png", small.resolve("white.png").toFile());
    ImageFolder folder = ImageFolder.scan(List.of(big, small));
    assertThat(folder.rootSizes()).containsExactly(16, 1);
    Augmentation aug = new Augmentation(32, true, 1, TargetSampling.SUBSAMPLE);
    BatchSource mixed = new BatchSource(folder, 50, 42, aug, full(), InputNormalization.PYTORCH,
        SourceMix.SQRT);
    assertThat(mixed.sourceWeights()).containsExactly(new double[] {0.8, 0.2}, within(1e-12));

    // Proportional: the one small folder's photo is 1 of 17 per epoch; sqrt: 1 in 5 draws.
    BatchSource proportional = new BatchSource(folder, 50, 42, aug, full(),
        InputNormalization.PYTORCH, SourceMix.PROPORTIONAL);
    assertThat(whiteShare(proportional, 34)).isCloseTo(1 / 17.0, within(1e-9));
    assertThat(whiteShare(mixed, 40)).isCloseTo(0.2, within(0.04));
    // Still a pure function of (seed, iteration).
    assertThat(new BatchSource(folder, 50, 42, aug, full(), InputNormalization.PYTORCH,
        SourceMix.SQRT).batch(3).input()).isEqualTo(mixed.batch(3).input());
  }

  /** Share of the samples of {@code batches} batches that are the white photo (L = 100). */
  private static double whiteShare(BatchSource source, int batches) {
    int white = 0;
    int all = 0;
    int pixels = 32 * 32;
    for (int i = 0; i < batches; i++) {
      float[] input = source.batch(i).input().data();
      for (int n = 0; n < source.batchSize(); n++, all++) {
        boolean isWhite = true;
        for (int k = 0; k < pixels && isWhite; k++) {
          isWhite = Math.abs(input[n * pixels + k] - 0.5f) < 1e-4f;
        }
        white += isWhite ? 1 : 0;
      }
    }
    return white / (double) all;
  }

  @Test
  void photosTooSmallForTheCropAreSkippedAndSmallOnesUsedWhole() throws Exception {
    TestImages.writeColorful(dir, 2, 20, 20, 6); // 32 / 20 = 1.6x: would need upsampling
    TestImages.writeColorful(dir.resolve("ok"), 1, 32, 32, 7);
    BatchSource source = new BatchSource(ImageFolder.scan(List.of(dir)), 4, 1,
        new Augmentation(32, false, 0.25, TargetSampling.SUBSAMPLE), full(),
        InputNormalization.PYTORCH);
    TrainingBatch batch = source.batch(0);
    assertThat(source.unreadableCount()).isEqualTo(2);
    // Every sample is the 32 px photo, whole, whatever the scale jitter asked for.
    float[] input = batch.input().data();
    for (int n = 1; n < 4; n++) {
      for (int k = 0; k < 32 * 32; k++) {
        assertThat(input[n * 32 * 32 + k]).isEqualTo(input[k]);
      }
    }
  }
}
