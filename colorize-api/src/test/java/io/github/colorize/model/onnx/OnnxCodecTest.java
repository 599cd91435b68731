package io.github.colorize.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import io.github.colorize.tensor.FloatTensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnnxCodecTest {

  /** A model using every part of the subset: each attribute kind, other initializers, docs. */
  static OnnxModel everything() {
    Map<String, OnnxAttribute> convAttrs = new LinkedHashMap<>();
    convAttrs.put("kernel_shape", OnnxAttribute.ofInts("kernel_shape", 3, 3));
    convAttrs.put("pads", OnnxAttribute.ofInts("pads", -1, 0, 1, 1L << 40));
    convAttrs.put("alpha", OnnxAttribute.ofFloat("alpha", -0.0f));
    convAttrs.put("group", OnnxAttribute.ofInt("group", 0));
    convAttrs.put("mode", OnnxAttribute.ofString("mode", "bilinear \u00e9"));
    convAttrs.put("scales", OnnxAttribute.ofFloats("scales", 1f, Float.NaN, 4.5f));
    convAttrs.put("value", OnnxAttribute.ofTensor("value",
        OnnxTensor.ofLongs("", new long[] {2}, 7, -8)));
    OnnxNode conv = new OnnxNode("conv", "Conv", List.of("x", "w", ""), List.of("y"), convAttrs,
        "", "the first conv");
    OnnxNode custom = new OnnxNode("", "Gelu", List.of("y"), List.of("z"), Map.of(),
        "com.microsoft", "");
    Map<String, FloatTensor> weights = new LinkedHashMap<>();
    weights.put("w", FloatTensor.of(new float[] {1.5f, -2f, 0f, Float.MIN_VALUE}, 1, 1, 2, 2));
    weights.put("scalar", FloatTensor.of(new float[] {3f}));
    Map<String, OnnxTensor> others = new LinkedHashMap<>();
    others.put("shape", OnnxTensor.ofLongs("shape", new long[] {4}, 1, -1, 56, 56));
    others.put("roi", OnnxTensor.ofFloats("roi", new long[] {0}));
    others.put("flag", new OnnxTensor("flag", OnnxTensor.BOOL, new long[] {3},
        new byte[] {1, 0, 1}));
    OnnxValueInfo x = OnnxValueInfo.floatTensor("x", Dim.symbolic("N"), Dim.of(1),
        Dim.symbolic(""), Dim.of(0));
    OnnxValueInfo z = OnnxValueInfo.floatTensor("z", Dim.symbolic("N"), Dim.of(7));
    OnnxValueInfo y = new OnnxValueInfo("y", OnnxValueInfo.FLOAT, List.of());
    OnnxGraph graph = new OnnxGraph("g", List.of(conv, custom), weights, List.of(x), List.of(z),
        others, List.of(y), "graph doc");
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("colorize.gamut", "zhang2016-313");
    meta.put("author", "\u00fcnicode");
    return new OnnxModel(8, 17, "colorize", "0.1", graph, meta, "io.github", 3, "model doc",
        Map.of("com.microsoft", 1L));
  }

  @Test
  void roundTripKeepsEveryPartOfTheSubset() {
    OnnxModel model = everything();
    byte[] bytes = OnnxWriter.toBytes(model);
    assertThat(bytes).hasSize(OnnxWriter.serializedSize(model));
    OnnxModel back = OnnxReader.read(bytes);
    assertThat(back).isEqualTo(model);
    assertThat(back.graph().nodes().get(0).attributes().get("value").t().toLongs())
        .containsExactly(7, -8);
    assertThat(back.graph().otherInitializers().get("shape").toLongs())
        .containsExactly(1, -1, 56, 56);
    // The bytes are canonical: writing the read model again gives the same bytes.
    assertThat(OnnxWriter.toBytes(back)).isEqualTo(bytes);
  }

  @Test
  void streamWriteEqualsArrayWrite() throws IOException {
    OnnxModel model = everything();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OnnxWriter.write(model, out);
    assertThat(out.toByteArray()).isEqualTo(OnnxWriter.toBytes(model));
  }

  @Test
  void largeWeightsRoundTripBitForBit() {
    // More floats than one streaming chunk, with awkward values.
    Random random = new Random(7);
    float[] data = new float[3 * 16384 + 11];
    for (int i = 0; i < data.length; i++) {
      data[i] = Float.intBitsToFloat(random.nextInt());
    }
    data[0] = Float.NaN;
    data[1] = -0f;
    OnnxGraph graph = new OnnxGraph("big", List.of(new OnnxNode("id", "Identity", List.of("x"),
        List.of("y"), Map.of())), Map.of("w", FloatTensor.of(data, data.length)),
        List.of(OnnxValueInfo.floatTensor("x", Dim.of(1))),
        List.of(OnnxValueInfo.floatTensor("y", Dim.of(1))));
    OnnxModel back = OnnxReader.read(OnnxWriter.toBytes(OnnxModel.of(graph, Map.of())));
    float[] read = back.graph().initializers().get("w").data();
    assertThat(Arrays.equals(floatBits(read), floatBits(data))).isTrue();
  }

  private static int[] floatBits(float[] f) {
    int[] bits = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      bits[i] = Float.floatToRawIntBits(f[i]);
    }
    return bits;
  }

  @Test
  void readsPackedAndUnpackedRepeatedFields() throws IOException {
    // Written by hand, as other producers may: packed dims, packed ints, unpacked floats,
    // float_data instead of raw_data, int64_data, and initializers listed among the inputs.
    byte[] packedTensor = message(out -> {
      writePackedLongs(out, 1, 2, 2);
      out.writeInt32(2, OnnxTensor.FLOAT);
      writePackedFloats(out, 4, 1f, 2f, 3f, 4f);
      out.writeString(8, "w");
    });
    byte[] unpackedTensor = message(out -> {
      out.writeInt64(1, 3);
      out.writeInt32(2, OnnxTensor.FLOAT);
      out.writeFloat(4, 5f);
      out.writeFloat(4, 6f);
      out.writeFloat(4, 7f);
      out.writeString(8, "b");
    });
    byte[] int64Tensor = message(out -> {
      out.writeInt64(1, 2);
      out.writeInt32(2, OnnxTensor.INT64);
      writePackedLongs(out, 7, -1, 1L << 33);
      out.writeString(8, "shape");
    });
    byte[] int32Tensor = message(out -> {
      out.writeInt64(1, 2);
      out.writeInt32(2, OnnxTensor.INT8);
      out.writeInt32(5, -3);
      out.writeInt32(5, 100);
      out.writeString(8, "small");
    });
    byte[] packedInts = message(out -> {
      out.writeString(1, "strides");
      writePackedLongs(out, 8, 2, 2);
      out.writeInt32(20, 7);
    });
    byte[] unpackedFloats = message(out -> {
      out.writeString(1, "scales");
      out.writeFloat(7, 0.5f);
      out.writeFloat(7, 2f);
      // no type field: IR version 1 style, inferred from the field present
    });
    byte[] node = message(out -> {
      out.writeString(1, "x");
      out.writeString(1, "w");
      out.writeString(2, "y");
      out.writeString(4, "Conv");
      writeMessage(out, 5, packedInts);
      writeMessage(out, 5, unpackedFloats);
      out.writeString(99, "an unknown field to skip");
    });
    byte[] graph = message(out -> {
      writeMessage(out, 1, node);
      writeMessage(out, 5, packedTensor);
      writeMessage(out, 5, unpackedTensor);
      writeMessage(out, 5, int64Tensor);
      writeMessage(out, 5, int32Tensor);
      writeMessage(out, 11, valueInfo("x"));
      writeMessage(out, 11, valueInfo("w"));
      writeMessage(out, 12, valueInfo("y"));
    });
    byte[] model = message(out -> {
      out.writeInt64(1, 3);
      writeMessage(out, 7, graph);
      writeMessage(out, 8, message(o -> o.writeInt64(2, 9)));
    });

    OnnxModel m = OnnxReader.read(model);
    assertThat(m.irVersion()).isEqualTo(3);
    assertThat(m.opsetVersion()).isEqualTo(9);
    OnnxGraph g = m.graph();
    assertThat(g.initializers().get("w")).isEqualTo(FloatTensor.of(new float[] {1, 2, 3, 4}, 2, 2));
    assertThat(g.initializers().get("b")).isEqualTo(FloatTensor.of(new float[] {5, 6, 7}, 3));
    assertThat(g.otherInitializers().get("shape").toLongs()).containsExactly(-1, 1L << 33);
    assertThat(g.otherInitializers().get("small").toLongs()).containsExactly(-3, 100);
    assertThat(g.inputs()).extracting(OnnxValueInfo::name).containsExactly("x");
    OnnxNode conv = g.nodes().get(0);
    assertThat(conv.intsAttr("strides", null)).containsExactly(2, 2);
    assertThat(conv.attributes().get("scales").type()).isEqualTo(OnnxAttribute.Type.FLOATS);
    assertThat(conv.attributes().get("scales").floats()).containsExactly(0.5f, 2f);
  }

  private static byte[] valueInfo(String name) throws IOException {
    byte[] dim = message(o -> o.writeInt64(1, 4));
    byte[] shape = message(o -> writeMessage(o, 1, dim));
    byte[] tensorType = message(o -> {
      o.writeInt32(1, 1);
      writeMessage(o, 2, shape);
    });
    byte[] type = message(o -> writeMessage(o, 1, tensorType));
    return message(o -> {
      o.writeString(1, name);
      writeMessage(o, 2, type);
    });
  }

  @Test
  void truncatedBytesGiveAClearError() {
    byte[] bytes = OnnxWriter.toBytes(everything());
    byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);
    assertThatThrownBy(() -> OnnxReader.read(cut)).isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("truncated or corrupt").hasMessageContaining("of " + cut.length);
  }

  @Test
  void garbageAndEmptyInputGiveClearErrors() {
    byte[] garbage = new byte[4096];
    new Random(1).nextBytes(garbage);
    assertThatThrownBy(() -> OnnxReader.read(garbage)).isInstanceOf(OnnxFormatException.class);
    assertThatThrownBy(() -> OnnxReader.read(new byte[0])).isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("empty");
    byte[] text = "just some text, not a model\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThatThrownBy(() -> OnnxReader.read(text)).isInstanceOf(OnnxFormatException.class);
  }

  @Test
  void protobufWithoutGraphIsNotAModel() throws IOException {
    byte[] noGraph = message(o -> {
      o.writeInt64(1, 8);
      o.writeString(2, "someone");
    });
    assertThatThrownBy(() -> OnnxReader.read(noGraph)).isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("no graph");
  }

  @Test
  void externalDataIsRejectedByName() throws IOException {
    byte[] tensor = message(o -> {
      o.writeInt64(1, 2);
      o.writeInt32(2, OnnxTensor.FLOAT);
      o.writeString(8, "far_away");
      o.writeInt32(14, 1);
    });
    byte[] model = message(o -> writeMessage(o, 7, message(g -> writeMessage(g, 5, tensor))));
    assertThatThrownBy(() -> OnnxReader.read(model)).isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("far_away").hasMessageContaining("external");
  }

  @Test
  void tensorWithWrongDataLengthIsRejectedByName() throws IOException {
    byte[] tensor = message(o -> {
      o.writeInt64(1, 3);
      o.writeInt32(2, OnnxTensor.FLOAT);
      o.writeString(8, "short");
      o.writeByteArray(9, new byte[8]);
    });
    byte[] model = message(o -> writeMessage(o, 7, message(g -> writeMessage(g, 5, tensor))));
    assertThatThrownBy(() -> OnnxReader.read(model)).isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("short").hasMessageContaining("expected 12");
  }

  @Test
  void replaceMetadataKeepsEverythingElse() {
    OnnxModel model = everything();
    Map<String, String> meta = Map.of("colorize.format_version", "1");
    byte[] replaced = OnnxWriter.replaceMetadata(OnnxWriter.toBytes(model), meta);
    OnnxModel back = OnnxReader.read(replaced);
    assertThat(back.metadata()).isEqualTo(meta);
    assertThat(back.withMetadata(model.metadata())).isEqualTo(model);
  }

  @Test
  void floatsFromRawBytesAreLittleEndian() {
    byte[] raw = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.25f)
        .putFloat(-3f).array();
    OnnxTensor t = new OnnxTensor("t", OnnxTensor.FLOAT, new long[] {2}, raw);
    assertThat(t.toFloats()).containsExactly(1.25f, -3f);
    assertThatThrownBy(() -> new OnnxTensor("t", OnnxTensor.FLOAT, new long[] {3}, raw))
        .hasMessageContaining("needs 12 bytes, got 8");
  }

  // --- hand encoding ------------------------------------------------------------------------

  private interface Body {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Body body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    body.write(out);
    out.flush();
    return bytes.toByteArray();
  }

  private static void writeMessage(CodedOutputStream out, int field, byte[] body)
      throws IOException {
    out.writeByteArray(field, body);
  }

  private static void writePackedLongs(CodedOutputStream out, int field, long... values)
      throws IOException {
    int size = 0;
    for (long v : values) {
      size += CodedOutputStream.computeInt64SizeNoTag(v);
    }
    out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(size);
    for (long v : values) {
      out.writeInt64NoTag(v);
    }
  }

  private static void writePackedFloats(CodedOutputStream out, int field, float... values)
      throws IOException {
    out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(values.length * 4);
    for (float v : values) {
      out.writeFloatNoTag(v);
    }
  }
}
