package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.Device;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.spi.Availability;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendException;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.tensor.FloatTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CUDA on a machine and ONNX Runtime build without it: the CPU artifact really fails to add the
 * CUDA provider, so these exercise the real fallback path, no mocks.
 */
class OnnxDeviceFallbackTest {

  private final OnnxBackendProvider provider = new OnnxBackendProvider();
  private final ModelFile model = TestModels.random(Eccv16.logits(0.25), 3);

  @Test
  void availabilityAnswersWithoutThrowing() {
    assertThat(provider.availability(Device.cpu())).isEqualTo(Availability.yes());
    Availability cuda = provider.availability(Device.cuda(0));
    assertThat(cuda.available()).isFalse();
    assertThat(cuda.reason()).contains("com.microsoft.onnxruntime:onnxruntime_gpu")
        .contains("CUDA 12").contains("cuDNN 9");
  }

  @Test
  void cudaFallsBackToTheCpuWithOneWarning() {
    float[][] out = new float[2][];
    String log = TestModels.captureStderr(() -> {
      try (Backend backend = provider.open(model, new BackendOptions(Device.cuda(0), false, 0))) {
        assertThat(backend.device()).isEqualTo(Device.cpu());
        out[0] = backend.run(TestModels.input(5, 1, 32, 32)).data();
      }
    });
    List<String> warnings = log.lines().filter(l -> l.contains("WARN")).toList();
    assertThat(warnings).singleElement().asString().contains("cuda:0")
        .contains(model.source()).contains("CUDA shared provider")
        .contains("onnxruntime_gpu").contains("running on the CPU instead");
    try (Backend cpu = provider.open(model, BackendOptions.defaults())) {
      out[1] = cpu.run(TestModels.input(5, 1, 32, 32)).data();
    }
    assertThat(out[0]).containsExactly(out[1]);
  }

  @Test
  void requiredCudaFailsNamingTheArtifact() {
    assertThatThrownBy(() -> provider.open(model, new BackendOptions(Device.cuda(1), true, 0)))
        .isInstanceOf(BackendException.class).hasMessageContaining("cuda:1")
        .hasMessageContaining("com.microsoft.onnxruntime:onnxruntime_gpu")
        .hasMessageContaining("CUDA 12 and cuDNN 9");
  }

  @Test
  void cpuBackendStillWorksAfterAFailedCudaAttempt() {
    assertThatThrownBy(() -> provider.open(model, new BackendOptions(Device.cuda(0), true, 0)))
        .isInstanceOf(BackendException.class);
    try (Backend backend = provider.open(model, BackendOptions.defaults())) {
      FloatTensor logits = backend.run(TestModels.input(6, 1, 16, 16));
      assertThat(logits.shape()).containsExactly(1, 313, 4, 4);
    }
  }
}
