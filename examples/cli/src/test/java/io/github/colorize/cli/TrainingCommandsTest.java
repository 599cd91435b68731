package io.github.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelWriter;
import io.github.colorize.model.onnx.OnnxModel;
import io.github.colorize.model.testing.MobileNetV2Fixtures;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prior, train, export and evaluate on a tiny configuration, as a user chains them. */
class TrainingCommandsTest {

  @TempDir Path dir;

  private Path photos(String name, int count) throws Exception {
    Path folder = dir.resolve(name);
    Files.createDirectories(folder);
    Random random = new Random(name.hashCode());
    for (int i = 0; i < count; i++) {
      BufferedImage image = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      for (int r = 0; r < 8; r++) {
        g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
        g.fillRect(random.nextInt(48), random.nextInt(40), 20, 20);
      }
      g.dispose();
      ImageIO.write(image, "png", folder.resolve("p" + i + ".png").toFile());
    }
    return folder;
  }

  @Test
  void priorTrainExportEvaluate() throws Exception {
    Path train = photos("train", 4);
    Path val = photos("val", 2);
    Path run = dir.resolve("run");

    ColorizeCommandTest.Run prior = ColorizeCommandTest.run("prior", "--data", train.toString(),
        "--out", run.toString());
    assertThat(prior.status()).as(prior.err()).isZero();
    assertThat(prior.out()).contains("prior of 4 images");
    assertThat(run.resolve("prior.txt")).isNotEmptyFile();

    ColorizeCommandTest.Run trained = ColorizeCommandTest.run("train", "--data",
        train.toString(), "--val", val.toString(), "--out", run.toString(), "--width", "0.0625",
        "--crop", "32", "--batch", "2", "--iterations", "2", "--val-size", "32");
    assertThat(trained.status()).as(trained.err()).isZero();
    assertThat(trained.out()).contains("trained 2 steps").contains("best model");

    Path model = dir.resolve("tiny.onnx");
    ColorizeCommandTest.Run exported = ColorizeCommandTest.run("export", "--checkpoint",
        run.toString(), "-o", model.toString());
    assertThat(exported.status()).as(exported.err()).isZero();
    ModelFile file = ModelFile.read(model);
    assertThat(file.metadata().hasPrior()).isTrue();
    assertThat(file.metadata().extra()).containsEntry("loss", "full");
    assertThat(file.metadata().inputSize()).isEqualTo(32);

    // The decode settings picked on validation go into the file.
    Path tuned = dir.resolve("tuned.onnx");
    ColorizeCommandTest.Run retuned = ColorizeCommandTest.run("export", "--checkpoint",
        run.toString(), "-o", tuned.toString(), "--temperature", "1", "--size", "48",
        "--card", "A tiny test network, trained on two photos.");
    assertThat(retuned.status()).as(retuned.err()).isZero();
    assertThat(ModelFile.read(tuned).metadata().modelCard())
        .isEqualTo("A tiny test network, trained on two photos.");
    assertThat(ModelFile.read(tuned).metadata().inputSize()).isEqualTo(48);
    assertThat(ModelFile.read(tuned).metadata().temperature()).isEqualTo(1.0);
    assertThat(ModelFile.read(tuned).metadata().extra().get("recipe"))
        .as("the recipe stays the run's").contains("\"valSize\": 32");

    ColorizeCommandTest.Run evaluated = ColorizeCommandTest.run("evaluate", "--images",
        val.toString(), "--json", "--model", model.toString(), "--size", "32");
    assertThat(evaluated.status()).as(evaluated.err()).isZero();
    JsonObject json = JsonParser.parseString(evaluated.out()).getAsJsonObject();
    assertThat(json.get("images").getAsInt()).isEqualTo(2);
    assertThat(json.get("auc").getAsDouble()).isBetween(0.0, 100.0);
    assertThat(json.get("aucRebalanced").getAsDouble()).isBetween(0.0, 100.0);
    JsonObject gray = json.getAsJsonObject("gray");
    assertThat(gray.get("auc").getAsDouble()).isBetween(0.0, 100.0);
    assertThat(gray.get("aucRebalanced").getAsDouble()).isBetween(0.0, 100.0);
  }

  @Test
  void mobileNetFamilyTrainsResumesExportsAndInfoNamesIt() throws Exception {
    Path train = photos("train", 4);
    Path val = photos("val", 2);
    Path encoder = dir.resolve("mobilenet.onnx");
    ModelWriter.write(encoder, OnnxModel.of(MobileNetV2Fixtures.classifier(7), Map.of()));
    Path run = dir.resolve("run");
    String[] common = {"train", "--family", "mobilenetv2-unet", "--encoder", encoder.toString(),
        "--decoder-width", "8", "--fuse", "32,8", "--data", train.toString(), "--val",
        val.toString(), "--crop", "32", "--batch", "2", "--val-size", "32",
        "--checkpoint-every", "1"};
    ColorizeCommandTest.Run first = ColorizeCommandTest.run(concat(common, "--iterations", "1",
        "--out", run.toString()));
    assertThat(first.status()).as(first.err()).isZero();
    ColorizeCommandTest.Run resumed = ColorizeCommandTest.run(concat(common, "--iterations", "2",
        "--out", run.toString(), "--resume"));
    assertThat(resumed.status()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("trained 2 steps (1 this run)");

    Path model = dir.resolve("mnv2.onnx");
    ColorizeCommandTest.Run exported = ColorizeCommandTest.run("export", "--checkpoint",
        run.toString(), "-o", model.toString());
    assertThat(exported.status()).as(exported.err()).isZero();
    ModelFile file = ModelFile.read(model);
    assertThat(file.metadata().family()).isEqualTo("mobilenetv2-unet");
    assertThat(file.metadata().encoder()).contains("mobilenet.onnx", "decoder width 8");
    assertThat(file.metadata().license()).contains("Apache-2.0", "mobilenet.onnx");

    ColorizeCommandTest.Run info = ColorizeCommandTest.run("info", "--model", model.toString());
    assertThat(info.status()).as(info.err()).isZero();
    assertThat(info.out()).contains("network family mobilenetv2-unet; encoder mobilenet.onnx")
        .contains("input (sRGB(L)-128)/128");

    // A second run may start from the exported decoder; an eccv16 file is refused.
    ColorizeCommandTest.Run init = ColorizeCommandTest.run(concat(common, "--iterations", "1",
        "--out", dir.resolve("run2").toString(), "--init-from", model.toString()));
    assertThat(init.status()).as(init.err()).isZero();
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
