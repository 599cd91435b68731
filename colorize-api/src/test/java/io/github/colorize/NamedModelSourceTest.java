package io.github.colorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.model.ModelWriter;
import io.github.colorize.model.catalog.ModelCache;
import io.github.colorize.model.catalog.ModelCatalog;
import io.github.colorize.model.catalog.ModelNames;
import io.github.colorize.model.catalog.ModelNotDownloadedException;
import io.github.colorize.model.torch.TorchImporter;
import io.github.colorize.model.torch.testing.TorchFixtures;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model by name resolves from the cache, never downloads, and says how to get it. */
class NamedModelSourceTest {

  @TempDir
  Path dir;

  @Test
  void aCachedNameLoadsAndAMissingKnownNameSaysHowToPullIt() throws Exception {
    ModelCache cache = ModelCache.at(dir.resolve("cache"));
    ModelCatalog catalog = ModelCatalog.builtIn();
    assertThatThrownBy(() -> ModelSource.named("eccv16", cache, catalog).load())
        .isInstanceOf(ModelNotDownloadedException.class)
        .hasMessageContaining("colorize models pull eccv16");
    assertThatThrownBy(() -> ModelSource.named("nothing", cache, catalog).load())
        .isInstanceOf(FileNotFoundException.class).hasMessageContaining("'nothing'");

    Files.createDirectories(cache.directory());
    ModelWriter.write(cache.path("eccv16"),
        TorchImporter.importModel(TorchFixtures.copy(TorchFixtures.ZIP, dir)));

    assertThat(ModelSource.named("eccv16", cache, catalog).load().metadata().extra())
        .containsKey(TorchImporter.SOURCE_SHA256);
    assertThat(ModelNames.resolve("eccv16", cache, catalog)).contains(cache.path("eccv16"));
    assertThat(ModelNames.resolve("photos/model.onnx", cache, catalog)).isEmpty();
    assertThat(ModelSource.named("default", cache, catalog).isDefaultModel()).isTrue();
    assertThat(Files.list(dir.resolve("cache")).count()).isEqualTo(1);
  }
}
