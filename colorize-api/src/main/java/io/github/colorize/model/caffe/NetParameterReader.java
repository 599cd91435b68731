package io.github.colorize.model.caffe;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a binary Caffe {@code NetParameter} (a {@code .caffemodel}) with protobuf's
 * {@link CodedInputStream}, field by field: only what the importer needs is decoded (layer name,
 * type, bottoms, tops, include/exclude rules, the convolution, batch-norm, scale, ReLU and softmax
 * parameters, and the blobs with their shapes); every other field is skipped, so snapshots with
 * extra fields (or fields of Caffe forks) read fine. Field numbers are those of BVLC Caffe's
 * {@code caffe.proto}.
 */
final class NetParameterReader {

  private enum Kind { STRING, UINT, INT, BOOL, FLOAT, PHASE, MESSAGE }

  private record Field(String name, Kind kind, Map<Integer, Field> message) {
    static Field of(String name, Kind kind) {
      return new Field(name, kind, null);
    }

    static Field message(String name, Map<Integer, Field> schema) {
      return new Field(name, Kind.MESSAGE, schema);
    }
  }

  private static final Map<Integer, Field> NET_STATE_RULE = Map.of(1, Field.of("phase", Kind.PHASE));
  private static final Map<Integer, Field> CONVOLUTION = Map.ofEntries(
      Map.entry(1, Field.of("num_output", Kind.UINT)), Map.entry(2, Field.of("bias_term", Kind.BOOL)),
      Map.entry(3, Field.of("pad", Kind.UINT)), Map.entry(4, Field.of("kernel_size", Kind.UINT)),
      Map.entry(5, Field.of("group", Kind.UINT)), Map.entry(6, Field.of("stride", Kind.UINT)),
      Map.entry(9, Field.of("pad_h", Kind.UINT)), Map.entry(10, Field.of("pad_w", Kind.UINT)),
      Map.entry(11, Field.of("kernel_h", Kind.UINT)), Map.entry(12, Field.of("kernel_w", Kind.UINT)),
      Map.entry(13, Field.of("stride_h", Kind.UINT)), Map.entry(14, Field.of("stride_w", Kind.UINT)),
      Map.entry(16, Field.of("axis", Kind.INT)), Map.entry(18, Field.of("dilation", Kind.UINT)));
  private static final Map<Integer, Field> BATCH_NORM = Map.of(
      1, Field.of("use_global_stats", Kind.BOOL), 2, Field.of("moving_average_fraction", Kind.FLOAT),
      3, Field.of("eps", Kind.FLOAT));
  private static final Map<Integer, Field> FILLER = Map.of(
      1, Field.of("type", Kind.STRING), 2, Field.of("value", Kind.FLOAT));
  private static final Map<Integer, Field> SCALE = Map.of(
      1, Field.of("axis", Kind.INT), 2, Field.of("num_axes", Kind.INT),
      3, Field.message("filler", FILLER), 4, Field.of("bias_term", Kind.BOOL));
  private static final Map<Integer, Field> RELU = Map.of(1, Field.of("negative_slope", Kind.FLOAT));
  private static final Map<Integer, Field> SOFTMAX = Map.of(2, Field.of("axis", Kind.INT));
  private static final Map<Integer, Field> LAYER = Map.ofEntries(
      Map.entry(1, Field.of("name", Kind.STRING)), Map.entry(2, Field.of("type", Kind.STRING)),
      Map.entry(3, Field.of("bottom", Kind.STRING)), Map.entry(4, Field.of("top", Kind.STRING)),
      Map.entry(8, Field.message("include", NET_STATE_RULE)),
      Map.entry(9, Field.message("exclude", NET_STATE_RULE)),
      Map.entry(10, Field.of("phase", Kind.PHASE)),
      Map.entry(106, Field.message("convolution_param", CONVOLUTION)),
      Map.entry(123, Field.message("relu_param", RELU)),
      Map.entry(125, Field.message("softmax_param", SOFTMAX)),
      Map.entry(139, Field.message("batch_norm_param", BATCH_NORM)),
      Map.entry(142, Field.message("scale_param", SCALE)));

  private static final int NET_NAME = 1;
  private static final int NET_V1_LAYERS = 2;
  private static final int NET_LAYER = 100;
  private static final int LAYER_BLOBS = 7;
  private static final int BLOB_NUM = 1;
  private static final int BLOB_WIDTH = 4;
  private static final int BLOB_DATA = 5;
  private static final int BLOB_SHAPE = 7;
  private static final int BLOB_DOUBLE_DATA = 8;
  private static final int SHAPE_DIM = 1;
  /** Bytes looked at to tell a text file from a binary one. */
  private static final int SNIFF = 64;

  private final String source;
  private final CodedInputStream in;
  /** Where the reader is, for messages: "layer #12 'conv3_1', blob 0". */
  private String context = "the net header";

  private NetParameterReader(InputStream stream, String source) {
    this.source = source;
    this.in = CodedInputStream.newInstance(stream, 1 << 16);
    // A released caffemodel is 129 MB; protobuf's default limits are for small messages.
    this.in.setSizeLimit(Integer.MAX_VALUE);
  }

  /**
   * Reads a whole binary NetParameter from {@code stream} (to its end; not closed).
   *
   * @param source names the file in messages
   * @throws CaffeFormatException if the bytes are not a NetParameter, are cut short, or hold a
   *     blob whose values do not fit its shape
   * @throws IOException if reading fails
   */
  static CaffeNet read(InputStream stream, String source) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(stream, 1 << 16);
    checkNotText(buffered, source);
    NetParameterReader reader = new NetParameterReader(buffered, source);
    try {
      return reader.readNet();
    } catch (InvalidProtocolBufferException e) {
      String problem = isTruncation(e)
          ? "the file ends in the middle of " + reader.context + ", after "
              + reader.in.getTotalBytesRead() + " bytes: it is truncated (an interrupted"
              + " download?); expected a complete binary Caffe NetParameter (.caffemodel)"
          : "is not a binary Caffe NetParameter (.caffemodel): " + e.getMessage() + " in "
              + reader.context + ", at byte " + reader.in.getTotalBytesRead();
      throw new CaffeFormatException(source, problem, e);
    }
  }

  private static boolean isTruncation(InvalidProtocolBufferException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("ended unexpectedly") || m.contains("truncated");
  }

  private static void checkNotText(BufferedInputStream in, String source) throws IOException {
    in.mark(SNIFF);
    byte[] head = in.readNBytes(SNIFF);
    in.reset();
    if (head.length == 0) {
      throw new CaffeFormatException(source, "the file is empty, expected a binary Caffe"
          + " NetParameter (.caffemodel)");
    }
    for (byte b : head) {
      boolean text = b >= 0x20 && b < 0x7f || b == '\n' || b == '\r' || b == '\t';
      if (!text) {
        return;
      }
    }
    throw new CaffeFormatException(source, "the file is text (a .prototxt net definition?),"
        + " expected the binary weights (.caffemodel)");
  }

  private CaffeNet readNet() throws IOException {
    String name = "";
    List<CaffeLayer> layers = new ArrayList<>();
    boolean v1Layers = false;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      int number = WireFormat.getTagFieldNumber(tag);
      int wire = WireFormat.getTagWireType(tag);
      if (number == NET_NAME && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        name = in.readString();
      } else if (number == NET_LAYER && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        context = "layer #" + (layers.size() + 1);
        int limit = in.pushLimit(in.readRawVarint32());
        layers.add(readLayer(layers.size()));
        in.popLimit(limit);
        context = "the net after layer #" + layers.size();
      } else {
        v1Layers |= number == NET_V1_LAYERS;
        in.skipField(tag);
      }
    }
    if (layers.isEmpty()) {
      throw new CaffeFormatException(source, v1Layers
          ? "the net uses the V1 'layers' format of Caffe before 2015; upgrade it with Caffe's"
              + " tools/upgrade_net_proto_binary, expected 'layer' entries (field 100)"
          : "the file has no layers (field 100), expected a Caffe NetParameter with weights");
    }
    return new CaffeNet(name, List.of(), layers, source);
  }

  private CaffeLayer readLayer(int index) throws IOException {
    ProtoFields fields = new ProtoFields(0);
    List<CaffeBlob> blobs = new ArrayList<>();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      int number = WireFormat.getTagFieldNumber(tag);
      if (number == LAYER_BLOBS && WireFormat.getTagWireType(tag)
          == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        String layerName = fields.string("name", "");
        context = "layer #" + (index + 1) + " '" + layerName + "', blob " + blobs.size();
        int limit = in.pushLimit(in.readRawVarint32());
        blobs.add(readBlob(layerName, blobs.size()));
        in.popLimit(limit);
      } else if (!readField(tag, LAYER, fields)) {
        in.skipField(tag);
      }
      if (number == 1) {
        context = "layer #" + (index + 1) + " '" + fields.string("name", "") + "'";
      }
    }
    return CaffeLayer.of(index, fields, blobs);
  }

  /** Decodes a field the schema knows into {@code into}; false if it is unknown or mistyped. */
  private boolean readField(int tag, Map<Integer, Field> schema, ProtoFields into)
      throws IOException {
    Field field = schema.get(WireFormat.getTagFieldNumber(tag));
    if (field == null) {
      return false;
    }
    int wire = WireFormat.getTagWireType(tag);
    switch (field.kind()) {
      case STRING -> {
        if (wire != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          return false;
        }
        into.add(field.name(), in.readString());
      }
      case MESSAGE -> {
        if (wire != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          return false;
        }
        ProtoFields child = new ProtoFields(0);
        int limit = in.pushLimit(in.readRawVarint32());
        while (true) {
          int t = in.readTag();
          if (t == 0) {
            break;
          }
          if (!readField(t, field.message(), child)) {
            in.skipField(t);
          }
        }
        in.popLimit(limit);
        into.add(field.name(), child);
      }
      case FLOAT -> {
        if (wire == WireFormat.WIRETYPE_FIXED32) {
          into.add(field.name(), Float.toString(in.readFloat()));
        } else if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          int limit = in.pushLimit(in.readRawVarint32());
          while (!in.isAtEnd()) {
            into.add(field.name(), Float.toString(in.readFloat()));
          }
          in.popLimit(limit);
        } else {
          return false;
        }
      }
      default -> {
        if (wire == WireFormat.WIRETYPE_VARINT) {
          into.add(field.name(), varintText(field.kind()));
        } else if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          // A packed repeated scalar.
          int limit = in.pushLimit(in.readRawVarint32());
          while (!in.isAtEnd()) {
            into.add(field.name(), varintText(field.kind()));
          }
          in.popLimit(limit);
        } else {
          return false;
        }
      }
    }
    return true;
  }

  private String varintText(Kind kind) throws IOException {
    long v = in.readRawVarint64();
    return switch (kind) {
      case BOOL -> Boolean.toString(v != 0);
      case PHASE -> v == 0 ? "TRAIN" : v == 1 ? "TEST" : Long.toString(v);
      case UINT -> Long.toUnsignedString(v);
      default -> Long.toString(v);
    };
  }

  private CaffeBlob readBlob(String layer, int index) throws IOException {
    long[] legacy = new long[4];
    boolean hasLegacy = false;
    List<Long> dims = new ArrayList<>();
    FloatChunks data = new FloatChunks();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      int number = WireFormat.getTagFieldNumber(tag);
      int wire = WireFormat.getTagWireType(tag);
      if (number >= BLOB_NUM && number <= BLOB_WIDTH && wire == WireFormat.WIRETYPE_VARINT) {
        legacy[number - BLOB_NUM] = in.readInt64();
        hasLegacy = true;
      } else if (number == BLOB_SHAPE && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int limit = in.pushLimit(in.readRawVarint32());
        readDims(dims);
        in.popLimit(limit);
      } else if (number == BLOB_DATA && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        data.add(readPackedFloats(in.readRawVarint32()));
      } else if (number == BLOB_DATA && wire == WireFormat.WIRETYPE_FIXED32) {
        data.add(in.readFloat());
      } else if (number == BLOB_DOUBLE_DATA && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        data.add(readPackedDoubles(in.readRawVarint32()));
      } else if (number == BLOB_DOUBLE_DATA && wire == WireFormat.WIRETYPE_FIXED64) {
        data.add((float) in.readDouble());
      } else {
        in.skipField(tag);
      }
    }
    long[] shape = hasLegacy ? legacy : dims.stream().mapToLong(Long::longValue).toArray();
    long count = 1;
    for (long d : shape) {
      if (d < 0 || d > Integer.MAX_VALUE || count * d > Integer.MAX_VALUE) {
        throw new CaffeFormatException(source, "layer '" + layer + "' blob " + index
            + " has shape " + java.util.Arrays.toString(shape)
            + ", expected non-negative axes holding at most 2^31 values");
      }
      count *= d;
    }
    float[] values = data.toArray();
    if (count != values.length) {
      throw new CaffeFormatException(source, "layer '" + layer + "' blob " + index + " has shape "
          + java.util.Arrays.toString(shape) + (hasLegacy ? " (legacy num/channels/height/width)" : "")
          + ", which holds " + count + " values, but the file stores " + values.length);
    }
    return new CaffeBlob(shape, hasLegacy, values);
  }

  private void readDims(List<Long> dims) throws IOException {
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return;
      }
      if (WireFormat.getTagFieldNumber(tag) == SHAPE_DIM) {
        int wire = WireFormat.getTagWireType(tag);
        if (wire == WireFormat.WIRETYPE_VARINT) {
          dims.add(in.readInt64());
          continue;
        }
        if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          int limit = in.pushLimit(in.readRawVarint32());
          while (!in.isAtEnd()) {
            dims.add(in.readInt64());
          }
          in.popLimit(limit);
          continue;
        }
      }
      in.skipField(tag);
    }
  }

  private float[] readPackedFloats(int bytes) throws IOException {
    if (bytes % Float.BYTES != 0) {
      throw new CaffeFormatException(source, context + ": packed float data of " + bytes
          + " bytes, expected a multiple of 4");
    }
    float[] out = new float[bytes / Float.BYTES];
    ByteBuffer.wrap(in.readRawBytes(bytes)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
        .get(out);
    return out;
  }

  private float[] readPackedDoubles(int bytes) throws IOException {
    if (bytes % Double.BYTES != 0) {
      throw new CaffeFormatException(source, context + ": packed double data of " + bytes
          + " bytes, expected a multiple of 8");
    }
    double[] values = new double[bytes / Double.BYTES];
    ByteBuffer.wrap(in.readRawBytes(bytes)).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer()
        .get(values);
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  /** Float data that may arrive in pieces (split packed fields, or one value per field). */
  private static final class FloatChunks {
    private float[] values = new float[0];
    private int size;

    void add(float[] chunk) {
      if (size == 0 && values.length == 0) {
        values = chunk;
        size = chunk.length;
        return;
      }
      ensure(chunk.length);
      System.arraycopy(chunk, 0, values, size, chunk.length);
      size += chunk.length;
    }

    void add(float value) {
      ensure(1);
      values[size++] = value;
    }

    private void ensure(int more) {
      if (size + more > values.length) {
        values = java.util.Arrays.copyOf(values,
            Math.max(size + more, (int) Math.min(Integer.MAX_VALUE - 8, values.length * 2L + 16)));
      }
    }

    float[] toArray() {
      return size == values.length ? values : java.util.Arrays.copyOf(values, size);
    }
  }
}
