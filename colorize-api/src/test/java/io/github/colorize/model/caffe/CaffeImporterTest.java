package io.github.colorize.model.caffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.colorize.model.Eccv16;
import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelWriter;
import io.github.colorize.model.OutputKind;
import io.github.colorize.model.caffe.testing.CaffeModelWriter.Blob;
import io.github.colorize.model.caffe.testing.SyntheticRelease;
import io.github.colorize.model.caffe.testing.SyntheticRelease.SourceFiles;
import io.github.colorize.tensor.FloatTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer on the authors' deploy definition (narrowed to width 0.125 for speed: every
 * channel count / 8, the same layers, names and geometry) with synthetic weights. The numerics
 * against Caffe's semantics are checked end to end against OpenCV in colorize-onnx.
 */
class CaffeImporterTest {

  private static final double WIDTH = 0.125;

  @TempDir
  Path dir;

  private static SyntheticRelease release() {
    return SyntheticRelease.builder().width(WIDTH).seed(3).build();
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(file)));
  }

  private static float[] weight(ModelFile model, String name) {
    return model.onnx().graph().initializers().get(name).data();
  }

  @Test
  void importsTheDeployNetWithItsWeightsAndMetadata() throws Exception {
    SyntheticRelease release = release();
    SourceFiles files = release.writeTo(dir, "colorization");

    ModelFile model = CaffeImporter.importModel(files.prototxt(), files.caffemodel());

    var m = model.metadata();
    assertThat(m.inputNormalization()).isEqualTo(InputNormalization.CAFFE);
    assertThat(m.outputKind()).isEqualTo(OutputKind.LOGITS);
    assertThat(m.outputStride()).isEqualTo(4);
    assertThat(m.binCount()).isEqualTo(313);
    assertThat(m.temperature()).isEqualTo(1.0 / SyntheticRelease.LOGIT_SCALE);
    assertThat(m.temperature()).isCloseTo(0.3837, within(1e-4));
    assertThat(m.extra()).containsEntry(CaffeImporter.SOURCE_FORMAT, "caffe")
        .containsEntry(CaffeImporter.SOURCE_PROTOTXT, "colorization.prototxt")
        .containsEntry(CaffeImporter.SOURCE_CAFFEMODEL, "colorization.caffemodel")
        .containsEntry(CaffeImporter.SOURCE_PROTOTXT_SHA256, sha256(files.prototxt()))
        .containsEntry(CaffeImporter.SOURCE_CAFFEMODEL_SHA256, sha256(files.caffemodel()))
        .containsEntry(CaffeImporter.SOURCE_LOGIT_SCALE, "2.606");
    assertThat(m.modelCard()).contains("colorization.caffemodel", sha256(files.caffemodel()),
        "colorization.prototxt", ", net 'LtoAB')", "Zhang, Isola & Efros", "L-50",
        CaffeImporter.AUTHORS_REPOSITORY, "1 / 2.606");

    Eccv16 net = Eccv16.logits(WIDTH);
    Map<String, FloatTensor> init = model.onnx().graph().initializers();
    for (Map.Entry<String, int[]> e : net.weightShapes().entrySet()) {
      assertThat(init.get(e.getKey()).shape()).as(e.getKey()).containsExactly(e.getValue());
    }
    assertThat(model.outputChannels()).isEqualTo(313);
    assertThat(model.inputMultiple()).isEqualTo(8);

    Map<String, List<float[]>> raw = release.blobs();
    // Convolutions, the deconvolution ([in, out, 4, 4] in both) and the legacy-shaped blobs of
    // every third layer: the values unchanged, bw_conv1_1 under its top's name.
    assertThat(weight(model, "conv1_1.weight")).containsExactly(raw.get("bw_conv1_1").get(0));
    assertThat(weight(model, "conv1_1.bias")).containsExactly(raw.get("bw_conv1_1").get(1));
    assertThat(weight(model, "conv2_1.weight")).containsExactly(raw.get("conv2_1").get(0));
    assertThat(weight(model, "conv2_1.bias")).containsExactly(raw.get("conv2_1").get(1));
    assertThat(init.get("conv8_1.weight").shape()).containsExactly(64, 32, 4, 4);
    assertThat(weight(model, "conv8_1.weight")).containsExactly(raw.get("conv8_1").get(0));
    assertThat(weight(model, "conv8_313.weight")).containsExactly(raw.get("conv8_313").get(0));
    // BatchNorm: statistics divided by the factor, no learned scale or shift.
    for (String bn : List.of("conv1_2norm", "conv3_3norm", "conv7_3norm")) {
      float[] mean = raw.get(bn).get(0);
      float[] var = raw.get(bn).get(1);
      float[] importedMean = weight(model, bn + ".mean");
      float[] importedVar = weight(model, bn + ".var");
      for (int i = 0; i < mean.length; i++) {
        assertThat(importedMean[i]).isCloseTo(mean[i] / SyntheticRelease.BN_FACTOR,
            within(1e-6f * Math.abs(mean[i] / SyntheticRelease.BN_FACTOR) + 1e-7f));
        assertThat(importedVar[i]).isCloseTo(var[i] / SyntheticRelease.BN_FACTOR,
            within(1e-6f * var[i] / SyntheticRelease.BN_FACTOR));
      }
      assertThat(weight(model, bn + ".scale")).containsOnly(1f);
      assertThat(weight(model, bn + ".bias")).containsOnly(0f);
    }

    // What a user saves reads back the same.
    Path saved = dir.resolve("eccv16-release.onnx");
    ModelWriter.write(saved, model);
    ModelFile read = ModelFile.read(saved);
    assertThat(read.metadata()).isEqualTo(m);
    assertThat(read.missingMetadata()).isEmpty();
  }

  @Test
  void takesTheLogitScaleFromThePrototxtWhenTheWeightsLackIt() throws Exception {
    SyntheticRelease release = SyntheticRelease.builder().width(WIDTH).decodingBlobs(false)
        .snapshotExtras(false).legacyEvery(0).build();
    SourceFiles files = release.writeTo(dir, "no-decoding");

    ModelFile model = CaffeImporter.importModel(files.prototxt(), files.caffemodel());

    assertThat(model.metadata().temperature()).isEqualTo(1.0 / 2.606f);
  }

  @Test
  void foldsAScaleAfterABatchNormHonorsEpsAndTreatsFactorZeroAsCaffeDoes() throws Exception {
    SyntheticRelease release = release();
    String prototxt = release.prototxt()
        .replaceFirst("(?s)name: \"conv1_2norm\"(.*?)batch_norm_param\\{ \\}",
            "name: \"conv1_2norm\"$1batch_norm_param { eps: 0.001 }")
        .replaceFirst("# \\*{17}\\s+# \\*{5} conv2 \\*{5}",
            "layer { name: \"conv1_2scale\" type: \"Scale\" bottom: \"conv1_2norm\""
                + " top: \"conv1_2norm\" scale_param { bias_term: true } }\n$0");
    assertThat(prototxt).contains("eps: 0.001").contains("conv1_2scale");
    float[] gamma = {0.5f, 1.5f, 2f, 0.25f, 1f, 3f, 0.75f, 1.25f};
    float[] beta = {-1f, 0f, 1f, 2f, -2f, 0.5f, -0.5f, 0.125f};
    release.writer().layer("conv1_2scale", "Scale").blob(Blob.of(gamma, 8))
        .blob(Blob.of(beta, 8));
    release.writer().layerNamed("conv2_2norm").setBlob(2, Blob.of(new float[] {0f}, 1));
    Path p = dir.resolve("scaled.prototxt");
    Path m = dir.resolve("scaled.caffemodel");
    Files.writeString(p, prototxt);
    release.writer().write(m);

    ModelFile model = CaffeImporter.importModel(p, m);

    assertThat(weight(model, "conv1_2norm.scale")).containsExactly(gamma);
    assertThat(weight(model, "conv1_2norm.bias")).containsExactly(beta);
    float[] var = release.blobs().get("conv1_2norm").get(1);
    float[] importedVar = weight(model, "conv1_2norm.var");
    for (int i = 0; i < var.length; i++) {
      // ONNX adds its own 1e-5: the file holds var + eps - 1e-5.
      double expected = var[i] / (double) SyntheticRelease.BN_FACTOR + 0.001 - 1e-5;
      assertThat((double) importedVar[i]).isCloseTo(expected, within(1e-6 * expected));
    }
    // Caffe (batch_norm_layer.cpp): a factor of 0 scales the statistics by 0, not 1.
    // (-0.0 where the stored mean was negative, as in Caffe.)
    assertThat(weight(model, "conv2_2norm.mean")).usingComparatorWithPrecision(0f)
        .containsOnly(0f);
    assertThat(weight(model, "conv2_2norm.var")).usingComparatorWithPrecision(0f)
        .containsOnly(0f);
  }

  @Test
  void anUnknownLayerTypeNamesTheLayerAndWhatWasExpected() throws Exception {
    SyntheticRelease release = release();
    String prototxt = release.prototxt().replaceFirst("# \\*{17}\\s+# \\*{5} conv2 \\*{5}",
        "layer { name: \"pool1\" type: \"Pooling\" bottom: \"conv1_2norm\" top: \"pool1\""
            + " pooling_param { pool: MAX kernel_size: 2 stride: 2 } }\n$0");
    SourceFiles files = release.writeTo(dir, "pool");
    Files.writeString(files.prototxt(), prototxt);

    assertThatThrownBy(() -> CaffeImporter.importModel(files.prototxt(), files.caffemodel()))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageContaining(files.prototxt().toString())
        .hasMessageContaining("layer 'pool1' (Pooling, line ")
        .hasMessageContaining("layer type 'Pooling' is not supported")
        .hasMessageContaining("expected eccv16's conv2_1: a Convolution with num_output 16");
  }

  @Test
  void aBlobOfTheWrongShapeNamesTheLayerTheFileAndTheExpectedShape() throws Exception {
    SyntheticRelease release = release();
    release.writer().layerNamed("conv2_1").setBlob(0, Blob.of(new float[16 * 4 * 9], 16, 4, 3, 3));
    SourceFiles files = release.writeTo(dir, "shape");

    assertThatThrownBy(() -> CaffeImporter.importModel(files.prototxt(), files.caffemodel()))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageContaining(files.caffemodel().toString())
        .hasMessageContaining("layer 'conv2_1' (Convolution) blob 0 (weights) has shape"
            + " [16, 4, 3, 3], expected [16, 8, 3, 3]");

    release.writer().layerNamed("conv2_1").setBlob(0, Blob.of(new float[16 * 8 * 9], 16, 8, 3, 3));
    release.writer().layerNamed("conv4_3norm").dropLastBlob();
    release.writer().write(files.caffemodel());
    assertThatThrownBy(() -> CaffeImporter.importModel(files.prototxt(), files.caffemodel()))
        .hasMessageContaining("layer 'conv4_3norm' (BatchNorm) has 2 blobs, expected 3 (the mean,"
            + " the variance and the moving-average factor)");
  }

  @Test
  void aTruncatedOrMismatchedCaffemodelIsExplained() throws Exception {
    SyntheticRelease release = release();
    SourceFiles files = release.writeTo(dir, "cut");
    byte[] whole = Files.readAllBytes(files.caffemodel());
    Files.write(files.caffemodel(), Arrays.copyOf(whole, whole.length / 2));
    assertThatThrownBy(() -> CaffeImporter.importModel(files.prototxt(), files.caffemodel()))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageContaining(files.caffemodel().toString())
        .hasMessageContaining("truncated")
        .hasMessageMatching("(?s).*in the middle of layer #\\d+ '\\w+'.*");

    release.writer().remove("conv4_2");
    release.writer().write(files.caffemodel());
    assertThatThrownBy(() -> CaffeImporter.importModel(files.prototxt(), files.caffemodel()))
        .hasMessageContaining("has no layer 'conv4_2'")
        .hasMessageContaining("Do the prototxt and the caffemodel belong together?");

    // The two files swapped.
    assertThatThrownBy(() -> CaffeImporter.importModel(files.caffemodel(), files.prototxt()))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageContaining(files.caffemodel().toString());
  }

  @Test
  void aDefinitionThatIsNotEccv16IsRejectedAtTheFirstDifference() throws Exception {
    SyntheticRelease release = release();
    SourceFiles files = release.writeTo(dir, "other");
    String undilated = release.prototxt().replaceFirst(
        "(?s)(name: \"conv5_1\".*?)pad: 2(\\s+)dilation: 2", "$1pad: 1$2dilation: 1");
    assertThat(undilated).isNotEqualTo(release.prototxt());
    Files.writeString(files.prototxt(), undilated);
    assertThatThrownBy(() -> CaffeImporter.importModel(files.prototxt(), files.caffemodel()))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageContaining("layer 'conv5_1' (Convolution, line ")
        .hasMessageContaining("pad 1, dilation 1; expected eccv16's conv5_1")
        .hasMessageContaining("pad 2, dilation 2");

    String leaky = release.prototxt().replaceFirst(
        "(?s)(name: \"relu3_1\".*?)top: \"conv3_1\"",
        "$1top: \"conv3_1\" relu_param { negative_slope: 0.1 }");
    Files.writeString(files.prototxt(), leaky);
    assertThatThrownBy(() -> CaffeImporter.importModel(files.prototxt(), files.caffemodel()))
        .hasMessageContaining("layer 'relu3_1' (ReLU, line ")
        .hasMessageContaining("leaky ReLU (negative_slope 0.1)");

    String skipped = release.prototxt().replaceFirst("bottom: \"conv1_2norm\"",
        "bottom: \"conv1_2\"");
    Files.writeString(files.prototxt(), skipped);
    assertThatThrownBy(() -> CaffeImporter.importModel(files.prototxt(), files.caffemodel()))
        .hasMessageContaining("layer 'conv2_1' (Convolution, line ")
        .hasMessageContaining("reads 'conv1_2', expected 'conv1_2norm'");
  }

  @Test
  void abCentersOtherThanThe313BinsAreRefused() throws Exception {
    SyntheticRelease release = release();
    float[] centers = release.blobs().get("class8_ab").get(0).clone();
    centers[0] += 5f;
    release.writer().layerNamed("class8_ab").setBlob(0, Blob.of(centers, 2, 313, 1, 1));
    SourceFiles files = release.writeTo(dir, "centers");
    assertThatThrownBy(() -> CaffeImporter.importModel(files.prototxt(), files.caffemodel()))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageContaining("layer 'class8_ab' (Convolution) bin 0 decodes to ab (-85.0,")
        .hasMessageContaining("expected the center (-90.0, ");
  }
}
