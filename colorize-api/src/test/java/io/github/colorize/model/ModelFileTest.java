package io.github.colorize.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.model.onnx.OnnxGraph;
import io.github.colorize.model.onnx.OnnxModel;
import io.github.colorize.model.onnx.OnnxNode;
import io.github.colorize.model.onnx.OnnxReader;
import io.github.colorize.model.onnx.OnnxValueInfo;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import io.github.colorize.model.onnx.OnnxWriter;
import io.github.colorize.tensor.FloatTensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

  /** A tiny eccv16 (4 to 32 hidden channels) keeps these tests fast. */
  static final Eccv16 TINY = Eccv16.logits(0.0625);
  static final Map<String, FloatTensor> WEIGHTS = TINY.randomWeights(42);

  @TempDir
  Path dir;

  static double[] prior313() {
    double[] prior = new double[313];
    for (int i = 0; i < prior.length; i++) {
      prior[i] = (i + 1) / (313.0 * 314.0 / 2.0);
    }
    return prior;
  }

  static ModelMetadata richMetadata(Eccv16 net) {
    return net.defaultMetadata().toBuilder().temperature(0.2).inputSize(112).prior(prior313())
        .modelCard("Tiny test network.\nSecond line, with \u00e9.")
        .extra(MetadataKeys.LICENSE, "CC-BY-4.0").extra(MetadataKeys.RECIPE, "{\"lr\":3e-5}")
        .extra(MetadataKeys.DATA_MANIFEST, "sha256:abc").extra(MetadataKeys.LOSS, "full")
        .extra(MetadataKeys.METRICS, "auc=91.2").build();
  }

  @Test
  void writeThenReadGivesTheSameGraphWeightsAndMetadata() throws IOException {
    ModelMetadata metadata = richMetadata(TINY);
    Path file = dir.resolve("tiny.onnx");
    ModelWriter.write(file, TINY, WEIGHTS, metadata);

    ModelFile model = ModelFile.read(file);
    assertThat(model.metadata()).isEqualTo(metadata);
    assertThat(model.metadata().prior()).containsExactly(prior313());
    assertThat(model.metadata().license()).isEqualTo("CC-BY-4.0");
    assertThat(model.missingMetadata()).isEmpty();
    assertThat(model.source()).isEqualTo(file.toString());
    assertThat(model.onnx().graph()).isEqualTo(TINY.graph(WEIGHTS));
    for (Map.Entry<String, FloatTensor> w : WEIGHTS.entrySet()) {
      assertThat(model.onnx().graph().initializers().get(w.getKey())).isEqualTo(w.getValue());
    }
    assertThat(model.onnx().irVersion()).isEqualTo(OnnxModel.IR_VERSION);
    assertThat(model.onnx().opsetVersion()).isEqualTo(OnnxModel.OPSET_VERSION);
    assertThat(model.onnx().producerName()).isEqualTo("colorize");
    assertThat(model.onnx().metadata()).containsEntry("colorize.output", "logits")
        .containsEntry("colorize.input_normalization", "(L-50)/100")
        .containsEntry("colorize.license", "CC-BY-4.0");
    assertThat(model.bytes()).isEqualTo(Files.readAllBytes(file));
    assertThat(model.inputName()).isEqualTo("l");
    assertThat(model.outputName()).isEqualTo("logits");
    assertThat(model.inputMultiple()).isEqualTo(8);
    assertThat(model.outputChannels()).isEqualTo(313);
  }

  @Test
  void inMemoryModelEqualsTheWrittenOne() throws IOException {
    ModelMetadata metadata = richMetadata(TINY);
    ModelFile memory = ModelFile.of(TINY, WEIGHTS, metadata);
    Path file = dir.resolve("m.onnx");
    ModelWriter.write(file, memory);
    ModelFile read = ModelFile.read(file);
    assertThat(read.onnx()).isEqualTo(memory.onnx());
    assertThat(read.metadata()).isEqualTo(memory.metadata());
    assertThat(ModelFile.read(new ByteArrayInputStream(memory.bytes()), "stream").onnx())
        .isEqualTo(memory.onnx());
  }

  @Test
  void abNetworkRoundTrips() {
    Eccv16 ab = Eccv16.ab(0.0625);
    ModelFile model = ModelFile.of(ab, ab.randomWeights(1), ab.defaultMetadata());
    ModelFile back = ModelFile.fromBytes(model.bytes(), "ab.onnx");
    assertThat(back.metadata().outputKind()).isEqualTo(OutputKind.AB);
    assertThat(back.outputName()).isEqualTo("ab");
    assertThat(back.outputChannels()).isEqualTo(2);
    assertThat(back.onnx().graph().outputs().get(0).shape().get(1)).isEqualTo(Dim.of(2));
  }

  @Test
  void writeIsAtomicAndReplacesTheTarget() throws IOException {
    Path file = dir.resolve("sub/model.onnx");
    ModelWriter.write(file, TINY, WEIGHTS, TINY.defaultMetadata());
    ModelWriter.write(file, TINY, TINY.randomWeights(43), TINY.defaultMetadata());
    assertThat(ModelFile.read(file).onnx().graph().initializers().get("conv1_1.weight"))
        .isEqualTo(TINY.randomWeights(43).get("conv1_1.weight"));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void writerRejectsMetadataThatDoesNotFitTheNetwork() {
    ModelMetadata ab = TINY.defaultMetadata().toBuilder().outputKind(OutputKind.AB).build();
    assertThatThrownBy(() -> ModelWriter.write(dir.resolve("x.onnx"), TINY, WEIGHTS, ab))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AB output")
        .hasMessageContaining("LOGITS head");
    ModelMetadata stride2 = TINY.defaultMetadata().toBuilder().outputStride(2).build();
    assertThatThrownBy(() -> ModelFile.of(TINY, WEIGHTS, stride2))
        .hasMessageContaining("output stride 2");
    Map<String, FloatTensor> missing = new LinkedHashMap<>(WEIGHTS);
    missing.remove("conv4_2.bias");
    assertThatThrownBy(() -> ModelFile.of(TINY, missing, TINY.defaultMetadata()))
        .hasMessageContaining("conv4_2.bias");
    assertThat(dir.resolve("x.onnx")).doesNotExist();
  }

  // --- files without metadata -------------------------------------------------------------

  private Path writeWithoutMetadata(Eccv16 net, String name) throws IOException {
    Path file = dir.resolve(name);
    ModelWriter.write(file, OnnxModel.of(net.graph(net.randomWeights(5)), Map.of()));
    return file;
  }

  @Test
  void fileWithoutMetadataGetsPaperDefaultsAndOneWarning() throws IOException {
    Path file = writeWithoutMetadata(TINY, "foreign.onnx");
    String log = captureStderr(() -> {
      ModelFile model = ModelFile.read(file);
      assertThat(model.metadata()).isEqualTo(ModelMetadata.paperDefaults());
      assertThat(model.missingMetadata()).contains(MetadataKeys.FORMAT_VERSION,
          MetadataKeys.OUTPUT, MetadataKeys.INPUT_NORMALIZATION);
    });
    List<String> warnings = log.lines().filter(l -> l.contains("WARN")).toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains(file.toString()).contains("no colorize metadata")
        .contains("(L-50)/100").contains("logits");
  }

  @Test
  void completeFileLogsNoWarning() throws IOException {
    Path file = dir.resolve("complete.onnx");
    ModelWriter.write(file, TINY, WEIGHTS, TINY.defaultMetadata());
    String log = captureStderr(() -> ModelFile.read(file));
    assertThat(log).doesNotContain("WARN");
  }

  @Test
  void callerDefaultsApplyToFilesWithoutMetadata() throws IOException {
    Eccv16 ab = Eccv16.ab(0.0625);
    Path file = writeWithoutMetadata(ab, "port.onnx");
    // Paper defaults say logits, so the ab graph's 2 channels do not fit...
    assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("expected 313");
    // ...but the caller can state what such files hold.
    ModelMetadata defaults = ModelMetadata.builder().outputKind(OutputKind.AB)
        .inputNormalization(InputNormalization.CAFFE).build();
    ModelFile model = ModelFile.read(file, defaults);
    assertThat(model.metadata()).isEqualTo(defaults);
    // Labelling it keeps the graph bytes and makes it a complete colorize file.
    ModelFile labelled = model.withMetadata(defaults.toBuilder().modelCard("port").build());
    assertThat(labelled.missingMetadata()).isEmpty();
    ModelFile reread = ModelFile.fromBytes(labelled.bytes(), "labelled");
    assertThat(reread.missingMetadata()).isEmpty();
    assertThat(reread.metadata().modelCard()).isEqualTo("port");
    assertThat(reread.onnx().graph()).isEqualTo(model.onnx().graph());
  }

  @Test
  void partialMetadataNamesTheMissingKeys() throws IOException {
    OnnxModel model = OnnxModel.of(TINY.graph(WEIGHTS), Map.of(MetadataKeys.GAMUT,
        "zhang2016-313", MetadataKeys.OUTPUT, "logits", "colorize.recipe", "r"));
    String log = captureStderr(() -> {
      ModelFile file = ModelFile.fromBytes(OnnxWriter.toBytes(model), "partial.onnx");
      assertThat(file.missingMetadata()).containsExactly(MetadataKeys.FORMAT_VERSION,
          MetadataKeys.BINS, MetadataKeys.INPUT_NORMALIZATION, MetadataKeys.OUTPUT_STRIDE);
      assertThat(file.metadata().extra()).containsEntry("recipe", "r");
    });
    assertThat(log.lines().filter(l -> l.contains("WARN"))).singleElement().asString()
        .contains("partial.onnx").contains(MetadataKeys.OUTPUT_STRIDE);
  }

  // --- classpath --------------------------------------------------------------------------

  @Test
  void classpathFindsAResourceThroughTheContextClassLoader() throws IOException {
    Path root = dir.resolve("cp");
    ModelWriter.write(root.resolve("models/tiny.onnx"), TINY, WEIGHTS, TINY.defaultMetadata());
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
      Thread.currentThread().setContextClassLoader(loader);
      ModelFile model = ModelFile.classpath("/models/tiny.onnx");
      assertThat(model.source()).isEqualTo("classpath:models/tiny.onnx");
      assertThat(model.onnx().graph()).isEqualTo(TINY.graph(WEIGHTS));
      assertThatThrownBy(() -> ModelFile.classpath("models/none.onnx"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("models/none.onnx")
          .hasMessageContaining("class path");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  // --- broken files -----------------------------------------------------------------------

  @Test
  void truncatedFileNamesTheFile() throws IOException {
    Path good = dir.resolve("good.onnx");
    ModelWriter.write(good, TINY, WEIGHTS, TINY.defaultMetadata());
    byte[] bytes = Files.readAllBytes(good);
    Path cut = dir.resolve("cut.onnx");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 100));
    assertThatThrownBy(() -> ModelFile.read(cut)).isInstanceOf(ModelFormatException.class)
        .hasMessageStartingWith("model file " + cut + ": ")
        .hasMessageContaining("truncated or corrupt")
        .satisfies(e -> assertThat(((ModelFormatException) e).source()).isEqualTo(cut.toString()));
  }

  @Test
  void garbageFileNamesTheFile() throws IOException {
    Path text = dir.resolve("notes.onnx");
    Files.writeString(text, "These are notes, not a model.\n".repeat(20));
    assertThatThrownBy(() -> ModelFile.read(text)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(text.toString());
    Path empty = dir.resolve("empty.onnx");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> ModelFile.read(empty)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(empty.toString()).hasMessageContaining("empty");
  }

  @Test
  void missingFileIsAnIoException() {
    Path none = dir.resolve("none.onnx");
    assertThatThrownBy(() -> ModelFile.read(none)).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(none.toString());
  }

  // --- validation -------------------------------------------------------------------------

  private static ModelFile load(OnnxGraph graph, Map<String, String> metadata) {
    return ModelFile.fromBytes(OnnxWriter.toBytes(OnnxModel.of(graph, metadata)), "bad.onnx");
  }

  private static Map<String, String> props(String... keyValues) {
    Map<String, String> props = new LinkedHashMap<>(MetadataCodec.encode(TINY.defaultMetadata()));
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return props;
  }

  private static OnnxGraph withIo(OnnxGraph g, List<OnnxValueInfo> inputs,
      List<OnnxValueInfo> outputs) {
    return new OnnxGraph(g.name(), g.nodes(), g.initializers(), inputs, outputs);
  }

  private static void assertRejected(OnnxGraph graph, Map<String, String> metadata,
      String... fragments) {
    assertThatThrownBy(() -> load(graph, metadata)).isInstanceOf(ModelFormatException.class)
        .hasMessageStartingWith("model file bad.onnx: ")
        .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
  }

  @Test
  void rejectsWrongInputs() {
    OnnxGraph g = TINY.graph(WEIGHTS);
    OnnxValueInfo out = g.outputs().get(0);
    OnnxValueInfo extra = OnnxValueInfo.floatTensor("mask", Dim.of(1));
    List<OnnxValueInfo> two = List.of(g.inputs().get(0), extra);
    assertRejected(withIo(g, two, List.of(out)), props(), "2 inputs", "[l, mask]",
        "expected exactly one: float [N,1,H,W]");
    OnnxValueInfo rgb = OnnxValueInfo.floatTensor("l", Dim.symbolic("N"), Dim.of(3),
        Dim.of(224), Dim.of(224));
    assertRejected(withIo(g, List.of(rgb), List.of(out)), props(), "input 'l' has 3 channels",
        "expected 1");
    OnnxValueInfo rank3 = OnnxValueInfo.floatTensor("l", Dim.of(1), Dim.of(224), Dim.of(224));
    assertRejected(withIo(g, List.of(rank3), List.of(out)), props(), "rank 3",
        "expected rank 4");
    OnnxValueInfo ints = new OnnxValueInfo("l", 7, g.inputs().get(0).shape());
    assertRejected(withIo(g, List.of(ints), List.of(out)), props(), "element type 7",
        "expected float32");
  }

  @Test
  void rejectsWrongOutputs() {
    OnnxGraph g = TINY.graph(WEIGHTS);
    assertRejected(withIo(g, g.inputs(), List.of()), props(), "0 outputs",
        "expected exactly one");
    // An ab head under logits metadata.
    Eccv16 ab = Eccv16.ab(0.0625);
    assertRejected(ab.graph(ab.randomWeights(3)), props(), "output 'ab' has 2 channels",
        "expected 313 for logits output");
    // A logits head under ab metadata.
    assertRejected(g, props(MetadataKeys.OUTPUT, "ab"), "has 313 channels",
        "expected 2 for ab output");
    OnnxValueInfo fixedIn = OnnxValueInfo.floatTensor("l", Dim.of(1), Dim.of(1), Dim.of(64),
        Dim.of(64));
    OnnxValueInfo fixedOut = OnnxValueInfo.floatTensor("logits", Dim.of(1), Dim.of(313),
        Dim.of(32), Dim.of(32));
    assertRejected(withIo(g, List.of(fixedIn), List.of(fixedOut)), props(),
        "do not differ by the output stride 4");
  }

  @Test
  void rejectsBadMetadataValues() {
    OnnxGraph g = TINY.graph(WEIGHTS);
    assertRejected(g, props(MetadataKeys.BINS, "300"), "zhang2016-313 has 313 bins",
        "says 300");
    assertRejected(g, props(MetadataKeys.PRIOR, "0.5,0.5"), "prior has 2 values",
        "expected 0 or binCount = 313");
    assertRejected(g, props(MetadataKeys.FORMAT_VERSION, "2"), "format version 2",
        "up to 1");
    assertRejected(g, props(MetadataKeys.OUTPUT, "probabilities"), "'probabilities'",
        "expected 'logits' or 'ab'");
    assertRejected(g, props(MetadataKeys.OUTPUT_STRIDE, "four"), MetadataKeys.OUTPUT_STRIDE,
        "'four'", "expected an integer");
    assertRejected(g, props(MetadataKeys.INPUT_NORMALIZATION, "L/100"), "'L/100'",
        "(L-50)/100");
    assertRejected(g, props(MetadataKeys.TEMPERATURE, "0"), "temperature is 0.0");
    assertRejected(g, props(MetadataKeys.PRIOR, "0.1,x"), "value #1", "'x'");
  }

  @Test
  void rejectsBrokenGraphs() {
    OnnxGraph g = TINY.graph(WEIGHTS);
    assertRejected(new OnnxGraph("empty", List.of(), Map.of(), g.inputs(), g.outputs()), props(),
        "no nodes");
    Map<String, FloatTensor> missing = new LinkedHashMap<>(g.initializers());
    missing.remove("conv3_2.weight");
    assertRejected(new OnnxGraph(g.name(), g.nodes(), missing, g.inputs(), g.outputs()), props(),
        "node 'conv3_2' (Conv) reads 'conv3_2.weight'");
    List<OnnxNode> cut = new ArrayList<>(g.nodes());
    cut.remove(cut.size() - 1);
    assertRejected(new OnnxGraph(g.name(), cut, g.initializers(), g.inputs(), g.outputs()),
        props(), "no node produces the graph output 'logits'");
  }

  @Test
  void readerKeepsForeignMetadataButIgnoresItForColorize() {
    Map<String, String> props = props("author", "someone");
    ModelFile model = load(TINY.graph(WEIGHTS), props);
    assertThat(model.onnx().metadata()).containsEntry("author", "someone");
    assertThat(model.metadata().extra()).doesNotContainKey("author");
    assertThat(OnnxReader.read(model.bytes()).metadata()).isEqualTo(props);
  }

  private static String captureStderr(ThrowingRunnable body) throws IOException {
    PrintStream previous = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setErr(previous);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private interface ThrowingRunnable {
    void run() throws IOException;
  }
}
