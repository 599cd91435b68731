package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.ColorizeException;
import io.github.colorize.Colorizer;
import io.github.colorize.Device;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.spi.BackendException;
import io.github.colorize.spi.BackendRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backend discovery and its error messages with the real ONNX Runtime provider on the path. */
class ColorizerBackendSelectionTest {

  private static final ModelFile MODEL = TestModels.random(Eccv16.logits(0.25), 9);

  @TempDir
  Path dir;

  @AfterEach
  void clearProperty() {
    System.clearProperty(Colorizer.BACKEND_PROPERTY);
  }

  /** Where OnnxBackendProvider was loaded from: this module's classes folder or jar. */
  private static String onnxLocation() {
    String location = BackendRegistry.location(new OnnxBackendProvider());
    assertThat(location).doesNotContain("unknown");
    assertThat(Files.exists(Path.of(location))).as("%s exists", location).isTrue();
    return location;
  }

  @Test
  void theOnnxBackendIsFoundAndChosen() {
    assertThat(BackendRegistry.discover().providers()).extracting(p -> p.name())
        .contains("onnx");
    try (Colorizer colorizer = Colorizer.builder().model(MODEL).build()) {
      assertThat(colorizer.backendName()).isEqualTo("onnx");
      assertThat(colorizer.backendVersion()).startsWith("ONNX Runtime 1.");
      assertThat(colorizer.device()).isEqualTo(Device.cpu());
    }
    try (Colorizer colorizer = Colorizer.builder().model(MODEL).backend("ONNX").build()) {
      assertThat(colorizer.backendName()).isEqualTo("onnx");
    }
  }

  @Test
  void anUnknownBackendNameListsOnnxWithItsJar() {
    String location = onnxLocation();
    assertThatThrownBy(() -> Colorizer.builder().model(MODEL).backend("tensorflow").build())
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("no colorize backend named 'tensorflow'")
        .hasMessageContaining("backends found on the class path:")
        .hasMessageContaining("- onnx (ONNX Runtime 1.")
        .hasMessageContaining("priority 100, available on the cpu) from " + location)
        .hasMessageContaining("not on the class path: dl4j (io.github.colorize:colorize-dl4j)");
    assertThatThrownBy(() -> Colorizer.builder().model(MODEL).backend("dl4j").build())
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("no colorize backend named 'dl4j'")
        .hasMessageContaining(location)
        .hasMessageEndingWith("the 'dl4j' backend is in io.github.colorize:colorize-dl4j: add it"
            + " to the dependencies");
    System.setProperty(Colorizer.BACKEND_PROPERTY, "tensorflow");
    assertThatThrownBy(() -> Colorizer.builder().model(MODEL).build())
        .isInstanceOf(BackendException.class)
        .hasMessageStartingWith("system property colorize.backend = 'tensorflow'")
        .hasMessageContaining(location);
    // The builder's name wins over the property.
    try (Colorizer colorizer = Colorizer.builder().model(MODEL).backend("onnx").build()) {
      assertThat(colorizer.backendName()).isEqualTo("onnx");
    }
  }

  @Test
  void anUnusableModelListsTheBackendsToo() throws Exception {
    Path broken = dir.resolve("broken.onnx");
    Files.write(broken, new byte[] {8, 7, 18, 3, 'x', 'y'});
    assertThatThrownBy(() -> Colorizer.builder().model(broken).build())
        .isInstanceOf(ColorizeException.class)
        .hasMessageContaining("model file " + broken)
        .hasMessageContaining("- onnx (ONNX Runtime")
        .hasMessageContaining(onnxLocation());
  }

  @Test
  void cudaFallsBackToTheCpuUnlessRequired() {
    try (Colorizer colorizer = Colorizer.builder().model(MODEL).device(Device.cuda(0)).build()) {
      assertThat(colorizer.device()).isEqualTo(Device.cpu());
    }
    // The backend's own exception, naming the GPU artifact.
    assertThatThrownBy(() -> Colorizer.builder().model(MODEL).device(Device.cuda(0))
        .requireDevice().build())
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("cuda:0")
        .hasMessageContaining("com.microsoft.onnxruntime:onnxruntime_gpu");
  }
}
