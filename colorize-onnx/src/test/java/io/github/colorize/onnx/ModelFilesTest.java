package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelWriter;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.tensor.FloatTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime reads a model from its file only while the file holds the model's bytes. */
class ModelFilesTest {

  @TempDir
  Path dir;

  @Test
  void theFileIsUsedOnlyWhileItHoldsTheSameBytes() throws Exception {
    Path file = dir.resolve("m.onnx");
    ModelWriter.write(file, TestModels.random(Eccv16.logits(0.125), 3));
    ModelFile read = ModelFile.read(file);

    assertThat(ModelFiles.unchangedFile(read)).isEqualTo(file);
    assertThat(ModelFiles.unchangedFile(ModelFile.fromBytes(read.bytes(), "bytes"))).isNull();

    byte[] changed = read.bytes().clone();
    changed[changed.length - 1] ^= 1;
    Files.write(file, changed, StandardOpenOption.TRUNCATE_EXISTING);
    assertThat(ModelFiles.unchangedFile(read)).isNull();
  }

  @Test
  void aModelWhoseFileChangedStillRunsFromItsOwnBytes() throws Exception {
    Path file = dir.resolve("m.onnx");
    ModelWriter.write(file, TestModels.random(Eccv16.logits(0.125), 3));
    ModelFile read = ModelFile.read(file);
    float[] ramp = new float[32 * 32];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = (i % 32) / 16f - 1f + (i / 32) / 64f;
    }
    FloatTensor input = FloatTensor.of(ramp, 1, 1, 32, 32);
    FloatTensor expected;
    try (Backend b = new OnnxBackendProvider().open(read, BackendOptions.defaults())) {
      expected = b.run(input);
    }
    ModelWriter.write(file, TestModels.random(Eccv16.logits(0.125), 4));

    assertThat(expected.maxAbs()).isGreaterThan(0f);
    try (Backend b = new OnnxBackendProvider().open(read, BackendOptions.defaults())) {
      assertThat(b.run(input).data()).containsExactly(expected.data());
    }
    // The changed file itself computes something else: the test would notice a wrong source.
    try (Backend b = new OnnxBackendProvider().open(ModelFile.read(file),
        BackendOptions.defaults())) {
      assertThat(b.run(input).data()).isNotEqualTo(expected.data());
    }
  }
}
