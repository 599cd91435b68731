package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.Device;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxModel;
import io.github.colorize.model.onnx.OnnxValueInfo;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import io.github.colorize.model.onnx.OnnxWriter;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.spi.BackendProvider;
import io.github.colorize.tensor.FloatTensor;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OnnxBackendTest {

  private final OnnxBackendProvider provider = new OnnxBackendProvider();

  @Test
  void isFoundByServiceLoaderWithTheHighestPriority() {
    List<BackendProvider> found = ServiceLoader.load(BackendProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("onnx")).toList();
    assertThat(found).singleElement().isInstanceOf(OnnxBackendProvider.class);
    assertThat(provider.priority()).isEqualTo(100);
    assertThat(provider.version()).matches("ONNX Runtime \\d+\\.\\d+\\.\\d+");
    assertThat(provider.availability(Device.cpu()).available()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"64, 64, 0", "48, 80, 120", "80, 48, 312", "8, 16, 7"})
  void zeroWeightsGiveTheHeadBiasAtEveryPixel(int h, int w, int bin) {
    float[] oneHot = new float[313];
    oneHot[bin] = 1f;
    ModelFile model = TestModels.constantHead(Eccv16.logits(0.25), oneHot);
    try (Backend backend = provider.open(model, BackendOptions.defaults())) {
      FloatTensor logits = backend.run(TestModels.input(h * w, 2, h, w));
      assertThat(logits.shape()).containsExactly(2, 313, h / 4, w / 4);
      float[] data = logits.data();
      int plane = (h / 4) * (w / 4);
      for (int i = 0; i < data.length; i++) {
        int channel = (i / plane) % 313;
        if (data[i] != (channel == bin ? 1f : 0f)) {
          throw new AssertionError("logit " + i + " (channel " + channel + ") is " + data[i]);
        }
      }
    }
  }

  @Test
  void abHeadGivesTwoChannelsScaledBy110() {
    ModelFile model = TestModels.constantHead(Eccv16.ab(0.25), new float[] {0.5f, -0.25f});
    try (Backend backend = provider.open(model, BackendOptions.defaults())) {
      FloatTensor ab = backend.run(TestModels.input(3, 1, 48, 80));
      assertThat(ab.shape()).containsExactly(1, 2, 12, 20);
      float[] data = ab.data();
      for (int i = 0; i < 240; i++) {
        assertThat(data[i]).isEqualTo(55f);
        assertThat(data[240 + i]).isEqualTo(-27.5f);
      }
    }
    // And with random weights the ab network runs and gives non-trivial values.
    try (Backend backend = provider.open(TestModels.random(Eccv16.ab(0.25), 9),
        BackendOptions.defaults())) {
      FloatTensor ab = backend.run(TestModels.input(4, 2, 64, 64));
      assertThat(ab.shape()).containsExactly(2, 2, 16, 16);
      assertThat(ab.maxAbs()).isGreaterThan(0f).isFinite();
    }
  }

  @Test
  void rejectsInputsOfTheWrongShapeClearly() {
    try (Backend backend = provider.open(TestModels.random(Eccv16.logits(0.25), 1),
        BackendOptions.defaults())) {
      assertThatThrownBy(() -> backend.run(FloatTensor.zeros(1, 3, 64, 64)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 3, 64, 64]")
          .hasMessageContaining("expected [N,1,H,W]");
      assertThatThrownBy(() -> backend.run(FloatTensor.zeros(1, 64, 64)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 64, 64]");
      assertThatThrownBy(() -> backend.run(FloatTensor.zeros(1, 1, 60, 64)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("60x64")
          .hasMessageContaining("multiples of 8");
    }
  }

  @Test
  void honoursSizesTheModelFixes() {
    // Foreign exports often fix the input size; a wrong size gets our message, not ORT's.
    ModelFile loose = TestModels.random(Eccv16.logits(0.25), 2);
    OnnxGraph g = loose.onnx().graph();
    OnnxGraph fixed = new OnnxGraph(g.name(), g.nodes(), g.initializers(),
        List.of(OnnxValueInfo.floatTensor("l", Dim.of(1), Dim.of(1), Dim.of(64), Dim.of(64))),
        List.of(OnnxValueInfo.floatTensor("logits", Dim.of(1), Dim.of(313), Dim.of(16),
            Dim.of(16))));
    OnnxModel onnx = loose.onnx();
    ModelFile model = ModelFile.fromBytes(OnnxWriter.toBytes(new OnnxModel(onnx.irVersion(),
        onnx.opsetVersion(), onnx.producerName(), onnx.producerVersion(), fixed,
        onnx.metadata())), "fixed.onnx");
    try (Backend backend = provider.open(model, BackendOptions.defaults())) {
      assertThat(backend.run(TestModels.input(1, 1, 64, 64)).shape())
          .containsExactly(1, 313, 16, 16);
      assertThatThrownBy(() -> backend.run(TestModels.input(1, 1, 48, 80)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fixed.onnx")
          .hasMessageContaining("height is 48").hasMessageContaining("only accepts 64");
      assertThatThrownBy(() -> backend.run(TestModels.input(1, 2, 64, 64)))
          .hasMessageContaining("batch size is 2");
    }
  }

  @Test
  void closeTwiceIsSafeAndRunAfterCloseFailsClearly() {
    Backend backend = provider.open(TestModels.random(Eccv16.logits(0.25), 1),
        BackendOptions.defaults());
    assertThat(backend.name()).isEqualTo("onnx");
    assertThat(backend.device()).isEqualTo(Device.cpu());
    backend.run(TestModels.input(1, 1, 32, 32));
    backend.close();
    backend.close();
    assertThatThrownBy(() -> backend.run(TestModels.input(1, 1, 32, 32)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed")
        .hasMessageContaining("in-memory");
  }

  @Test
  void explicitThreadCountRunsAndAgrees() {
    ModelFile model = TestModels.random(Eccv16.logits(0.25), 5);
    FloatTensor input = TestModels.input(8, 1, 48, 48);
    try (Backend one = provider.open(model, new BackendOptions(Device.cpu(), false, 1));
        Backend two = provider.open(model, new BackendOptions(Device.cpu(), false, 2))) {
      float[] a = one.run(input).data();
      float[] b = two.run(input).data();
      for (int i = 0; i < a.length; i++) {
        assertThat(b[i]).isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-4f));
      }
    }
  }
}
