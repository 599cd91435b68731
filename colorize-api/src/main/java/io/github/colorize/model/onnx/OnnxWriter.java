package io.github.colorize.model.onnx;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import io.github.colorize.tensor.FloatTensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Serializes an {@link OnnxModel} as an ONNX {@code ModelProto}, the inverse of
 * {@link OnnxReader}. Fields are written in field-number order, repeated numbers unpacked as
 * {@code onnx.proto} (proto2) declares them, and every tensor as little-endian {@code raw_data}.
 * Weights are streamed in small chunks, so writing needs no second copy of the model in memory.
 */
public final class OnnxWriter {

  /** Floats converted per chunk when streaming raw_data. */
  private static final int CHUNK_FLOATS = 16384;

  private OnnxWriter() {}

  /** The model's serialized size in bytes. */
  public static int serializedSize(OnnxModel model) {
    checkNotNull(model, "model");
    return checkedInt(modelSize(model), "the model");
  }

  /** The serialized model. */
  public static byte[] toBytes(OnnxModel model) {
    byte[] bytes = new byte[serializedSize(model)];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      writeModel(out, model);
    } catch (IOException e) {
      throw new IllegalStateException("writing to an array cannot fail", e);
    }
    out.checkNoSpaceLeft();
    return bytes;
  }

  /** Writes the serialized model to {@code stream} (buffered here; the stream is not closed). */
  public static void write(OnnxModel model, OutputStream stream) throws IOException {
    checkNotNull(stream, "stream");
    serializedSize(model); // fail on a model over 2 GiB before writing anything
    CodedOutputStream out = CodedOutputStream.newInstance(stream, 1 << 16);
    writeModel(out, model);
    out.flush();
  }

  /**
   * Replaces every {@code metadata_props} entry of a serialized model with {@code metadata},
   * copying all other bytes as they are: nothing else is decoded or re-encoded, so fields colorize
   * does not model survive.
   *
   * @throws OnnxFormatException if {@code model} is not a readable protobuf
   */
  public static byte[] replaceMetadata(byte[] model, Map<String, String> metadata) {
    checkNotNull(model, "model");
    checkNotNull(metadata, "metadata");
    java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream(model.length + 8192);
    CodedInputStream in = CodedInputStream.newInstance(model);
    in.setSizeLimit(Integer.MAX_VALUE);
    try {
      while (true) {
        int start = in.getTotalBytesRead();
        int tag = in.readTag();
        if (tag == 0) {
          break;
        }
        in.skipField(tag);
        if (WireFormat.getTagFieldNumber(tag) != 14) {
          kept.write(model, start, in.getTotalBytesRead() - start);
        }
      }
      CodedOutputStream out = CodedOutputStream.newInstance(kept, 8192);
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        startMessage(out, 14, pairSize(e.getKey(), e.getValue()));
        out.writeString(1, e.getKey());
        out.writeString(2, e.getValue());
      }
      out.flush();
    } catch (IOException e) {
      throw new OnnxFormatException("not a readable ONNX protobuf: " + e.getMessage(), e);
    }
    return kept.toByteArray();
  }

  // --- ModelProto ---------------------------------------------------------------------------

  private static long modelSize(OnnxModel m) {
    long size = CodedOutputStream.computeInt64Size(1, m.irVersion());
    size += optString(2, m.producerName()) + optString(3, m.producerVersion())
        + optString(4, m.domain());
    if (m.modelVersion() != 0) {
      size += CodedOutputStream.computeInt64Size(5, m.modelVersion());
    }
    size += optString(6, m.docString());
    size += message(7, graphSize(m.graph()));
    size += message(8, opsetSize("", m.opsetVersion()));
    for (Map.Entry<String, Long> e : m.otherOpsets().entrySet()) {
      size += message(8, opsetSize(e.getKey(), e.getValue()));
    }
    for (Map.Entry<String, String> e : m.metadata().entrySet()) {
      size += message(14, pairSize(e.getKey(), e.getValue()));
    }
    return size;
  }

  private static void writeModel(CodedOutputStream out, OnnxModel m) throws IOException {
    out.writeInt64(1, m.irVersion());
    writeOptString(out, 2, m.producerName());
    writeOptString(out, 3, m.producerVersion());
    writeOptString(out, 4, m.domain());
    if (m.modelVersion() != 0) {
      out.writeInt64(5, m.modelVersion());
    }
    writeOptString(out, 6, m.docString());
    startMessage(out, 7, graphSize(m.graph()));
    writeGraph(out, m.graph());
    writeOpset(out, "", m.opsetVersion());
    for (Map.Entry<String, Long> e : m.otherOpsets().entrySet()) {
      writeOpset(out, e.getKey(), e.getValue());
    }
    for (Map.Entry<String, String> e : m.metadata().entrySet()) {
      startMessage(out, 14, pairSize(e.getKey(), e.getValue()));
      out.writeString(1, e.getKey());
      out.writeString(2, e.getValue());
    }
  }

  private static long opsetSize(String domain, long version) {
    return CodedOutputStream.computeStringSize(1, domain)
        + CodedOutputStream.computeInt64Size(2, version);
  }

  private static void writeOpset(CodedOutputStream out, String domain, long version)
      throws IOException {
    startMessage(out, 8, opsetSize(domain, version));
    out.writeString(1, domain);
    out.writeInt64(2, version);
  }

  /** Size of a metadata entry; also used to append entries to existing model bytes. */
  static long pairSize(String key, String value) {
    return CodedOutputStream.computeStringSize(1, key)
        + CodedOutputStream.computeStringSize(2, value);
  }

  // --- GraphProto ---------------------------------------------------------------------------

  private static long graphSize(OnnxGraph g) {
    long size = 0;
    for (OnnxNode n : g.nodes()) {
      size += message(1, nodeSize(n));
    }
    size += optString(2, g.name());
    for (Map.Entry<String, FloatTensor> e : g.initializers().entrySet()) {
      size += message(5, floatTensorSize(e.getKey(), e.getValue()));
    }
    for (OnnxTensor t : g.otherInitializers().values()) {
      size += message(5, tensorSize(t));
    }
    size += optString(10, g.docString());
    for (OnnxValueInfo v : g.inputs()) {
      size += message(11, valueInfoSize(v));
    }
    for (OnnxValueInfo v : g.outputs()) {
      size += message(12, valueInfoSize(v));
    }
    for (OnnxValueInfo v : g.valueInfo()) {
      size += message(13, valueInfoSize(v));
    }
    return size;
  }

  private static void writeGraph(CodedOutputStream out, OnnxGraph g) throws IOException {
    for (OnnxNode n : g.nodes()) {
      startMessage(out, 1, nodeSize(n));
      writeNode(out, n);
    }
    writeOptString(out, 2, g.name());
    for (Map.Entry<String, FloatTensor> e : g.initializers().entrySet()) {
      startMessage(out, 5, floatTensorSize(e.getKey(), e.getValue()));
      writeFloatTensor(out, e.getKey(), e.getValue());
    }
    for (OnnxTensor t : g.otherInitializers().values()) {
      startMessage(out, 5, tensorSize(t));
      writeTensor(out, t);
    }
    writeOptString(out, 10, g.docString());
    for (OnnxValueInfo v : g.inputs()) {
      startMessage(out, 11, valueInfoSize(v));
      writeValueInfo(out, v);
    }
    for (OnnxValueInfo v : g.outputs()) {
      startMessage(out, 12, valueInfoSize(v));
      writeValueInfo(out, v);
    }
    for (OnnxValueInfo v : g.valueInfo()) {
      startMessage(out, 13, valueInfoSize(v));
      writeValueInfo(out, v);
    }
  }

  // --- NodeProto, AttributeProto ------------------------------------------------------------

  private static long nodeSize(OnnxNode n) {
    long size = 0;
    for (String s : n.inputs()) {
      size += CodedOutputStream.computeStringSize(1, s);
    }
    for (String s : n.outputs()) {
      size += CodedOutputStream.computeStringSize(2, s);
    }
    size += optString(3, n.name()) + CodedOutputStream.computeStringSize(4, n.opType());
    for (OnnxAttribute a : n.attributes().values()) {
      size += message(5, attributeSize(a));
    }
    return size + optString(6, n.docString()) + optString(7, n.domain());
  }

  private static void writeNode(CodedOutputStream out, OnnxNode n) throws IOException {
    for (String s : n.inputs()) {
      out.writeString(1, s);
    }
    for (String s : n.outputs()) {
      out.writeString(2, s);
    }
    writeOptString(out, 3, n.name());
    out.writeString(4, n.opType());
    for (OnnxAttribute a : n.attributes().values()) {
      startMessage(out, 5, attributeSize(a));
      writeAttribute(out, a);
    }
    writeOptString(out, 6, n.docString());
    writeOptString(out, 7, n.domain());
  }

  private static long attributeSize(OnnxAttribute a) {
    long size = CodedOutputStream.computeStringSize(1, a.name());
    size += switch (a.type()) {
      case FLOAT -> CodedOutputStream.computeFloatSize(2, a.f());
      case INT -> CodedOutputStream.computeInt64Size(3, a.i());
      case STRING -> CodedOutputStream.computeStringSize(4, a.s());
      case TENSOR -> message(5, tensorSize(a.t()));
      case FLOATS -> (long) a.floats().length * CodedOutputStream.computeFloatSize(7, 0f);
      case INTS -> {
        long s = 0;
        for (long v : a.ints()) {
          s += CodedOutputStream.computeInt64Size(8, v);
        }
        yield s;
      }
    };
    return size + CodedOutputStream.computeInt32Size(20, a.type().code());
  }

  private static void writeAttribute(CodedOutputStream out, OnnxAttribute a) throws IOException {
    out.writeString(1, a.name());
    switch (a.type()) {
      case FLOAT -> out.writeFloat(2, a.f());
      case INT -> out.writeInt64(3, a.i());
      case STRING -> out.writeString(4, a.s());
      case TENSOR -> {
        startMessage(out, 5, tensorSize(a.t()));
        writeTensor(out, a.t());
      }
      case FLOATS -> {
        for (float v : a.floats()) {
          out.writeFloat(7, v);
        }
      }
      case INTS -> {
        for (long v : a.ints()) {
          out.writeInt64(8, v);
        }
      }
    }
    out.writeInt32(20, a.type().code());
  }

  // --- TensorProto --------------------------------------------------------------------------

  private static long dimsSize(long[] dims) {
    long size = 0;
    for (long d : dims) {
      size += CodedOutputStream.computeInt64Size(1, d);
    }
    return size;
  }

  private static long floatTensorSize(String name, FloatTensor t) {
    return dimsSize(t.longShape()) + CodedOutputStream.computeInt32Size(2, OnnxTensor.FLOAT)
        + optString(8, name) + message(9, (long) t.size() * 4);
  }

  private static void writeFloatTensor(CodedOutputStream out, String name, FloatTensor t)
      throws IOException {
    for (long d : t.longShape()) {
      out.writeInt64(1, d);
    }
    out.writeInt32(2, OnnxTensor.FLOAT);
    writeOptString(out, 8, name);
    float[] data = t.data();
    startMessage(out, 9, (long) data.length * 4);
    ByteBuffer chunk = ByteBuffer.allocate(Math.min(data.length, CHUNK_FLOATS) * 4)
        .order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer floats = chunk.asFloatBuffer();
    for (int off = 0; off < data.length; off += CHUNK_FLOATS) {
      int n = Math.min(CHUNK_FLOATS, data.length - off);
      floats.clear();
      floats.put(data, off, n);
      out.writeRawBytes(chunk.array(), 0, n * 4);
    }
  }

  private static long tensorSize(OnnxTensor t) {
    return dimsSize(t.dims()) + CodedOutputStream.computeInt32Size(2, t.dataType())
        + optString(8, t.name()) + message(9, t.raw().length);
  }

  private static void writeTensor(CodedOutputStream out, OnnxTensor t) throws IOException {
    for (long d : t.dims()) {
      out.writeInt64(1, d);
    }
    out.writeInt32(2, t.dataType());
    writeOptString(out, 8, t.name());
    out.writeByteArray(9, t.raw());
  }

  // --- ValueInfoProto -----------------------------------------------------------------------

  private static long dimSize(Dim d) {
    return d.isFixed() ? CodedOutputStream.computeInt64Size(1, d.value()) : optString(2, d.param());
  }

  private static long shapeSize(OnnxValueInfo v) {
    long size = 0;
    for (Dim d : v.shape()) {
      size += message(1, dimSize(d));
    }
    return size;
  }

  private static long tensorTypeSize(OnnxValueInfo v) {
    return CodedOutputStream.computeInt32Size(1, v.elemType())
        + (v.shape().isEmpty() ? 0 : message(2, shapeSize(v)));
  }

  private static long valueInfoSize(OnnxValueInfo v) {
    long size = CodedOutputStream.computeStringSize(1, v.name());
    if (v.elemType() != 0 || !v.shape().isEmpty()) {
      size += message(2, message(1, tensorTypeSize(v)));
    }
    return size;
  }

  private static void writeValueInfo(CodedOutputStream out, OnnxValueInfo v) throws IOException {
    out.writeString(1, v.name());
    if (v.elemType() == 0 && v.shape().isEmpty()) {
      return;
    }
    long tensorType = tensorTypeSize(v);
    startMessage(out, 2, message(1, tensorType));
    startMessage(out, 1, tensorType);
    out.writeInt32(1, v.elemType());
    if (!v.shape().isEmpty()) {
      startMessage(out, 2, shapeSize(v));
      for (Dim d : v.shape()) {
        startMessage(out, 1, dimSize(d));
        if (d.isFixed()) {
          out.writeInt64(1, d.value());
        } else {
          writeOptString(out, 2, d.param());
        }
      }
    }
  }

  // --- wire-level helpers -------------------------------------------------------------------

  /** Size of a length-delimited field (tag, length, body). */
  static long message(int field, long bodySize) {
    return CodedOutputStream.computeTagSize(field)
        + CodedOutputStream.computeUInt32SizeNoTag(checkedInt(bodySize, "a message")) + bodySize;
  }

  static void startMessage(CodedOutputStream out, int field, long bodySize) throws IOException {
    out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(checkedInt(bodySize, "a message"));
  }

  private static long optString(int field, String s) {
    return s.isEmpty() ? 0 : CodedOutputStream.computeStringSize(field, s);
  }

  private static void writeOptString(CodedOutputStream out, int field, String s)
      throws IOException {
    if (!s.isEmpty()) {
      out.writeString(field, s);
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
