package io.github.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.model.Eccv16;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelWriter;
import io.github.colorize.model.caffe.testing.SyntheticRelease;
import io.github.colorize.model.caffe.testing.SyntheticRelease.SourceFiles;
import io.github.colorize.model.quantize.ModelQuantizer;
import io.github.colorize.model.quantize.QuantizationInfo;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class QuantizeCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path model;
  private Path photos;

  @BeforeEach
  void writeModelAndPhotos() throws Exception {
    Eccv16 net = Eccv16.logits(0.125);
    model = dir.resolve("small.onnx");
    ModelWriter.write(model, ModelFile.of(net, net.randomWeights(5),
        net.defaultMetadata().toBuilder().inputSize(64).build()));
    photos = Files.createDirectories(dir.resolve("calib"));
    Random random = new Random(1);
    for (int i = 0; i < 3; i++) {
      BufferedImage image = new BufferedImage(80, 64, BufferedImage.TYPE_INT_RGB);
      for (int p = 0; p < 80 * 64; p++) {
        image.setRGB(p % 80, p / 80, random.nextInt(1 << 24) & 0x3f3f3f | (p % 80) << 17);
      }
      ImageIO.write(image, "png", photos.resolve("p" + i + ".png").toFile());
    }
  }

  private int run(String... args) {
    CommandLine cli = ColorizeCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void quantizesAndTheResultColorizesAndShowsAsInt8() throws Exception {
    Path int8 = dir.resolve("small-int8.onnx");
    int status = run("quantize", "--model", model.toString(), "--calibration", photos.toString(),
        "-o", int8.toString(), "--calibration-images", "2", "--method", "entropy",
        "--keep-float", "conv8_313");

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).contains("wrote " + int8, "int8 (QDQ): 22 of 23 convolutions",
        "float: conv8_313", "calibration entropy on 2 photos", "x smaller");
    ModelFile file = ModelFile.read(int8);
    assertThat(QuantizationInfo.of(file.onnx().graph()).floatLayers()).containsExactly(
        "conv8_313");
    assertThat(file.onnx().metadata()).containsKey(ModelQuantizer.CALIBRATION_KEY);

    out.getBuffer().setLength(0);
    assertThat(run("info", "--model", int8.toString())).isZero();
    assertThat(out.toString()).contains("precision: int8 (QDQ)", "quantization: QDQ int8");

    Path color = dir.resolve("color.png");
    assertThat(run(photos.resolve("p0.png").toString(), "-o", color.toString(), "--model",
        int8.toString(), "--backend", "onnx")).as(err.toString()).isZero();
    assertThat(ImageIO.read(color.toFile()).getWidth()).isEqualTo(80);

    // Quantizing the result again is refused with one line.
    err.getBuffer().setLength(0);
    assertThat(run("quantize", "--model", int8.toString(), "--calibration", photos.toString(),
        "-o", dir.resolve("twice.onnx").toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("colorize: error: model file " + int8)
        .contains("already quantized");
  }

  @Test
  void quantizesTheEmbeddedModelNamedDefaultOrLeftOut() throws Exception {
    // Issue 25, defect 2: --model was required and "default" was read as a file name.
    Path named = dir.resolve("default-int8.onnx");
    assertThat(run("quantize", "--model", "default", "--calibration", photos.toString(),
        "-o", named.toString(), "--calibration-images", "1")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("wrote " + named, "int8 (QDQ)");
    Path implicit = dir.resolve("implicit-int8.onnx");
    assertThat(run("quantize", "--calibration", photos.toString(), "-o", implicit.toString(),
        "--calibration-images", "1")).as(err.toString()).isZero();
    ModelFile a = ModelFile.read(named);
    ModelFile b = ModelFile.read(implicit);
    assertThat(QuantizationInfo.of(a.onnx().graph()).int8Layers()).isNotEmpty()
        .isEqualTo(QuantizationInfo.of(b.onnx().graph()).int8Layers());
    // The same float model underneath: the embedded one's parameter count.
    assertThat(a.onnx().graph().parameterCount()).isEqualTo(b.onnx().graph().parameterCount());
    assertThat(a.onnx().metadata().get(ModelQuantizer.CALIBRATION_KEY))
        .isEqualTo(b.onnx().metadata().get(ModelQuantizer.CALIBRATION_KEY));

    out.getBuffer().setLength(0);
    assertThat(run("quantize", "--help")).isZero();
    // Help text wraps: compare with runs of white space as one space.
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("--model=FILE|NAME|default", "or default: the model embedded");
  }

  @Test
  void quantizesTheAuthorsNetworkAsImportedFromCaffe() throws Exception {
    SourceFiles release = SyntheticRelease.builder().width(0.125).build().writeTo(dir, "release");
    Path imported = dir.resolve("release.onnx");
    assertThat(run("import-caffe", "--prototxt", release.prototxt().toString(), "--caffemodel",
        release.caffemodel().toString(), "-o", imported.toString())).as(err.toString()).isZero();
    Path int8 = dir.resolve("release-int8.onnx");

    assertThat(run("quantize", "--model", imported.toString(), "--calibration",
        photos.toString(), "-o", int8.toString())).as(err.toString()).isZero();

    ModelFile file = ModelFile.read(int8);
    QuantizationInfo info = QuantizationInfo.of(file.onnx().graph());
    assertThat(info.floatLayers()).isEmpty();
    assertThat(info.int8Layers()).hasSize(23).contains("conv1_1", "conv8_1", "conv8_313");
    // The import's metadata (L-50 input, its temperature, source hashes) is all kept.
    assertThat(file.onnx().metadata()).containsAllEntriesOf(
        withoutCard(ModelFile.read(imported).onnx().metadata()));
    assertThat(run(photos.resolve("p1.png").toString(), "-o", dir.resolve("c.png").toString(),
        "--model", int8.toString())).as(err.toString()).isZero();
  }

  private static Map<String, String> withoutCard(Map<String, String> m) {
    Map<String, String> copy = new LinkedHashMap<>(m);
    copy.remove("colorize.model_card");
    return copy;
  }

  @Test
  void mistakesGiveOneClearLine() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThat(run("quantize", "--model", model.toString(), "--calibration", empty.toString(),
        "-o", dir.resolve("x.onnx").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("calibration folder " + empty + " holds no photo");

    err.getBuffer().setLength(0);
    assertThat(run("quantize", "--model", model.toString(), "--calibration", photos.toString(),
        "-o", dir.resolve("x.onnx").toString(), "--method", "median")).isEqualTo(1);
    assertThat(err.toString()).contains("calibration method 'median' is unknown");
  }
}
