package io.github.colorize.model.caffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.model.caffe.testing.CaffeModelWriter;
import io.github.colorize.model.caffe.testing.CaffeModelWriter.Blob;
import io.github.colorize.model.caffe.testing.CaffeModelWriter.Encoding;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NetParameterReaderTest {

  private static CaffeNet read(byte[] bytes, String name) throws IOException {
    return NetParameterReader.read(new ByteArrayInputStream(bytes), name);
  }

  private static float[] ramp(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i * 0.25f - 3f;
    }
    return v;
  }

  @Test
  void readsLayersBlobsAndShapesSkippingWhatItDoesNotNeed() throws IOException {
    CaffeModelWriter w = new CaffeModelWriter("tiny");
    w.layer("data", "Input").top("data");
    w.layer("conv", "Convolution").bottom("data").top("conv")
        .blob(Blob.of(ramp(2 * 3 * 3 * 3), 2, 3, 3, 3))
        .blob(Blob.legacy(ramp(2), 1, 1, 1, 2))
        .convolution(2, 3, 2, 2, 2).withSnapshotExtras();
    w.layer("bn", "BatchNorm").bottom("conv").top("bn")
        .blob(Blob.of(ramp(2), 2).encoded(Encoding.UNPACKED_FLOAT))
        .blob(Blob.of(ramp(2), 2).encoded(Encoding.PACKED_DOUBLE))
        // Legacy fields win over a shape written beside them (Caffe's rule).
        .blob(Blob.legacy(new float[] {999.98f}, 1, 1, 1, 1).withConflictingShape(7));

    CaffeNet net = read(w.toByteArray(), "tiny.caffemodel");

    assertThat(net.name()).isEqualTo("tiny");
    assertThat(net.layers()).extracting(CaffeLayer::name).containsExactly("data", "conv", "bn");
    CaffeLayer conv = net.layers().get(1);
    assertThat(conv.type()).isEqualTo("Convolution");
    assertThat(conv.bottoms()).containsExactly("data");
    assertThat(conv.tops()).containsExactly("conv");
    assertThat(conv.describe()).isEqualTo("layer 'conv' (Convolution, layer #2)");
    assertThat(ConvolutionSpec.of(conv.param("convolution_param")))
        .isEqualTo(new ConvolutionSpec(2, true, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1));
    assertThat(conv.blobs()).hasSize(2);
    assertThat(conv.blobs().get(0).shape()).containsExactly(2, 3, 3, 3);
    assertThat(conv.blobs().get(0).legacyShape()).isFalse();
    assertThat(conv.blobs().get(0).data()).containsExactly(ramp(54));
    assertThat(conv.blobs().get(1).shape()).containsExactly(1, 1, 1, 2);
    assertThat(conv.blobs().get(1).legacyShape()).isTrue();
    assertThat(conv.blobs().get(1).hasShape(2)).isTrue();
    assertThat(conv.blobs().get(1).hasShape(1, 2)).isTrue();
    assertThat(conv.blobs().get(1).hasShape(2, 1)).isFalse();
    // phase: TEST of the snapshot extras is read, the unknown field 4321 skipped.
    assertThat(conv.params().string("phase", "")).isEqualTo("TEST");

    CaffeLayer bn = net.layers().get(2);
    assertThat(bn.blobs().get(0).data()).containsExactly(ramp(2));
    assertThat(bn.blobs().get(1).data()).containsExactly(ramp(2));
    assertThat(bn.blobs().get(2).shape()).containsExactly(1, 1, 1, 1);
    assertThat(bn.blobs().get(2).data()).containsExactly(999.98f);
  }

  @Test
  void aTruncatedFileNamesTheFileAndTheLayer() {
    CaffeModelWriter w = new CaffeModelWriter("net");
    w.layer("first", "Convolution").blob(Blob.of(ramp(100), 100));
    w.layer("second_layer", "Convolution").blob(Blob.of(ramp(1000), 1000));
    byte[] whole = w.toByteArray();
    // Cut inside the second layer's blob data.
    byte[] cut = Arrays.copyOf(whole, whole.length - 1500);

    assertThatThrownBy(() -> read(cut, "cut.caffemodel"))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageContaining("cut.caffemodel")
        .hasMessageContaining("layer #2 'second_layer', blob 0")
        .hasMessageContaining("truncated");
    // Cut inside the first layer's name: its number is known, its name is not.
    byte[] header = Arrays.copyOf(whole, 12);
    assertThatThrownBy(() -> read(header, "h.caffemodel"))
        .hasMessageContaining("layer #1")
        .hasMessageContaining("truncated");
  }

  @Test
  void rejectsTextEmptyAndGarbageWithAReason() {
    byte[] text = "name: \"LtoAB\"\nlayer {\n  name: \"data_l\"\n  type: \"Input\"\n}\n"
        .getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> read(text, "deploy.prototxt"))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageContaining("deploy.prototxt")
        .hasMessageContaining("the file is text");
    assertThatThrownBy(() -> read(new byte[0], "empty.caffemodel"))
        .hasMessageContaining("empty.caffemodel: the file is empty");
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
    assertThatThrownBy(() -> read(garbage, "junk.bin"))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageContaining("junk.bin")
        .hasMessageContaining("not a binary Caffe NetParameter");
    // A well-formed message with no layers (the V1 'layers' field only).
    assertThatThrownBy(() -> read(new byte[] {0x12, 0x00}, "v1.caffemodel"))
        .hasMessageContaining("V1 'layers' format");
  }

  @Test
  void aBlobWhoseValuesDoNotFitItsShapeIsRejected() {
    CaffeModelWriter w = new CaffeModelWriter("net");
    w.layer("conv2_1", "Convolution").blob(Blob.of(ramp(10), 2, 3));
    assertThatThrownBy(() -> read(w.toByteArray(), "m.caffemodel"))
        .isInstanceOf(CaffeFormatException.class)
        .hasMessageContaining("m.caffemodel")
        .hasMessageContaining("layer 'conv2_1' blob 0 has shape [2, 3]")
        .hasMessageContaining("holds 6 values, but the file stores 10");
  }
}
