package io.github.colorize.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.image.ImageFormat;
import org.junit.jupiter.api.Test;

/** Output names and formats, and the options' checks: no Spark needed. */
class OutputNamesTest {

  @Test
  void keepsWritableFormatsAndRenamesOthers() {
    assertThat(OutputNames.outputName("a/b/photo.JPEG", null)).isEqualTo("a/b/photo.JPEG");
    assertThat(OutputNames.format("a/b/photo.JPEG", null)).isEqualTo(ImageFormat.JPEG);
    assertThat(OutputNames.outputName("a/b/anim.gif", null)).isEqualTo("a/b/anim.png");
    assertThat(OutputNames.format("a/b/anim.gif", null)).isEqualTo(ImageFormat.PNG);
    assertThat(OutputNames.outputName("a/x.y/scan.tif", ImageFormat.JPEG))
        .isEqualTo("a/x.y/scan.jpg");
    assertThat(OutputNames.outputName("a/x.y/scan.jpeg", ImageFormat.JPEG))
        .isEqualTo("a/x.y/scan.jpeg");
    assertThat(OutputNames.isImage("dir.png/notes.txt")).isFalse();
    assertThat(OutputNames.isImage("x/Scan 1.TIFF")).isTrue();
  }

  @Test
  void optionsCheckTheirValues() {
    assertThatThrownBy(() -> ColorizeOptions.builder().size(100))
        .hasMessage("size is 100, expected a multiple of 8 in [8, 4096]");
    assertThatThrownBy(() -> ColorizeOptions.builder().temperature(-1))
        .hasMessageStartingWith("temperature is -1.0, expected in [0, ");
    assertThatThrownBy(() -> ColorizeOptions.builder().model(" "))
        .hasMessageStartingWith("model URI is blank");
    assertThat(ColorizeOptions.builder().model("hdfs:///m.onnx").build())
        .isEqualTo(ColorizeOptions.builder().model("hdfs:///m.onnx").build())
        .isNotEqualTo(ColorizeOptions.defaults());
  }
}
