package io.github.colorize.model.onnx;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import io.github.colorize.tensor.FloatTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses the bytes of an ONNX {@code ModelProto} into an {@link OnnxModel}: the subset of
 * {@code onnx.proto} colorize uses, read with protobuf-java's wire-level decoder (no generated
 * classes). Unknown fields are skipped; repeated numbers are read in packed and unpacked form.
 *
 * <p>Float32 weights become {@link FloatTensor}s without an intermediate copy of the protobuf
 * bytes, so a 129 MB model needs about its own size again in heap.
 */
public final class OnnxReader {

  private static final Logger LOG = LoggerFactory.getLogger(OnnxReader.class);

  private final CodedInputStream in;
  /** Which part of the file is being read, for error messages. */
  private String where = "ModelProto";

  private OnnxReader(byte[] bytes) {
    in = CodedInputStream.newInstance(bytes);
    // raw_data then aliases the array instead of being copied.
    in.enableAliasing(true);
    in.setSizeLimit(Integer.MAX_VALUE);
  }

  /**
   * Parses a serialized ONNX model.
   *
   * @throws OnnxFormatException if the bytes are not a readable ONNX model; the message says at
   *     which byte and in which part of the file
   */
  public static OnnxModel read(byte[] bytes) {
    checkNotNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new OnnxFormatException("the file is empty, expected an ONNX model");
    }
    OnnxReader reader = new OnnxReader(bytes);
    try {
      return reader.model();
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxFormatException("not a readable ONNX protobuf (truncated or corrupt) at byte "
          + reader.in.getTotalBytesRead() + " of " + bytes.length + ", in " + reader.where + ": "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new OnnxFormatException("cannot parse the ONNX protobuf: " + e.getMessage(), e);
    } catch (OnnxFormatException e) {
      throw e;
    } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
      throw new OnnxFormatException("bad ONNX content in " + reader.where + ": " + e.getMessage(),
          e);
    }
  }

  private OnnxModel model() throws IOException {
    long irVersion = 0;
    long opset = 0;
    String producerName = "";
    String producerVersion = "";
    String domain = "";
    long modelVersion = 0;
    String docString = "";
    OnnxGraph graph = null;
    Map<String, String> metadata = new LinkedHashMap<>();
    Map<String, Long> otherOpsets = new LinkedHashMap<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> irVersion = readInt64(tag);
        case 2 -> producerName = readString(tag);
        case 3 -> producerVersion = readString(tag);
        case 4 -> domain = readString(tag);
        case 5 -> modelVersion = readInt64(tag);
        case 6 -> docString = readString(tag);
        case 7 -> {
          expectLength(tag);
          where = "graph";
          graph = nested(this::graph);
          where = "ModelProto";
        }
        case 8 -> {
          expectLength(tag);
          String[] opsetDomain = {""};
          long[] version = {0};
          nested(() -> {
            int t;
            while ((t = in.readTag()) != 0) {
              switch (WireFormat.getTagFieldNumber(t)) {
                case 1 -> opsetDomain[0] = readString(t);
                case 2 -> version[0] = readInt64(t);
                default -> in.skipField(t);
              }
            }
            return null;
          });
          if (opsetDomain[0].isEmpty() || opsetDomain[0].equals("ai.onnx")) {
            opset = version[0];
          } else {
            otherOpsets.put(opsetDomain[0], version[0]);
          }
        }
        case 14 -> {
          expectLength(tag);
          String[] kv = nested(this::stringPair);
          metadata.put(kv[0], kv[1]);
        }
        default -> in.skipField(tag);
      }
    }
    if (graph == null) {
      throw new OnnxFormatException("no graph found: the bytes are not an ONNX model");
    }
    return new OnnxModel(irVersion, opset, producerName, producerVersion, graph, metadata, domain,
        modelVersion, docString, otherOpsets);
  }

  private String[] stringPair() throws IOException {
    String[] kv = {"", ""};
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> kv[0] = readString(tag);
        case 2 -> kv[1] = readString(tag);
        default -> in.skipField(tag);
      }
    }
    return kv;
  }

  private OnnxGraph graph() throws IOException {
    String name = "";
    String docString = "";
    List<OnnxNode> nodes = new ArrayList<>();
    Map<String, FloatTensor> initializers = new LinkedHashMap<>();
    Map<String, OnnxTensor> others = new LinkedHashMap<>();
    List<OnnxValueInfo> inputs = new ArrayList<>();
    List<OnnxValueInfo> outputs = new ArrayList<>();
    List<OnnxValueInfo> valueInfo = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> {
          expectLength(tag);
          where = "graph node #" + nodes.size();
          nodes.add(nested(this::node));
        }
        case 2 -> name = readString(tag);
        case 5 -> {
          expectLength(tag);
          where = "graph initializer #" + (initializers.size() + others.size());
          RawTensor t = nested(this::tensor);
          where = "graph initializer '" + t.name + "'";
          if (t.isNonEmptyFloat()) {
            initializers.put(t.name, t.toFloatTensor());
          } else {
            others.put(t.name, t.toOnnxTensor());
          }
        }
        case 10 -> docString = readString(tag);
        case 11 -> {
          expectLength(tag);
          where = "graph input #" + inputs.size();
          inputs.add(nested(this::valueInfo));
        }
        case 12 -> {
          expectLength(tag);
          where = "graph output #" + outputs.size();
          outputs.add(nested(this::valueInfo));
        }
        case 13 -> {
          expectLength(tag);
          where = "graph value_info #" + valueInfo.size();
          valueInfo.add(nested(this::valueInfo));
        }
        case 15 -> throw new OnnxFormatException(
            "the graph has sparse initializers, which colorize does not read");
        default -> in.skipField(tag);
      }
      where = "graph";
    }
    // Before IR 4 (and in some exports) initializers are listed among the inputs too.
    inputs.removeIf(v -> initializers.containsKey(v.name()) || others.containsKey(v.name()));
    return new OnnxGraph(name, nodes, initializers, inputs, outputs, others, valueInfo, docString);
  }

  private OnnxNode node() throws IOException {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String name = "";
    String opType = "";
    String domain = "";
    String docString = "";
    Map<String, OnnxAttribute> attributes = new LinkedHashMap<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> inputs.add(readString(tag));
        case 2 -> outputs.add(readString(tag));
        case 3 -> name = readString(tag);
        case 4 -> opType = readString(tag);
        case 5 -> {
          expectLength(tag);
          OnnxAttribute a = nested(this::attribute);
          if (a != null) {
            attributes.put(a.name(), a);
          }
        }
        case 6 -> docString = readString(tag);
        case 7 -> domain = readString(tag);
        default -> in.skipField(tag);
      }
    }
    return new OnnxNode(name, opType, inputs, outputs, attributes, domain, docString);
  }

  /** An attribute, or null for kinds colorize does not model (graphs, string lists...). */
  private OnnxAttribute attribute() throws IOException {
    String name = "";
    int typeCode = 0;
    float f = 0;
    long i = 0;
    String s = "";
    OnnxTensor t = OnnxTensor.NONE;
    FloatList floats = new FloatList();
    LongList ints = new LongList();
    boolean hasF = false;
    boolean hasI = false;
    boolean hasS = false;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> name = readString(tag);
        case 2 -> {
          expect(tag, WireFormat.WIRETYPE_FIXED32);
          f = in.readFloat();
          hasF = true;
        }
        case 3 -> {
          i = readInt64(tag);
          hasI = true;
        }
        case 4 -> {
          s = readString(tag);
          hasS = true;
        }
        case 5 -> {
          expectLength(tag);
          t = nested(this::tensor).toOnnxTensor();
        }
        case 7 -> readFloats(tag, floats);
        case 8 -> readLongs(tag, ints);
        case 20 -> typeCode = (int) readInt64(tag);
        default -> in.skipField(tag);
      }
    }
    if (typeCode == 0) {
      // IR version 1 had no type field: infer it from the field present.
      typeCode = ints.size > 0 ? 7 : floats.size > 0 ? 6 : t.isPresent() ? 4 : hasS ? 3
          : hasI ? 2 : hasF ? 1 : 0;
    }
    OnnxAttribute.Type type = OnnxAttribute.Type.fromCode(typeCode);
    if (type == null) {
      LOG.debug("skipping attribute '{}' of type {} in {}", name, typeCode, where);
      return null;
    }
    return new OnnxAttribute(name, type, f, i, s, floats.toArray(), ints.toArray(), t);
  }

  private OnnxValueInfo valueInfo() throws IOException {
    String name = "";
    int[] elemType = {0};
    List<Dim> dims = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> name = readString(tag);
        case 2 -> {
          expectLength(tag);
          nested(() -> typeProto(elemType, dims));
        }
        default -> in.skipField(tag);
      }
    }
    return new OnnxValueInfo(name, elemType[0], dims);
  }

  /** TypeProto: only tensor_type is read; other kinds leave elemType 0. */
  private Void typeProto(int[] elemType, List<Dim> dims) throws IOException {
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (WireFormat.getTagFieldNumber(tag) != 1) {
        in.skipField(tag);
        continue;
      }
      expectLength(tag);
      nested(() -> {
        int t;
        while ((t = in.readTag()) != 0) {
          switch (WireFormat.getTagFieldNumber(t)) {
            case 1 -> elemType[0] = (int) readInt64(t);
            case 2 -> {
              expectLength(t);
              nested(() -> shape(dims));
            }
            default -> in.skipField(t);
          }
        }
        return null;
      });
    }
    return null;
  }

  private Void shape(List<Dim> dims) throws IOException {
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (WireFormat.getTagFieldNumber(tag) != 1) {
        in.skipField(tag);
        continue;
      }
      expectLength(tag);
      dims.add(nested(() -> {
        long value = -1;
        String param = "";
        int t;
        while ((t = in.readTag()) != 0) {
          switch (WireFormat.getTagFieldNumber(t)) {
            case 1 -> value = readInt64(t);
            case 2 -> param = readString(t);
            default -> in.skipField(t);
          }
        }
        return value >= 0 ? Dim.of(value) : Dim.symbolic(param);
      }));
    }
    return null;
  }

  private RawTensor tensor() throws IOException {
    RawTensor t = new RawTensor();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> readLongs(tag, t.dims);
        case 2 -> t.dataType = (int) readInt64(tag);
        case 3 -> throw new OnnxFormatException("segmented tensors are not supported");
        case 4 -> readFloats(tag, t.floatData);
        case 5 -> readLongs(tag, t.int32Data);
        case 6 -> throw new OnnxFormatException("string tensors are not supported");
        case 7 -> readLongs(tag, t.int64Data);
        case 8 -> t.name = readString(tag);
        case 9 -> {
          expectLength(tag);
          t.raw = in.readBytes();
        }
        case 10 -> readDoubles(tag, t.doubleData);
        case 11 -> readLongs(tag, t.uint64Data);
        case 14 -> t.external = readInt64(tag) == 1;
        default -> in.skipField(tag);
      }
    }
    if (t.external) {
      throw new OnnxFormatException("tensor '" + t.name
          + "' keeps its data in an external file, which colorize does not read;"
          + " save the model with its weights inside the .onnx file");
    }
    return t;
  }

  // --- wire-level helpers -------------------------------------------------------------------

  /** Parses one length-delimited sub-message with {@code body}, restoring the outer limit. */
  private <T> T nested(Body<T> body) throws IOException {
    int length = in.readRawVarint32();
    if (length < 0) {
      throw new InvalidProtocolBufferException("negative length " + length);
    }
    int oldLimit = in.pushLimit(length);
    T value = body.parse();
    in.popLimit(oldLimit);
    return value;
  }

  private interface Body<T> {
    T parse() throws IOException;
  }

  private void expect(int tag, int wireType) throws InvalidProtocolBufferException {
    if (WireFormat.getTagWireType(tag) != wireType) {
      throw new InvalidProtocolBufferException("field " + WireFormat.getTagFieldNumber(tag)
          + " has wire type " + WireFormat.getTagWireType(tag) + ", expected " + wireType);
    }
  }

  private void expectLength(int tag) throws InvalidProtocolBufferException {
    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  }

  private String readString(int tag) throws IOException {
    expectLength(tag);
    return in.readString();
  }

  private long readInt64(int tag) throws IOException {
    expect(tag, WireFormat.WIRETYPE_VARINT);
    return in.readInt64();
  }

  private void readLongs(int tag, LongList out) throws IOException {
    if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int oldLimit = in.pushLimit(checkedLength());
      while (in.getBytesUntilLimit() > 0) {
        out.add(in.readInt64());
      }
      in.popLimit(oldLimit);
    } else {
      out.add(readInt64(tag));
    }
  }

  private void readFloats(int tag, FloatList out) throws IOException {
    if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int length = checkedLength();
      if (length % 4 != 0) {
        throw new InvalidProtocolBufferException("packed floats of " + length + " bytes");
      }
      out.ensure(length / 4);
      int oldLimit = in.pushLimit(length);
      while (in.getBytesUntilLimit() > 0) {
        out.add(in.readFloat());
      }
      in.popLimit(oldLimit);
    } else {
      expect(tag, WireFormat.WIRETYPE_FIXED32);
      out.add(in.readFloat());
    }
  }

  private void readDoubles(int tag, LongList out) throws IOException {
    if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int oldLimit = in.pushLimit(checkedLength());
      while (in.getBytesUntilLimit() > 0) {
        out.add(in.readRawLittleEndian64());
      }
      in.popLimit(oldLimit);
    } else {
      expect(tag, WireFormat.WIRETYPE_FIXED64);
      out.add(in.readRawLittleEndian64());
    }
  }

  private int checkedLength() throws IOException {
    int length = in.readRawVarint32();
    if (length < 0) {
      throw new InvalidProtocolBufferException("negative length " + length);
    }
    return length;
  }

  /** A TensorProto as read, before its data is put in one form. */
  private static final class RawTensor {
    String name = "";
    int dataType;
    final LongList dims = new LongList();
    final FloatList floatData = new FloatList();
    final LongList int32Data = new LongList();
    final LongList int64Data = new LongList();
    final LongList doubleData = new LongList(); // raw IEEE bits
    final LongList uint64Data = new LongList();
    ByteString raw;
    boolean external;

    long elementCount() {
      long count = 1;
      for (int i = 0; i < dims.size; i++) {
        if (dims.values[i] < 0 || dims.values[i] > Integer.MAX_VALUE) {
          throw new OnnxFormatException("tensor '" + name + "' has dims "
              + Arrays.toString(dims.toArray()) + ", expected every dim in [0, 2^31)");
        }
        count = Math.multiplyExact(count, dims.values[i]);
      }
      return count;
    }

    boolean isNonEmptyFloat() {
      return dataType == OnnxTensor.FLOAT && elementCount() > 0;
    }

    FloatTensor toFloatTensor() {
      long count = elementCount();
      if (count > Integer.MAX_VALUE - 8) {
        throw new OnnxFormatException("tensor '" + name + "' has " + count + " elements, more than"
            + " a Java array holds");
      }
      int[] shape = new int[dims.size];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = (int) dims.values[i];
      }
      float[] data;
      if (raw != null) {
        checkLength(raw.size(), count * 4);
        data = new float[(int) count];
        raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
      } else {
        checkLength(floatData.size, count);
        data = floatData.toArray();
      }
      return FloatTensor.of(data, shape);
    }

    OnnxTensor toOnnxTensor() {
      long count = elementCount();
      int size = OnnxTensor.elementSize(dataType);
      if (size == 0) {
        throw new OnnxFormatException("tensor '" + name + "' has data type " + dataType
            + ", which colorize does not read");
      }
      long bytes = Math.multiplyExact(count, (long) size);
      if (bytes > Integer.MAX_VALUE - 8) {
        throw new OnnxFormatException("tensor '" + name + "' is too large: " + bytes + " bytes");
      }
      if (raw != null) {
        checkLength(raw.size(), bytes);
        return new OnnxTensor(name, dataType, dims.toArray(), raw.toByteArray());
      }
      ByteBuffer b = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
      switch (dataType) {
        case OnnxTensor.FLOAT -> {
          checkLength(floatData.size, count);
          b.asFloatBuffer().put(floatData.toArray());
        }
        case OnnxTensor.INT64 -> {
          checkLength(int64Data.size, count);
          b.asLongBuffer().put(int64Data.toArray());
        }
        case OnnxTensor.DOUBLE -> {
          checkLength(doubleData.size, count);
          b.asLongBuffer().put(doubleData.toArray());
        }
        case OnnxTensor.UINT64 -> {
          checkLength(uint64Data.size, count);
          b.asLongBuffer().put(uint64Data.toArray());
        }
        case OnnxTensor.UINT32 -> {
          checkLength(uint64Data.size, count);
          for (int i = 0; i < count; i++) {
            b.putInt((int) uint64Data.values[i]);
          }
        }
        default -> {
          // INT32 and the narrower types travel in int32_data, one element per entry.
          checkLength(int32Data.size, count);
          for (int i = 0; i < count; i++) {
            long v = int32Data.values[i];
            switch (size) {
              case 1 -> b.put((byte) v);
              case 2 -> b.putShort((short) v);
              default -> b.putInt((int) v);
            }
          }
        }
      }
      return new OnnxTensor(name, dataType, dims.toArray(), b.array());
    }

    private void checkLength(long actual, long expected) {
      if (actual != expected) {
        throw new OnnxFormatException("tensor '" + name + "' of dims "
            + Arrays.toString(dims.toArray()) + " holds " + actual + " data entries/bytes, expected "
            + expected);
      }
    }
  }

  /** A growable long array (boxing 32 M weights would cost gigabytes). */
  private static final class LongList {
    long[] values = new long[4];
    int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  /** A growable float array. */
  private static final class FloatList {
    float[] values = new float[4];
    int size;

    void ensure(int more) {
      if (size + more > values.length) {
        values = Arrays.copyOf(values, size + more);
      }
    }

    void add(float v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    float[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
