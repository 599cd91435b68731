package io.github.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.torch.TorchImporter;
import io.github.colorize.model.torch.testing.TorchFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportTorchCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = ColorizeCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void importsAStateDictWrittenByPyTorch() throws Exception {
    Path pth = TorchFixtures.copy(TorchFixtures.LEGACY, dir);
    Path model = dir.resolve("eccv16.onnx");

    assertThat(run("import-torch", pth.toString(), "-o", model.toString())).as(err.toString())
        .isZero();

    assertThat(out.toString()).contains("wrote " + model).contains("input (L-50)/100")
        .contains("recommended temperature 0.3837").contains(TorchFixtures.LEGACY);
    ModelFile file = ModelFile.read(model);
    assertThat(file.metadata().inputNormalization()).isEqualTo(InputNormalization.PYTORCH);
    assertThat(file.metadata().extra().get(TorchImporter.SOURCE_SHA256)).hasSize(64);
    assertThat(run("import-torch", pth.toString(), "-o", model.toString())).isEqualTo(1);
    assertThat(err.toString()).contains(model + " exists (pass --force to replace it)");
  }

  @Test
  void aForbiddenClassIsOneLineNamingTheFile() {
    Path pth = TorchFixtures.copy(TorchFixtures.FORBIDDEN_CLASS, dir);

    assertThat(run("import-torch", pth.toString(), "-o", dir.resolve("x.onnx").toString()))
        .isEqualTo(1);

    assertThat(err.toString().lines().findFirst()).get().asString().contains(pth.toString())
        .contains("'posix.system'");
  }

  @Test
  void helpNamesTheAuthorsFile() {
    assertThat(run("import-torch", "--help")).isZero();
    assertThat(out.toString()).contains("colorization_release_v2-9b330a0b.pth")
        .contains("BSD-2-Clause").contains("-o, --output=FILE");
  }
}
