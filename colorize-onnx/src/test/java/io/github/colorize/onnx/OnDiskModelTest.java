package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.Colorizer;
import io.github.colorize.Device;
import io.github.colorize.ModelSource;
import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelFormatException;
import io.github.colorize.model.ModelWriter;
import io.github.colorize.model.testing.ThreadAllocations;
import io.github.colorize.spi.Availability;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.spi.BackendProvider;
import io.github.colorize.tensor.FloatTensor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model given as a file reaches ONNX Runtime as its path: the weights never enter the Java heap,
 * the colors are those of the same model loaded from bytes, and a file replaced after it was
 * checked is refused by name rather than run.
 */
class OnDiskModelTest {

  private static final Eccv16 NET = Eccv16.logits(0.125);

  @TempDir
  Path dir;

  /** The onnx backend, recording the models it is asked to open. */
  private static final class Recording implements BackendProvider {
    final OnnxBackendProvider onnx = new OnnxBackendProvider();
    final List<ModelFile> opened = new ArrayList<>();

    @Override
    public String name() {
      return onnx.name();
    }

    @Override
    public int priority() {
      return onnx.priority();
    }

    @Override
    public String version() {
      return onnx.version();
    }

    @Override
    public Availability availability(Device device) {
      return onnx.availability(device);
    }

    @Override
    public Backend open(ModelFile model, BackendOptions options) {
      opened.add(model);
      return onnx.open(model, options);
    }
  }

  private static BufferedImage gradient() {
    BufferedImage image = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int v = (x * 5 + y * 3) % 256;
        image.setRGB(x, y, v << 16 | v << 8 | v);
      }
    }
    return image;
  }

  @Test
  void aModelFileRunsFromItsPathWithoutItsWeightsInTheHeap() throws Exception {
    Path file = dir.resolve("m.onnx");
    ModelWriter.write(file, TestModels.random(NET, 7));
    Recording recording = new Recording();
    int[] fromPath;
    try (Colorizer c = Colorizer.builder().model(file).backend(recording).inputSize(64)
        .build()) {
      fromPath = c.colorize(gradient()).getRGB(0, 0, 48, 40, null, 0, 48);
    }
    int[] fromBytes;
    try (Colorizer c = Colorizer.builder().model(ModelSource.bytes(Files.readAllBytes(file),
        "bytes")).backend(new OnnxBackendProvider()).inputSize(64).build()) {
      fromBytes = c.colorize(gradient()).getRGB(0, 0, 48, 40, null, 0, 48);
    }

    assertThat(recording.opened).singleElement().satisfies(model -> {
      assertThat(model.weightsLoaded()).as("weights read into the heap").isFalse();
      assertThat(model.file()).contains(file);
      assertThat(model.source()).isEqualTo(file.toString());
    });
    assertThat(fromPath).containsExactly(fromBytes);
  }

  @Test
  void aBackendFromTheFileComputesWhatTheWholeModelDoes() throws Exception {
    Path file = dir.resolve("m.onnx");
    ModelWriter.write(file, TestModels.random(NET, 8));
    FloatTensor input = TestModels.input(3, 1, 32, 40);
    ModelFile disk = ModelFile.onDisk(file);
    FloatTensor expected;
    try (Backend b = new OnnxBackendProvider().open(ModelFile.read(file),
        BackendOptions.defaults())) {
      expected = b.run(input);
    }
    long before = ThreadAllocations.soFar();
    try (Backend b = new OnnxBackendProvider().open(disk, BackendOptions.defaults())) {
      // Opening reads nothing of the file into the Java heap (ONNX Runtime reads it natively).
      assertThat(ThreadAllocations.soFar() - before).isLessThan(Files.size(file) / 4);
      assertThat(b.run(input).data()).containsExactly(expected.data());
    }
    assertThat(disk.weightsLoaded()).isFalse();
  }

  @Test
  void aFileReplacedAfterItWasCheckedIsRefusedByName() throws Exception {
    Path file = dir.resolve("m.onnx");
    ModelWriter.write(file, TestModels.random(NET, 9));
    ModelFile disk = ModelFile.onDisk(file);
    ModelWriter.write(file, TestModels.random(NET, 10));
    assertThatThrownBy(() -> new OnnxBackendProvider().open(disk, BackendOptions.defaults()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageStartingWith("model file " + file + ": ")
        .hasMessageContaining("changed since the model was loaded");
  }

  @Test
  void theNativeHeapIsTrimmedOnlyAfterLargeModelsAndCanBeTurnedOff() {
    assertThat(NativeHeapTrim.wanted(NativeHeapTrim.MIN_MODEL_BYTES)).isTrue();
    assertThat(NativeHeapTrim.wanted(NativeHeapTrim.MIN_MODEL_BYTES - 1)).isFalse();
    String previous = System.getProperty(NativeHeapTrim.PROPERTY);
    System.setProperty(NativeHeapTrim.PROPERTY, "false");
    try {
      assertThat(NativeHeapTrim.wanted(1L << 30)).isFalse();
    } finally {
      if (previous == null) {
        System.clearProperty(NativeHeapTrim.PROPERTY);
      } else {
        System.setProperty(NativeHeapTrim.PROPERTY, previous);
      }
    }
    // HotSpot 17.0.9+ on glibc reports what it gave back; elsewhere the trim is skipped quietly.
    NativeHeapTrim.trim().ifPresent(report -> assertThat(report).contains("RSS"));
  }
}
