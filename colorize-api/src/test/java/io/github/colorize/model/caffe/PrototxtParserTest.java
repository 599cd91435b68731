package io.github.colorize.model.caffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.TextFormat;
import io.github.colorize.model.caffe.testing.SyntheticRelease;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class PrototxtParserTest {

  @Test
  void readsTheAuthorsDeployDefinition() {
    CaffeNet net = PrototxtReader.read(SyntheticRelease.deployPrototxt(), "deploy.prototxt");

    assertThat(net.name()).isEqualTo("LtoAB");
    List<CaffeLayer> layers = net.layers();
    assertThat(layers.get(0).type()).isEqualTo("Input");
    assertThat(layers.get(0).param("input_param").message("shape").integers("dim"))
        .containsExactly(1L, 1L, 224L, 224L);
    CaffeLayer first = layers.get(1);
    assertThat(first.name()).isEqualTo("bw_conv1_1");
    assertThat(first.bottoms()).containsExactly("data_l");
    assertThat(first.tops()).containsExactly("conv1_1");
    assertThat(ConvolutionSpec.of(first.param("convolution_param")))
        .isEqualTo(new ConvolutionSpec(64, true, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1));

    CaffeLayer conv51 = net.byName().get("conv5_1");
    assertThat(ConvolutionSpec.of(conv51.param("convolution_param")))
        .isEqualTo(new ConvolutionSpec(512, true, 3, 3, 1, 1, 2, 2, 2, 2, 1, 1));
    CaffeLayer deconv = net.byName().get("conv8_1");
    assertThat(deconv.type()).isEqualTo("Deconvolution");
    assertThat(ConvolutionSpec.of(deconv.param("convolution_param")))
        .isEqualTo(new ConvolutionSpec(256, true, 4, 4, 2, 2, 1, 1, 1, 1, 1, 1));
    CaffeLayer scale = net.byName().get("conv8_313_rh");
    assertThat(scale.param("scale_param").bool("bias_term", true)).isFalse();
    assertThat(scale.param("scale_param").message("filler").floating("value", 0f))
        .isEqualTo(2.606f);
    assertThat(scale.param("scale_param").message("filler").string("type", ""))
        .isEqualTo("constant");
    // batch_norm_param{ } (no space before the brace) and three param { } blocks.
    CaffeLayer bn = net.byName().get("conv1_2norm");
    assertThat(bn.params().has("batch_norm_param")).isTrue();
    assertThat(bn.params().messages("param")).hasSize(3);
    assertThat(layers.get(layers.size() - 1).type()).isEqualTo("Silence");
    // The commented-out "# bottom: conv1_2" lines are comments.
    assertThat(net.byName().get("conv2_1").bottoms()).containsExactly("conv1_2norm");
    assertThat(bn.describe()).startsWith("layer 'conv1_2norm' (BatchNorm, line ");
  }

  @Test
  void acceptsTheWholeTextFormat() {
    String text = """
        # a comment
        name: 'n\\x41\\101' "et"  # hex and octal escapes, adjacent strings join
        input: "data"; input_dim: [1, 1, 32, 32]
        layer: {
          name: "c" type: "Convolution", bottom: "data" top: "c"
          convolution_param < num_output: 0x10 kernel_h: 3 kernel_w: 5 stride: 2 stride: 1
                              pad: 1 dilation: 2 bias_term: false >
        }
        layer { name: "r" type: "ReLU" bottom: "c" top: "c" relu_param { negative_slope: 1e-1 } }
        layer { name: "e" type: "X" list: [{ v: 1 }, { v: 2 }] flag: True }
        """;
    ProtoFields root = PrototxtParser.parse(text, "t.prototxt");
    assertThat(root.string("name", "")).isEqualTo("nAAet");
    assertThat(root.integers("input_dim")).containsExactly(1L, 1L, 32L, 32L);
    List<ProtoFields> layers = root.messages("layer");
    assertThat(layers).hasSize(3);
    ConvolutionSpec spec = ConvolutionSpec.of(layers.get(0).message("convolution_param"));
    assertThat(spec).isEqualTo(new ConvolutionSpec(16, false, 3, 5, 2, 1, 1, 1, 2, 2, 1, 1));
    assertThat(layers.get(1).message("relu_param").floating("negative_slope", 0f))
        .isEqualTo(0.1f);
    // Fields outside caffe_subset.proto (a list of messages, a flag) are skipped, not kept.
    assertThat(layers.get(2).string("name", "")).isEqualTo("e");
    assertThat(layers.get(2).has("list")).isFalse();
    assertThat(layers.get(2).has("flag")).isFalse();
    assertThat(layers.get(2).line()).isEqualTo(10);
  }

  @Test
  void skippedFieldsAreNotPrintedByProtobuf() {
    Logger protobuf = Logger.getLogger(TextFormat.class.getName());
    List<LogRecord> published = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        published.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    protobuf.addHandler(handler);
    try {
      PrototxtParser.parse("layer { name: \"e\" type: \"X\" flag: true }", "t.prototxt");
      assertThat(published).as("our parse's warning goes to SLF4J, not to stderr").isEmpty();
      protobuf.warning("someone else's");
      assertThat(published).as("others' records still pass").hasSize(1);
    } finally {
      protobuf.removeHandler(handler);
    }
  }

  @Test
  void namesTheLineOfASyntaxError() {
    assertThatThrownBy(() -> PrototxtParser.parse("name: \"x\"\nlayer {\n  name: \"a\"\n",
        "broken.prototxt"))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageContaining("broken.prototxt")
        .hasMessageContaining("line 4")
        .hasMessageContaining("Expected \"}\"");
    assertThatThrownBy(() -> PrototxtParser.parse("layer {\n name \"a\" }", "p.prototxt"))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("column 7").hasMessageContaining("Expected \":\"");
    assertThatThrownBy(() -> PrototxtParser.parse("name: \"open\nlayer {}", "p.prototxt"))
        .hasMessageContaining("line 1")
        .hasMessageContaining("String missing ending quote");
    assertThatThrownBy(() -> PrototxtParser.parse("}", "p.prototxt"))
        .hasMessageContaining("Expected identifier. Found '}'");
  }

  @Test
  void rejectsTheV1FormatAndFilesWithoutLayers() {
    assertThatThrownBy(() -> PrototxtReader.read("layers { name: \"a\" type: CONVOLUTION }",
        "old.prototxt"))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageContaining("old.prototxt")
        .hasMessageContaining("V1 'layers' format")
        .hasMessageContaining("upgrade_net_proto_text");
    assertThatThrownBy(() -> PrototxtReader.read("name: \"empty\"", "e.prototxt"))
        .hasMessageContaining("no 'layer { ... }' entries");
  }
}
