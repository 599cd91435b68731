package io.github.colorize.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.model.ModelFile;
import io.github.colorize.model.torch.TorchImporter;
import io.github.colorize.model.torch.testing.TorchFixtures;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.tensor.FloatTensor;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state dict written by real PyTorch (the colorizers ECCVGenerator at a small width, legacy
 * torch.save format), imported, runs on the dl4j backend with PyTorch's own logits.
 */
class TorchImportDl4jParityTest {

  @TempDir
  Path dir;

  @Test
  void theImportedStateDictReproducesPyTorchsLogitsOnDl4j() throws Exception {
    ModelFile model = TorchImporter.importModel(TorchFixtures.copy(TorchFixtures.LEGACY, dir));
    FloatTensor expected = TorchFixtures.logits();

    FloatTensor actual;
    try (Backend backend = new Dl4jBackendProvider().open(model, BackendOptions.defaults())) {
      actual = backend.run(TorchFixtures.inputNormalized());
    }

    double relative = TorchFixtures.relativeError(actual, expected);
    System.out.printf(Locale.ROOT, "imported .pth on dl4j (%s) vs PyTorch 1.13: relative error"
        + " %.3g%n", NativeBuild.current().describe(), relative);
    assertThat(actual.shape()).containsExactly(expected.shape());
    assertThat(relative).isLessThanOrEqualTo(1e-4);
  }
}
