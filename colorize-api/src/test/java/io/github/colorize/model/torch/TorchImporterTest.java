package io.github.colorize.model.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelWriter;
import io.github.colorize.model.OutputKind;
import io.github.colorize.model.torch.testing.TorchFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer on state dicts written by real PyTorch in both torch.save formats (the numerics
 * against PyTorch's own logits are checked on ONNX Runtime in colorize-onnx and on DL4J in
 * colorize-dl4j), and its refusals.
 */
class TorchImporterTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {TorchFixtures.ZIP_NO_TRACKED, TorchFixtures.LEGACY,
      TorchFixtures.LEGACY_NO_TRACKED})
  void everyFormatGivesTheSameWeights(String name) throws Exception {
    ModelFile reference = TorchImporter.importModel(TorchFixtures.copy(TorchFixtures.ZIP, dir));
    ModelFile model = TorchImporter.importModel(TorchFixtures.copy(name, dir));

    var a = reference.onnx().graph().initializers();
    var b = model.onnx().graph().initializers();
    assertThat(b.keySet()).isEqualTo(a.keySet());
    for (String key : a.keySet()) {
      assertThat(b.get(key).data()).as(key).containsExactly(a.get(key).data());
    }
  }

  @Test
  void mapsTheEccvGeneratorKeysAndRecordsTheSource() throws Exception {
    Path pth = TorchFixtures.copy(TorchFixtures.ZIP, dir);
    Map<String, TorchTensor> stateDict = StateDictReader.read(pth);
    ModelFile model = TorchImporter.importModel(pth);

    var w = model.onnx().graph().initializers();
    assertThat(w.get("conv1_1.weight").data())
        .containsExactly(stateDict.get("model1.0.weight").data());
    assertThat(w.get("conv3_3.weight").data())
        .containsExactly(stateDict.get("model3.4.weight").data());
    assertThat(w.get("conv3_3norm.var").data())
        .containsExactly(stateDict.get("model3.6.running_var").data());
    assertThat(w.get("conv5_2norm.scale")).isNull();
    assertThat(w.get("conv5_3norm.scale").data())
        .containsExactly(stateDict.get("model5.6.weight").data());
    assertThat(w.get("conv8_1.weight").shape()).containsExactly(8, 4, 4, 4);
    assertThat(w.get("conv8_1.weight").data())
        .containsExactly(stateDict.get("model8.0.weight").data());
    assertThat(w.get("conv8_313.bias").data())
        .containsExactly(stateDict.get("model8.6.bias").data());
    assertThat(stateDict.get("model1.4.num_batches_tracked").shape()).isEmpty();

    var m = model.metadata();
    assertThat(m.inputNormalization()).isEqualTo(InputNormalization.PYTORCH);
    assertThat(m.outputKind()).isEqualTo(OutputKind.LOGITS);
    assertThat(m.binCount()).isEqualTo(313);
    assertThat(m.temperature()).isEqualTo(1 / 2.606);
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(pth)));
    assertThat(m.extra()).containsEntry(TorchImporter.SOURCE_SHA256, hash)
        .containsEntry(TorchImporter.SOURCE_FILE, TorchFixtures.ZIP)
        .containsEntry(TorchImporter.SOURCE_FORMAT, TorchImporter.PYTORCH);
    assertThat(m.modelCard()).contains(hash).contains("BSD-2-Clause");

    Path out = dir.resolve("small.onnx");
    ModelWriter.write(out, model);
    ModelFile back = ModelFile.read(out);
    assertThat(back.metadata().extra()).containsEntry(TorchImporter.SOURCE_SHA256, hash);
    assertThat(back.metadata().inputNormalization()).isEqualTo(InputNormalization.PYTORCH);
  }

  @Test
  void refusesAForbiddenClassByNameWithoutRunningIt() {
    Path pth = TorchFixtures.copy(TorchFixtures.FORBIDDEN_CLASS, dir);
    assertThatThrownBy(() -> TorchImporter.importModel(pth))
        .isInstanceOf(TorchFormatException.class)
        .hasMessageContaining(pth.toString())
        .hasMessageContaining("'posix.system'")
        .hasMessageContaining("refused");
  }

  @Test
  void refusesATruncatedZip() throws Exception {
    byte[] whole = Files.readAllBytes(TorchFixtures.copy(TorchFixtures.ZIP, dir));
    Path cut = dir.resolve("cut.pth");
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
    assertThatThrownBy(() -> TorchImporter.importModel(cut))
        .isInstanceOf(TorchFormatException.class)
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("cut short");
  }

  @Test
  void refusesATruncatedLegacyFileNamingTheStorage() throws Exception {
    byte[] whole = Files.readAllBytes(TorchFixtures.copy(TorchFixtures.LEGACY, dir));
    Path cut = dir.resolve("cut-legacy.pth");
    Files.write(cut, Arrays.copyOf(whole, whole.length - 100));
    assertThatThrownBy(() -> TorchImporter.importModel(cut))
        .isInstanceOf(TorchFormatException.class)
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("cut short")
        .hasMessageContaining("'model");
  }

  @Test
  void aMissingKeyIsNamed() {
    Path pth = TorchFixtures.copy(TorchFixtures.MISSING_KEY, dir);
    assertThatThrownBy(() -> TorchImporter.importModel(pth))
        .isInstanceOf(TorchFormatException.class)
        .hasMessageContaining(pth.toString())
        .hasMessageContaining("has no key 'model3.6.running_var'")
        .hasMessageContaining("conv3_3norm")
        .hasMessageContaining("[4]");
  }

  @Test
  void aMisshapedKeyIsNamedWithBothShapes() {
    Path pth = TorchFixtures.copy(TorchFixtures.MISSHAPED_KEY, dir);
    assertThatThrownBy(() -> TorchImporter.importModel(pth))
        .isInstanceOf(TorchFormatException.class)
        .hasMessageContaining(pth.toString())
        .hasMessageContaining("key 'model4.2.weight' has shape [8, 9, 3, 3], expected [8, 8, 3,"
            + " 3]");
  }

  @Test
  void refusesAFileThatIsNoTorchSave() throws Exception {
    Path text = dir.resolve("notes.pth");
    Files.writeString(text, "hello");
    assertThatThrownBy(() -> TorchImporter.importModel(text))
        .isInstanceOf(TorchFormatException.class)
        .hasMessageContaining(text.toString())
        .hasMessageContaining("torch.save");
  }
}
