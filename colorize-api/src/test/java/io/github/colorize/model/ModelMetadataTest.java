package io.github.colorize.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelMetadataTest {

  @Test
  void encodeThenDecodeIsIdentity() {
    ModelMetadata m = ModelFileTest.richMetadata(Eccv16.logits(0.25)).toBuilder()
        .inputNormalization(new InputNormalization(50f, 2.5f)).build();
    Map<String, String> props = MetadataCodec.encode(m);
    assertThat(props).containsEntry("colorize.format_version", "1")
        .containsEntry("colorize.gamut", "zhang2016-313").containsEntry("colorize.bins", "313")
        .containsEntry("colorize.input_normalization", "(L-50)/2.5")
        .containsEntry("colorize.output_stride", "4").containsEntry("colorize.output", "logits")
        .containsEntry("colorize.temperature", "0.2").containsEntry("colorize.input_size", "112")
        .containsEntry("colorize.loss", "full");
    assertThat(props.get("colorize.prior").split(",")).hasSize(313);
    MetadataCodec.Decoded back = MetadataCodec.decode(props, ModelMetadata.paperDefaults(), "x");
    assertThat(back.metadata()).isEqualTo(m);
    assertThat(back.missingKeys()).isEmpty();
  }

  @Test
  void equalityComparesThePriorByContent() {
    double[] prior = ModelFileTest.prior313();
    ModelMetadata a = ModelMetadata.builder().prior(prior).build();
    ModelMetadata b = ModelMetadata.builder().prior(prior.clone()).build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    prior[0] += 1e-9;
    assertThat(ModelMetadata.builder().prior(prior).build()).isNotEqualTo(a);
    assertThat(a.toString()).contains("313 values");
  }

  @Test
  void extraNamesLoseThePrefixAndMayNotShadowFields() {
    ModelMetadata m = ModelMetadata.builder().extra("colorize.recipe", "r").build();
    assertThat(m.extra()).containsExactly(Map.entry("recipe", "r"));
    assertThatThrownBy(() -> ModelMetadata.builder().extra("gamut", "other").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'gamut'")
        .hasMessageContaining("shadow");
  }

  @Test
  void decodeWithoutColorizeKeysUsesTheDefaultsEntirely() {
    ModelMetadata defaults = ModelMetadata.builder().outputKind(OutputKind.AB).outputStride(1)
        .prior(ModelFileTest.prior313()).build();
    MetadataCodec.Decoded d = MetadataCodec.decode(Map.of("author", "x"), defaults, "f");
    assertThat(d.metadata()).isEqualTo(defaults);
    assertThat(d.allDefaults()).isTrue();
  }

  @Test
  void eccv16DefaultMetadataFitsTheNetwork() {
    assertThat(Eccv16.paper().defaultMetadata()).isEqualTo(ModelMetadata.paperDefaults());
    ModelMetadata ab = Eccv16.ab(0.5).defaultMetadata();
    assertThat(ab.outputKind()).isEqualTo(OutputKind.AB);
    assertThat(ab.outputStride()).isEqualTo(4);
    ModelMetadata custom = new Eccv16(0.5, OutputKind.LOGITS, 100).defaultMetadata();
    assertThat(custom.binCount()).isEqualTo(100);
    assertThat(custom.gamutId()).isEqualTo("custom-100");
  }
}
