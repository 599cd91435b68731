package io.github.colorize.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.model.onnx.OnnxModel;
import io.github.colorize.model.onnx.proto.OnnxProtos.ModelProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.TensorProto;
import io.github.colorize.model.testing.ThreadAllocations;
import io.github.colorize.tensor.FloatTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model file left on disk ({@link ModelFile#onDisk}): the same outline, metadata and errors as
 * a model read whole, without its weights in the heap until asked for, and never other weights
 * than the file held when it was checked.
 */
class ModelFileOnDiskTest {

  /** Width 0.25: ~8.7 MB of weights, large enough that reading them would show. */
  private static final Eccv16 NET = Eccv16.logits(0.25);

  @TempDir
  Path dir;

  private Path write(String name, Eccv16 net, long seed) throws IOException {
    Path file = dir.resolve(name);
    ModelWriter.write(file, net, net.randomWeights(seed),
        ModelFileTest.richMetadata(net));
    return file;
  }

  @Test
  void outlineAndMetadataAreThoseOfTheWholeModel() throws IOException {
    Path file = write("m.onnx", NET, 1);
    ModelFile whole = ModelFile.read(file);
    ModelFile disk = ModelFile.onDisk(file);

    assertThat(disk.weightsLoaded()).isFalse();
    assertThat(disk.outline()).isEqualTo(whole.outline());
    assertThat(disk.outline().initializerNames()).hasSize(whole.onnx().graph().initializers()
        .size()).contains("conv1_1.weight", "conv8_3.weight");
    assertThat(disk.metadata()).isEqualTo(whole.metadata());
    assertThat(disk.metadata().prior()).containsExactly(whole.metadata().prior());
    assertThat(disk.missingMetadata()).isEmpty();
    assertThat(disk.source()).isEqualTo(file.toString());
    assertThat(disk.inputName()).isEqualTo("l");
    assertThat(disk.outputName()).isEqualTo("logits");
    assertThat(disk.inputMultiple()).isEqualTo(8);
    assertThat(disk.outputChannels()).isEqualTo(313);
    assertThat(disk.size()).isEqualTo(Files.size(file)).isGreaterThan(8_000_000);
    assertThat(disk.file()).contains(file);
    assertThat(whole.file()).isEmpty();
    assertThat(disk.weightsLoaded()).isFalse();

    // Asked for, the weights are read from the file, once, and are the file's.
    assertThat(disk.onnx()).isEqualTo(whole.onnx());
    assertThat(disk.weightsLoaded()).isTrue();
    assertThat(disk.onnx()).isSameAs(disk.onnx());
    assertThat(disk.bytes()).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void readingTheOutlineLeavesTheWeightsOnDisk() throws IOException {
    Path small = write("small.onnx", ModelFileTest.TINY, 2);
    Path large = write("large.onnx", NET, 2);
    long smallSize = Files.size(small);
    long largeSize = Files.size(large);
    ModelFile.onDisk(large); // class loading out of the measured calls
    long smallAllocated = allocatedWhile(() -> ModelFile.onDisk(small));
    long[] allocated = new long[1];
    ModelFile[] disk = new ModelFile[1];
    allocated[0] = allocatedWhile(() -> disk[0] = ModelFile.onDisk(large));
    long wholeAllocated = allocatedWhile(() -> ModelFile.read(large));

    assertThat(disk[0].weightsLoaded()).isFalse();
    // Reading the whole model allocates the file twice (bytes, floats), the outline a sliver
    // (~0.7 MB for the 129 MB width-1.0 file, buffers and the metadata's prior included) that
    // does not grow with the weights: the same graph with 16x the weights costs about the same.
    assertThat(wholeAllocated).isGreaterThan(2 * largeSize);
    assertThat(allocated[0]).isLessThan(largeSize / 4);
    assertThat(allocated[0] - smallAllocated).isLessThan((largeSize - smallSize) / 20);
  }

  @Test
  void filesWithoutMetadataTakeTheCallersDefaultsAsWhenReadWhole() throws IOException {
    Eccv16 ab = Eccv16.ab(0.0625);
    Path file = dir.resolve("port.onnx");
    ModelWriter.write(file, OnnxModel.of(ab.graph(ab.randomWeights(5)), Map.of()));
    assertThatThrownBy(() -> ModelFile.onDisk(file)).isInstanceOf(ModelFormatException.class)
        .hasMessage(messageOf(() -> ModelFile.read(file)))
        .hasMessageContaining(file.toString()).hasMessageContaining("expected 313");
    ModelMetadata defaults = ModelMetadata.builder().outputKind(OutputKind.AB)
        .inputNormalization(InputNormalization.CAFFE).build();
    ModelFile disk = ModelFile.onDisk(file, "port model", defaults);
    assertThat(disk.metadata()).isEqualTo(defaults);
    assertThat(disk.missingMetadata()).isEqualTo(ModelFile.read(file, defaults)
        .missingMetadata());
    assertThat(disk.source()).isEqualTo("port model");
    // Relabelling reads the weights and gives a complete model in memory.
    ModelFile labelled = disk.withMetadata(defaults.toBuilder().modelCard("port").build());
    assertThat(ModelFile.fromBytes(labelled.bytes(), "labelled").onnx().graph())
        .isEqualTo(ModelFile.read(file, defaults).onnx().graph());
  }

  // --- broken files: the same errors as a whole read, naming the file --------------------------

  @Test
  void truncatedFilesGiveTheErrorOfAWholeRead() throws IOException {
    byte[] bytes = Files.readAllBytes(write("good.onnx", NET, 3));
    // Cut inside the weights, and inside the metadata at the end.
    for (int keep : new int[] {bytes.length / 2, bytes.length - 100}) {
      Path cut = dir.resolve("cut-" + keep + ".onnx");
      Files.write(cut, Arrays.copyOf(bytes, keep));
      assertThatThrownBy(() -> ModelFile.onDisk(cut)).isInstanceOf(ModelFormatException.class)
          .hasMessageStartingWith("model file " + cut + ": ")
          .hasMessageContaining("truncated or corrupt").hasMessageContaining("of " + keep)
          .satisfies(e -> assertThat(((ModelFormatException) e).source())
              .isEqualTo(cut.toString()));
      assertThatThrownBy(() -> ModelFile.read(cut)).hasMessageContaining("truncated or corrupt");
    }
  }

  @Test
  void garbageEmptyMissingAndDirectoryNameTheFile() throws IOException {
    Path text = dir.resolve("notes.onnx");
    Files.writeString(text, "These are notes, not a model.\n".repeat(20));
    assertThatThrownBy(() -> ModelFile.onDisk(text)).isInstanceOf(ModelFormatException.class)
        .hasMessageStartingWith("model file " + text + ": ");
    Path empty = dir.resolve("empty.onnx");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> ModelFile.onDisk(empty)).isInstanceOf(ModelFormatException.class)
        .hasMessage(messageOf(() -> ModelFile.read(empty))).hasMessageContaining("empty");
    Path none = dir.resolve("none.onnx");
    assertThatThrownBy(() -> ModelFile.onDisk(none)).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(none.toString());
    assertThatThrownBy(() -> ModelFile.onDisk(dir)).isInstanceOf(IOException.class)
        .hasMessageContaining(dir.toString()).hasMessageContaining("directory");
  }

  @Test
  void aWeightOfTheWrongSizeIsNamedAsByAWholeRead() throws IOException {
    ModelFile good = ModelFile.of(ModelFileTest.TINY, ModelFileTest.WEIGHTS,
        ModelFileTest.TINY.defaultMetadata());
    ModelProto proto = ModelProto.parseFrom(good.bytes());
    ModelProto.Builder b = proto.toBuilder();
    int index = 0;
    while (!b.getGraph().getInitializer(index).getName().equals("conv3_2.weight")) {
      index++;
    }
    TensorProto w = b.getGraph().getInitializer(index);
    // One output channel more than the raw data holds.
    TensorProto wrong = w.toBuilder().setDims(0, w.getDims(0) + 1).build();
    b.getGraphBuilder().setInitializer(index, wrong);
    Path file = dir.resolve("misshaped.onnx");
    Files.write(file, b.build().toByteArray());

    assertThatThrownBy(() -> ModelFile.onDisk(file)).isInstanceOf(ModelFormatException.class)
        .hasMessage(messageOf(() -> ModelFile.read(file)))
        .hasMessageContaining(file.toString()).hasMessageContaining("'conv3_2.weight'")
        .hasMessageContaining("expected");
  }

  @Test
  void aBrokenGraphIsRefusedWithoutTheWeights() throws IOException {
    var g = ModelFileTest.TINY.graph(ModelFileTest.WEIGHTS);
    var cut = new java.util.ArrayList<>(g.nodes());
    cut.remove(cut.size() - 1);
    Path file = dir.resolve("cut-graph.onnx");
    ModelWriter.write(file, OnnxModel.of(new io.github.colorize.model.onnx.OnnxGraph(g.name(),
        cut, g.initializers(), g.inputs(), g.outputs()),
        MetadataCodec.encode(ModelFileTest.TINY.defaultMetadata())));
    assertThatThrownBy(() -> ModelFile.onDisk(file)).isInstanceOf(ModelFormatException.class)
        .hasMessage(messageOf(() -> ModelFile.read(file)))
        .hasMessageContaining("no node produces the graph output 'logits'");
  }

  // --- the file changes after it was checked ----------------------------------------------------

  @Test
  void aFileChangedAfterLoadingIsNeverUsedInstead() throws IOException {
    Path file = write("m.onnx", ModelFileTest.TINY, 4);
    ModelFile disk = ModelFile.onDisk(file);
    // Replaced (a new file, as ModelWriter and the model cache do) by other weights.
    Map<String, FloatTensor> other = ModelFileTest.TINY.randomWeights(5);
    ModelWriter.write(file, ModelFileTest.TINY, other, ModelFileTest.TINY.defaultMetadata());

    assertThatThrownBy(disk::onnx).isInstanceOf(ModelFormatException.class)
        .hasMessageStartingWith("model file " + file + ": ")
        .hasMessageContaining("changed since the model was loaded");
    assertThatThrownBy(disk::file).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("changed since the model was loaded");
    assertThatThrownBy(disk::bytes).isInstanceOf(ModelFormatException.class);
    assertThat(disk.weightsLoaded()).isFalse();
    Files.delete(file);
    assertThatThrownBy(disk::onnx).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("cannot be read again");
  }

  @Test
  void wholeReadsOfFilesOverOneChunkAreExact() throws IOException {
    // read(Path) reads in 1 MB chunks; a file of several chunks must come back byte for byte.
    Path file = write("m.onnx", NET, 6);
    assertThat(Files.size(file)).isGreaterThan(3 << 20);
    assertThat(ModelFile.read(file).bytes()).isEqualTo(Files.readAllBytes(file));
  }

  private static long allocatedWhile(ThrowingCall call) {
    long before = ThreadAllocations.soFar();
    try {
      call.run();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return ThreadAllocations.soFar() - before;
  }

  private static String messageOf(ThrowingCall call) {
    try {
      call.run();
    } catch (Exception e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a failure");
  }

  private interface ThrowingCall {
    void run() throws Exception;
  }
}
