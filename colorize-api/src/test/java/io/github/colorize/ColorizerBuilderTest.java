package io.github.colorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.FakeBackends.FakeProvider;
import io.github.colorize.image.ImageSize;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelMetadata;
import io.github.colorize.model.ModelFormatException;
import io.github.colorize.model.ModelWriter;
import io.github.colorize.model.OutputKind;
import io.github.colorize.model.onnx.OnnxModel;
import io.github.colorize.spi.BackendException;
import io.github.colorize.spi.BackendRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder's checks and error messages. colorize-api has no backend on its class path, so this
 * is where "no backend found" is real; elsewhere a {@link FakeProvider} (a test double handed to
 * the builder, not registered) stands in where a test needs a backend to open.
 */
class ColorizerBuilderTest {

  private static final String FOREIGN = "io/github/colorize/model/foreign-ab-stride1.onnx";

  @TempDir
  Path dir;

  @AfterEach
  void clearProperty() {
    System.clearProperty(Colorizer.BACKEND_PROPERTY);
  }

  private static ModelFile tinyModel() {
    return tinyModel(metadata -> metadata);
  }

  /** A tiny eccv16 with random weights and the default metadata, edited. */
  private static ModelFile tinyModel(UnaryOperator<ModelMetadata.Builder> edit) {
    Eccv16 net = Eccv16.logits(0.125);
    return ModelFile.of(net, net.randomWeights(1),
        edit.apply(net.defaultMetadata().toBuilder()).build());
  }

  @Test
  void optionsAreCheckedWhenSet() {
    Colorizer.Builder b = Colorizer.builder();
    assertThatThrownBy(() -> b.temperature(-0.1)).hasMessageContaining("temperature is -0.1");
    assertThatThrownBy(() -> b.temperature(Double.NaN)).hasMessageContaining("temperature is NaN");
    assertThatThrownBy(() -> b.temperature(2e6)).hasMessageContaining("expected in [0, ");
    assertThatThrownBy(() -> b.inputSize(0)).hasMessageContaining("input size is 0");
    assertThatThrownBy(() -> b.inputSize(100))
        .hasMessageContaining("input size is 100, expected a multiple of 8");
    assertThatThrownBy(() -> b.inputSize(8192)).hasMessageContaining("[8, 4096]");
    assertThatThrownBy(() -> b.threads(-1)).hasMessageContaining("threads is -1");
    assertThatThrownBy(() -> b.batchSize(0)).hasMessageContaining("batch size is 0");
    assertThatThrownBy(() -> b.batchSize(5000)).hasMessageContaining("batch size is 5000");
    assertThatThrownBy(() -> b.backend(" ")).hasMessageContaining("backend name is blank");
    assertThatThrownBy(() -> b.outputStride(0)).hasMessageContaining("output stride is 0");
    assertThatThrownBy(() -> b.jpegQuality(1.5f)).hasMessageContaining("JPEG quality is 1.5");
    assertThatThrownBy(() -> b.model((Path) null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("model path");
    assertThatThrownBy(() -> b.device(null)).isInstanceOf(NullPointerException.class);
    // The valid edges pass.
    b.temperature(0).temperature(1e6).inputSize(8).inputSize(4096).threads(0).batchSize(1024);
  }

  @Test
  void noBackendOnTheClassPathSaysWhichArtifactToAdd() {
    assertThat(BackendRegistry.discover().providers()).isEmpty();
    assertThatThrownBy(() -> Colorizer.builder().model(tinyModel()).build())
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("no colorize backend found on the class path")
        .hasMessageContaining("io.github.colorize:colorize-onnx")
        .hasMessageContaining("io.github.colorize:colorize-dl4j");
  }

  @Test
  void aNamedBackendThatIsMissingNamesItsArtifact() {
    BackendRegistry registry = BackendRegistry.of(java.util.List.of(new FakeProvider("fake", 1)));
    assertThatThrownBy(() -> registry.select("dl4j", Device.cpu()))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("no colorize backend named 'dl4j'")
        .hasMessageContaining("- fake (Fake fake 1.0, priority 1, available on the cpu) from ")
        .hasMessageContaining("the 'dl4j' backend is in io.github.colorize:colorize-dl4j");
  }

  @Test
  void theSystemPropertyNamesTheBackend() {
    System.setProperty(Colorizer.BACKEND_PROPERTY, "dl4j");
    assertThatThrownBy(() -> Colorizer.builder().model(tinyModel()).build())
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("system property colorize.backend = 'dl4j'")
        .hasMessageContaining("io.github.colorize:colorize-dl4j");
  }

  @Test
  void withoutAModelTheEmbeddedDefaultModelIsUsed() throws Exception {
    FakeProvider fake = new FakeProvider("fake", 1);
    try (Colorizer colorizer = Colorizer.builder().backend(fake).build()) {
      assertThat(colorizer.modelSource()).isEqualTo("classpath:" + ModelSource.DEFAULT_MODEL_RESOURCE);
      assertThat(colorizer.metadata().hasPrior()).as("the training prior is recorded").isTrue();
      assertThat(colorizer.metadata().outputKind()).isEqualTo(OutputKind.LOGITS);
    }
    assertThat(fake.lastOptions).as("the backend was opened").isNotNull();
  }

  @Test
  void theEmbeddedDefaultModelStaysWithinItsSizeBudget() throws Exception {
    // Issue 6: the model shipped inside the API jar is at most 16 MB.
    try (var in = Colorizer.class.getClassLoader()
        .getResourceAsStream(ModelSource.DEFAULT_MODEL_RESOURCE)) {
      assertThat(in).as(ModelSource.DEFAULT_MODEL_RESOURCE).isNotNull();
      assertThat(in.readAllBytes().length).isBetween(1, 16 * 1024 * 1024);
    }
  }

  @Test
  void aMissingModelFileIsNamed() {
    Path missing = dir.resolve("nope.onnx");
    assertThatThrownBy(() -> Colorizer.builder().backend(new FakeProvider("fake", 1))
        .model(missing).build())
        .isInstanceOf(ColorizeException.class)
        .hasMessageContaining("cannot read model " + missing)
        .hasMessageContaining("no such model file");
  }

  @Test
  void anInvalidModelListsTheBackendsFound() throws Exception {
    Path garbage = dir.resolve("garbage.onnx");
    Files.writeString(garbage, "this is not an onnx file", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Colorizer.builder().backend(new FakeProvider("fake", 1))
        .model(garbage).build())
        .isInstanceOf(ColorizeException.class)
        .hasCauseInstanceOf(ModelFormatException.class)
        .hasMessageContaining("model file " + garbage)
        .hasMessageContaining("backends found on the class path:\n  - fake (Fake fake 1.0");
  }

  @Test
  void anAbExportWithoutMetadataNeedsItsOutputKindStated() throws Exception {
    Eccv16 net = Eccv16.ab(0.125);
    Path file = dir.resolve("ab.onnx");
    ModelWriter.write(file, OnnxModel.of(net.graph(net.randomWeights(3)), Map.of()));
    FakeProvider fake = new FakeProvider("fake", 1);
    assertThatThrownBy(() -> Colorizer.builder().backend(fake).model(file).build())
        .isInstanceOf(ColorizeException.class)
        .hasMessageContaining("expected 313 for logits output")
        .hasMessageContaining(".outputKind(");
    try (Colorizer c = Colorizer.builder().backend(fake).model(file)
        .inputNormalization(InputNormalization.CAFFE).outputKind(OutputKind.AB).build()) {
      assertThat(c.metadata().outputKind()).isEqualTo(OutputKind.AB);
      assertThat(c.metadata().inputNormalization()).isEqualTo(InputNormalization.CAFFE);
      assertThat(c.metadata().outputStride()).isEqualTo(4);
      assertThatThrownBy(() -> c.predict(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("outputs ab directly");
    }
  }

  @Test
  void aStreamModelIsReadAtBuild() throws Exception {
    ModelFile model = tinyModel();
    FakeProvider fake = new FakeProvider("fake", 1);
    try (Colorizer c = Colorizer.builder().backend(fake)
        .model(new ByteArrayInputStream(model.bytes())).build()) {
      assertThat(c.modelSource()).isEqualTo("model stream");
      assertThat(c.metadata()).isEqualTo(model.metadata());
    }
  }

  @Test
  void anOutputStrideIsDerivedFromTheSizesAGraphFixes() {
    FakeProvider fake = new FakeProvider("fake", 1);
    try (Colorizer c = Colorizer.builder().backend(fake).model(ModelSource.classpath(FOREIGN))
        .outputKind(OutputKind.AB).build()) {
      assertThat(c.metadata().outputStride()).isEqualTo(1);
      // The graph fixes 16 x 16: every photo goes in at that size.
      assertThat(c.networkSize(640, 480)).isEqualTo(new ImageSize(16, 16));
    }
    assertThatThrownBy(() -> Colorizer.builder().backend(fake)
        .model(ModelSource.classpath(FOREIGN)).outputKind(OutputKind.AB).inputSize(224).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only accepts 16x16 input")
        .hasMessageContaining("input size 224");
    assertThat(fake.closes.get()).as("the failed build opened nothing").isEqualTo(1);
  }

  @Test
  void temperatureDefaultsToTheModelsRecommendation() {
    ModelFile warm = tinyModel(metadata -> metadata.temperature(0.5));
    FakeProvider fake = new FakeProvider("fake", 1);
    try (Colorizer c = Colorizer.builder().backend(fake).model(warm).build()) {
      assertThat(c.temperature()).isEqualTo(0.5);
    }
    try (Colorizer c = Colorizer.builder().backend(fake).model(warm).temperature(0).build()) {
      assertThat(c.temperature()).isEqualTo(0.0);
    }
    try (Colorizer c = Colorizer.builder().backend(fake).model(tinyModel()).build()) {
      assertThat(c.temperature()).isEqualTo(0.38);
    }
  }

  @Test
  void inputSizeDefaultsToTheModelsRecommendation() {
    ModelFile small = tinyModel(metadata -> metadata.inputSize(112));
    FakeProvider fake = new FakeProvider("fake", 1);
    try (Colorizer c = Colorizer.builder().backend(fake).model(small).build()) {
      assertThat(c.networkSize(4000, 3000)).isEqualTo(new ImageSize(112, 112));
    }
    try (Colorizer c = Colorizer.builder().backend(fake).model(small).inputSize(256).build()) {
      assertThat(c.networkSize(4000, 3000)).isEqualTo(new ImageSize(256, 256));
    }
  }

  @Test
  void networkSizeIsSquareOrKeepsTheShortSide() {
    FakeProvider fake = new FakeProvider("fake", 1);
    try (Colorizer square = Colorizer.builder().backend(fake).model(tinyModel()).build();
        Colorizer aspect = Colorizer.builder().backend(fake).model(tinyModel()).inputSize(224)
            .keepAspectRatio(true).build()) {
      assertThat(square.networkSize(4000, 3000)).isEqualTo(new ImageSize(224, 224));
      assertThat(aspect.networkSize(4000, 3000)).isEqualTo(new ImageSize(296, 224));
      assertThat(aspect.networkSize(30, 300)).isEqualTo(new ImageSize(224, 2240));
    }
  }

  @Test
  void requiredDeviceFailuresAreTheBackendsOwn() {
    FakeProvider fake = new FakeProvider("fake", 1);
    assertThatThrownBy(() -> Colorizer.builder().backend(fake).model(tinyModel())
        .device(Device.cuda(0)).requireDevice().build())
        .isInstanceOf(BackendException.class)
        .hasMessage("fake cannot use cuda:0");
    try (Colorizer c = Colorizer.builder().backend(fake).model(tinyModel()).threads(3)
        .device(Device.cuda(1)).build()) {
      assertThat(fake.lastOptions.device()).isEqualTo(Device.cuda(1));
      assertThat(fake.lastOptions.requireDevice()).isFalse();
      assertThat(fake.lastOptions.threads()).isEqualTo(3);
      assertThat(c.device()).isEqualTo(Device.cpu());
      assertThat(c.backendName()).isEqualTo("fake");
      assertThat(c.backendVersion()).isEqualTo("Fake fake 1.0");
    }
  }

  @Test
  void closingReleasesTheBackendOnceAndLaterCallsFail() throws Exception {
    FakeProvider fake = new FakeProvider("fake", 1);
    Colorizer c = Colorizer.builder().backend(fake).model(tinyModel()).threads(2).build();
    assertThat(c.isClosed()).isFalse();
    c.close();
    c.close();
    assertThat(fake.closes.get()).isEqualTo(1);
    assertThat(c.isClosed()).isTrue();
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    assertThatThrownBy(() -> c.colorize(image)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
    assertThatThrownBy(() -> c.predict(image)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
    Path in = dir.resolve("in.png");
    javax.imageio.ImageIO.write(image, "png", in.toFile());
    assertThatThrownBy(() -> c.colorize(in, dir.resolve("out.png")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
  }
}
