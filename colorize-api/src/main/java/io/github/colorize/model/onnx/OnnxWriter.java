package io.github.colorize.model.onnx;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import io.github.colorize.model.onnx.proto.OnnxProtos.AttributeProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.GraphProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.ModelProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.NodeProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.OperatorSetIdProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.StringStringEntryProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.TensorProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.TensorShapeProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.TypeProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.ValueInfoProto;
import io.github.colorize.tensor.FloatTensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Serializes an {@link OnnxModel} as an ONNX {@code ModelProto}, the inverse of
 * {@link OnnxReader}: the value types are mapped to protobuf-java's classes generated from
 * {@code src/main/proto/onnx_subset.proto}, which write every field (in field-number order,
 * repeated numbers as {@code onnx.proto} declares them, every tensor as little-endian
 * {@code raw_data}).
 *
 * <p>A message holds all its content, so one {@code ModelProto} of the whole model would be a
 * second copy of every weight. The model is therefore written as the concatenation protobuf's
 * encoding defines for it: the model's fields before the graph, the graph field's tag and length,
 * the graph's fields with one float initializer message built at a time, then the model's fields
 * after the graph. The bytes are those {@code ModelProto.toByteArray()} would give, and writing
 * needs at most one tensor's bytes beyond the model itself.
 */
public final class OnnxWriter {

  private static final int GRAPH = ModelProto.GRAPH_FIELD_NUMBER;
  private static final int INITIALIZER = GraphProto.INITIALIZER_FIELD_NUMBER;
  private static final int RAW_DATA = TensorProto.RAW_DATA_FIELD_NUMBER;

  private OnnxWriter() {}

  /** The model's serialized size in bytes. */
  public static int serializedSize(OnnxModel model) {
    checkNotNull(model, "model");
    return checkedInt(new Parts(model).size(), "the model");
  }

  /** The serialized model. */
  public static byte[] toBytes(OnnxModel model) {
    checkNotNull(model, "model");
    Parts parts = new Parts(model);
    byte[] bytes = new byte[checkedInt(parts.size(), "the model")];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      parts.writeTo(out);
    } catch (IOException e) {
      throw new IllegalStateException("writing to an array cannot fail", e);
    }
    out.checkNoSpaceLeft();
    return bytes;
  }

  /** Writes the serialized model to {@code stream} (buffered here; the stream is not closed). */
  public static void write(OnnxModel model, OutputStream stream) throws IOException {
    checkNotNull(model, "model");
    checkNotNull(stream, "stream");
    Parts parts = new Parts(model);
    checkedInt(parts.size(), "the model"); // fail on a model over 2 GiB before writing anything
    CodedOutputStream out = CodedOutputStream.newInstance(stream, 1 << 16);
    parts.writeTo(out);
    out.flush();
  }

  /**
   * Replaces every {@code metadata_props} entry of a serialized model with {@code metadata}. The
   * model is parsed without copying its weights and written back; fields colorize does not model
   * survive as protobuf unknown fields (written after the known fields of their message).
   *
   * @throws OnnxFormatException if {@code model} is not a readable protobuf
   */
  public static byte[] replaceMetadata(byte[] model, Map<String, String> metadata) {
    checkNotNull(model, "model");
    checkNotNull(metadata, "metadata");
    CodedInputStream in = OnnxReader.aliasingInput(model);
    ModelProto proto;
    try {
      proto = ModelProto.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxFormatException("not a readable ONNX protobuf: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new OnnxFormatException("cannot parse the ONNX protobuf: " + e.getMessage(), e);
    }
    ModelProto.Builder b = proto.toBuilder().clearMetadataProps();
    metadata.forEach((k, v) -> b.addMetadataProps(entry(k, v)));
    return b.build().toByteArray();
  }

  /** The model as the generated messages it is written from; float weights come one by one. */
  private static final class Parts {
    private final ModelProto head;
    private final GraphProto graphHead;
    private final Map<String, FloatTensor> weights;
    private final GraphProto graphTail;
    private final ModelProto tail;
    private final long graphSize;

    Parts(OnnxModel m) {
      ModelProto.Builder h = ModelProto.newBuilder().setIrVersion(m.irVersion());
      setIfNotEmpty(m.producerName(), h::setProducerName);
      setIfNotEmpty(m.producerVersion(), h::setProducerVersion);
      setIfNotEmpty(m.domain(), h::setDomain);
      if (m.modelVersion() != 0) {
        h.setModelVersion(m.modelVersion());
      }
      setIfNotEmpty(m.docString(), h::setDocString);
      head = h.build();

      OnnxGraph g = m.graph();
      GraphProto.Builder gh = GraphProto.newBuilder();
      g.nodes().forEach(n -> gh.addNode(node(n)));
      setIfNotEmpty(g.name(), gh::setName);
      graphHead = gh.build();
      weights = g.initializers();
      // Other initializers are small (shapes, constants): they travel with the graph's tail,
      // whose own fields all come after the initializers.
      GraphProto.Builder gt = GraphProto.newBuilder();
      g.otherInitializers().values().forEach(t -> gt.addInitializer(tensor(t)));
      setIfNotEmpty(g.docString(), gt::setDocString);
      g.inputs().forEach(v -> gt.addInput(valueInfo(v)));
      g.outputs().forEach(v -> gt.addOutput(valueInfo(v)));
      g.valueInfo().forEach(v -> gt.addValueInfo(valueInfo(v)));
      graphTail = gt.build();

      ModelProto.Builder t = ModelProto.newBuilder();
      t.addOpsetImport(opset("", m.opsetVersion()));
      m.otherOpsets().forEach((domain, version) -> t.addOpsetImport(opset(domain, version)));
      m.metadata().forEach((k, v) -> t.addMetadataProps(entry(k, v)));
      tail = t.build();

      long size = graphHead.getSerializedSize();
      for (Map.Entry<String, FloatTensor> e : weights.entrySet()) {
        long body = floatTensorHead(e.getKey(), e.getValue()).getSerializedSize()
            + lengthDelimitedSize(RAW_DATA, e.getValue().size() * 4L);
        size += lengthDelimitedSize(INITIALIZER, body);
      }
      graphSize = size + graphTail.getSerializedSize();
    }

    long size() {
      return head.getSerializedSize() + lengthDelimitedSize(GRAPH, graphSize)
          + tail.getSerializedSize();
    }

    void writeTo(CodedOutputStream out) throws IOException {
      head.writeTo(out);
      out.writeTag(GRAPH, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(checkedInt(graphSize, "the graph"));
      graphHead.writeTo(out);
      for (Map.Entry<String, FloatTensor> e : weights.entrySet()) {
        out.writeMessage(INITIALIZER, floatTensor(e.getKey(), e.getValue()));
      }
      graphTail.writeTo(out);
      tail.writeTo(out);
    }
  }

  private static long lengthDelimitedSize(int field, long bodySize) {
    return CodedOutputStream.computeTagSize(field)
        + CodedOutputStream.computeUInt32SizeNoTag(checkedInt(bodySize, "a message")) + bodySize;
  }

  // --- value types to messages ----------------------------------------------------------------

  private static OperatorSetIdProto opset(String domain, long version) {
    return OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version).build();
  }

  private static StringStringEntryProto entry(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

  private static NodeProto node(OnnxNode n) {
    NodeProto.Builder b = NodeProto.newBuilder().addAllInput(n.inputs()).addAllOutput(n.outputs());
    setIfNotEmpty(n.name(), b::setName);
    b.setOpType(n.opType());
    n.attributes().values().forEach(a -> b.addAttribute(attribute(a)));
    setIfNotEmpty(n.docString(), b::setDocString);
    setIfNotEmpty(n.domain(), b::setDomain);
    return b.build();
  }

  private static AttributeProto attribute(OnnxAttribute a) {
    AttributeProto.Builder b = AttributeProto.newBuilder().setName(a.name());
    switch (a.type()) {
      case FLOAT -> b.setF(a.f());
      case INT -> b.setI(a.i());
      case STRING -> b.setS(ByteString.copyFromUtf8(a.s()));
      case TENSOR -> b.setT(tensor(a.t()));
      case FLOATS -> {
        for (float v : a.floats()) {
          b.addFloats(v);
        }
      }
      case INTS -> {
        for (long v : a.ints()) {
          b.addInts(v);
        }
      }
    }
    return b.setType(a.type().code()).build();
  }

  /** A float tensor's message without its data: the fields before {@code raw_data}. */
  private static TensorProto floatTensorHead(String name, FloatTensor t) {
    TensorProto.Builder b = TensorProto.newBuilder();
    for (long d : t.longShape()) {
      b.addDims(d);
    }
    b.setDataType(OnnxTensor.FLOAT);
    setIfNotEmpty(name, b::setName);
    return b.build();
  }

  private static TensorProto floatTensor(String name, FloatTensor t) {
    ByteBuffer raw = ByteBuffer.allocate(t.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(t.data());
    // The buffer is this message's alone and never changed: wrapping it saves a second copy.
    return floatTensorHead(name, t).toBuilder()
        .setRawData(UnsafeByteOperations.unsafeWrap(raw.array())).build();
  }

  private static TensorProto tensor(OnnxTensor t) {
    TensorProto.Builder b = TensorProto.newBuilder();
    for (long d : t.dims()) {
      b.addDims(d);
    }
    b.setDataType(t.dataType());
    setIfNotEmpty(t.name(), b::setName);
    return b.setRawData(UnsafeByteOperations.unsafeWrap(t.raw())).build(); // never modified
  }

  private static ValueInfoProto valueInfo(OnnxValueInfo v) {
    ValueInfoProto.Builder b = ValueInfoProto.newBuilder().setName(v.name());
    if (v.elemType() == 0 && v.shape().isEmpty()) {
      return b.build();
    }
    TypeProto.Tensor.Builder tensorType = TypeProto.Tensor.newBuilder().setElemType(v.elemType());
    if (!v.shape().isEmpty()) {
      TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
      for (Dim d : v.shape()) {
        TensorShapeProto.Dimension.Builder dim = shape.addDimBuilder();
        if (d.isFixed()) {
          dim.setDimValue(d.value());
        } else {
          setIfNotEmpty(d.param(), dim::setDimParam);
        }
      }
      tensorType.setShape(shape);
    }
    return b.setType(TypeProto.newBuilder().setTensorType(tensorType)).build();
  }

  /** proto2 writes a set field even when empty; colorize leaves optional strings unset instead. */
  private static void setIfNotEmpty(String value, java.util.function.Consumer<String> setter) {
    if (!value.isEmpty()) {
      setter.accept(value);
    }
  }

  private static int checkedInt(long size, String what) {
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(what + " would take " + size
          + " bytes; a single ONNX protobuf is limited to 2 GiB");
    }
    return (int) size;
  }
}
