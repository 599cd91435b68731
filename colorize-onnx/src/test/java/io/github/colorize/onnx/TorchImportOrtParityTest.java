package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelWriter;
import io.github.colorize.model.torch.TorchImporter;
import io.github.colorize.model.torch.testing.TorchFixtures;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.tensor.FloatTensor;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of the PyTorch import: state dicts of the colorizers ECCVGenerator written
 * by real PyTorch (both torch.save formats, with and without num_batches_tracked), imported,
 * written as a model file, read back and run on ONNX Runtime, reproduce PyTorch's own logits.
 */
class TorchImportOrtParityTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {TorchFixtures.ZIP, TorchFixtures.ZIP_NO_TRACKED, TorchFixtures.LEGACY,
      TorchFixtures.LEGACY_NO_TRACKED})
  void theImportedFileReproducesPyTorchsLogits(String name) throws Exception {
    Path onnx = dir.resolve("imported.onnx");
    ModelWriter.write(onnx, TorchImporter.importModel(TorchFixtures.copy(name, dir)));
    ModelFile model = ModelFile.read(onnx);
    FloatTensor expected = TorchFixtures.logits();

    FloatTensor actual;
    try (Backend backend = new OnnxBackendProvider().open(model, BackendOptions.defaults())) {
      actual = backend.run(TorchFixtures.inputNormalized());
    }

    double relative = TorchFixtures.relativeError(actual, expected);
    System.out.printf(Locale.ROOT, "%s on ONNX Runtime vs PyTorch 1.13: max|logit| %.3f, relative"
        + " error %.3g%n", name, expected.maxAbs(), relative);
    assertThat(actual.shape()).containsExactly(expected.shape());
    assertThat(expected.maxAbs()).isGreaterThan(0.1f);
    assertThat(relative).isLessThanOrEqualTo(1e-4);
  }
}
