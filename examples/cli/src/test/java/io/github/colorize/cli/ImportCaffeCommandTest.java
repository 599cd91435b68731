package io.github.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.caffe.CaffeImporter;
import io.github.colorize.model.caffe.testing.SyntheticRelease;
import io.github.colorize.model.caffe.testing.SyntheticRelease.SourceFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportCaffeCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private SourceFiles files;

  @BeforeEach
  void writeSyntheticRelease() throws Exception {
    // The deploy definition at width 0.125 (every channel count / 8) with random weights.
    files = SyntheticRelease.builder().width(0.125).build().writeTo(dir, "release");
  }

  private int run(String... args) {
    CommandLine cli = ColorizeCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void helpTellsANewcomerWhereTheFilesAreAndWhatToType() {
    assertThat(run("import-caffe", "--help")).isZero();
    assertThat(out.toString())
        .contains("--prototxt=FILE", "--caffemodel=FILE", "-o, --output=FILE", "--force")
        .contains(CaffeImporter.AUTHORS_REPOSITORY)
        .contains("colorization_deploy_v2.prototxt", "colorization_release_v2.caffemodel")
        .contains("colorize import-caffe --prototxt")
        .contains("--model eccv16-release.onnx");
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("import-caffe");
  }

  @Test
  void importsAndWritesAModelFileTheColorizerReads() throws Exception {
    Path model = dir.resolve("eccv16-release.onnx");

    int status = run("import-caffe", "--prototxt", files.prototxt().toString(), "--caffemodel",
        files.caffemodel().toString(), "-o", model.toString());

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).contains("wrote " + model)
        .contains("input L-50", "recommended temperature 0.3837 (1/2.606)")
        .contains("release.caffemodel", "release.prototxt");
    ModelFile file = ModelFile.read(model);
    assertThat(file.metadata().inputNormalization()).isEqualTo(InputNormalization.CAFFE);
    assertThat(file.metadata().extra().get(CaffeImporter.SOURCE_CAFFEMODEL_SHA256))
        .hasSize(64);

    // An existing output is kept unless --force is given.
    assertThat(run("import-caffe", "--prototxt", files.prototxt().toString(), "--caffemodel",
        files.caffemodel().toString(), "-o", model.toString())).isEqualTo(1);
    assertThat(err.toString()).contains(model + " exists (pass --force to replace it)");
    assertThat(run("import-caffe", "--prototxt", files.prototxt().toString(), "--caffemodel",
        files.caffemodel().toString(), "-o", model.toString(), "--force")).isZero();
  }

  @Test
  void mistakesGiveOneClearLine() throws Exception {
    Path model = dir.resolve("out.onnx");
    assertThat(run("import-caffe", "--prototxt", dir.resolve("nope.prototxt").toString(),
        "--caffemodel", files.caffemodel().toString(), "-o", model.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("colorize: error: --prototxt "
        + dir.resolve("nope.prototxt") + ": no such file");

    err.getBuffer().setLength(0);
    assertThat(run("import-caffe", "--prototxt", files.prototxt().toString(), "-o",
        model.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--caffemodel=FILE'");

    // The two files swapped.
    err.getBuffer().setLength(0);
    assertThat(run("import-caffe", "--prototxt", files.caffemodel().toString(), "--caffemodel",
        files.prototxt().toString(), "-o", model.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("colorize: error: model file " + files.caffemodel())
        .contains("expected the net definition (.prototxt), not the binary weights");

    // A layer the importer does not map.
    Files.writeString(files.prototxt(), Files.readString(files.prototxt())
        .replace("type: \"ReLU\"", "type: \"PReLU\""));
    err.getBuffer().setLength(0);
    assertThat(run("import-caffe", "--prototxt", files.prototxt().toString(), "--caffemodel",
        files.caffemodel().toString(), "-o", model.toString())).isEqualTo(1);
    assertThat(err.toString().lines().findFirst().orElseThrow())
        .startsWith("colorize: error: model file " + files.prototxt())
        .contains("layer 'relu1_1' (PReLU, line ", "layer type 'PReLU' is not supported");
    assertThat(model).doesNotExist();
  }
}
