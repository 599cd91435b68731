package io.github.colorize.model.onnx;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An ONNX tensor constant of any element type, kept as ONNX's little-endian {@code raw_data}
 * bytes. colorize holds float32 weights as {@link io.github.colorize.tensor.FloatTensor}; this type
 * carries the rest so that foreign files (PyTorch exports hold INT64 shapes, empty tensors and
 * {@code Constant} nodes) can be read and written back without loss.
 *
 * @param name the tensor's name (empty inside a {@code Constant} node's attribute)
 * @param dataType the ONNX {@code TensorProto.DataType} number, see the constants here
 * @param dims the dimensions, empty for a scalar
 * @param raw the elements, little-endian, {@link #elementSize(int)} bytes each
 */
public record OnnxTensor(String name, int dataType, long[] dims, byte[] raw) {

  /** ONNX {@code TensorProto.DataType.FLOAT}. */
  public static final int FLOAT = 1;
  /** ONNX {@code UINT8}. */
  public static final int UINT8 = 2;
  /** ONNX {@code INT8}. */
  public static final int INT8 = 3;
  /** ONNX {@code UINT16}. */
  public static final int UINT16 = 4;
  /** ONNX {@code INT16}. */
  public static final int INT16 = 5;
  /** ONNX {@code INT32}. */
  public static final int INT32 = 6;
  /** ONNX {@code INT64}. */
  public static final int INT64 = 7;
  /** ONNX {@code BOOL}. */
  public static final int BOOL = 9;
  /** ONNX {@code FLOAT16}. */
  public static final int FLOAT16 = 10;
  /** ONNX {@code DOUBLE}. */
  public static final int DOUBLE = 11;
  /** ONNX {@code UINT32}. */
  public static final int UINT32 = 12;
  /** ONNX {@code UINT64}. */
  public static final int UINT64 = 13;
  /** ONNX {@code BFLOAT16}. */
  public static final int BFLOAT16 = 16;

  /** The neutral value of {@link OnnxAttribute#t()} for attributes of other types. */
  public static final OnnxTensor NONE = new OnnxTensor("", FLOAT, new long[] {0}, new byte[0]);

  private static final long CAP = Long.MAX_VALUE / 16;

  public OnnxTensor {
    checkNotNull(name, "name");
    checkNotNull(dims, "dims");
    checkNotNull(raw, "raw");
    int size = elementSize(dataType);
    checkArgument(size > 0, "tensor '%s' has data type %s, which colorize does not handle", name,
        dataType);
    long count = 1;
    for (long d : dims) {
      checkArgument(d >= 0 && d <= Integer.MAX_VALUE,
          "tensor '%s' has dims %s, expected every dim in [0, 2^31)", name, Arrays.toString(dims));
      // Saturate instead of overflowing: any count that large mismatches raw.length below.
      count = d != 0 && count > CAP / d ? CAP : count * d;
    }
    checkArgument(count * size == raw.length,
        "tensor '%s' of dims %s and data type %s needs %s bytes, got %s", name,
        Arrays.toString(dims), dataType, count * size, raw.length);
    dims = dims.clone();
  }

  /**
   * Bytes per element of an ONNX data type, or 0 for types colorize does not handle (strings,
   * complex numbers, sub-byte and 8-bit float types).
   */
  public static int elementSize(int dataType) {
    return switch (dataType) {
      case UINT8, INT8, BOOL -> 1;
      case UINT16, INT16, FLOAT16, BFLOAT16 -> 2;
      case FLOAT, INT32, UINT32 -> 4;
      case INT64, DOUBLE, UINT64 -> 8;
      default -> 0;
    };
  }

  /** A tensor of INT64 values. */
  public static OnnxTensor ofLongs(String name, long[] dims, long... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return new OnnxTensor(name, INT64, dims, b.array());
  }

  /** A tensor of FLOAT values. */
  public static OnnxTensor ofFloats(String name, long[] dims, float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new OnnxTensor(name, FLOAT, dims, b.array());
  }

  /** The dimensions (a copy). */
  @Override
  public long[] dims() {
    return dims.clone();
  }

  /** The raw bytes, not a copy: do not modify. */
  @Override
  public byte[] raw() {
    return raw;
  }

  /** Number of elements. */
  public long elementCount() {
    return raw.length / elementSize(dataType);
  }

  /** Whether this is a real value: false only for {@link #NONE}. */
  public boolean isPresent() {
    return this != NONE;
  }

  /**
   * The elements as floats, for FLOAT and DOUBLE tensors.
   *
   * @throws IllegalStateException for other types
   */
  public float[] toFloats() {
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[(int) elementCount()];
    switch (dataType) {
      case FLOAT -> b.asFloatBuffer().get(out);
      case DOUBLE -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) b.getDouble(i * 8);
        }
      }
      default -> throw new IllegalStateException(
          "tensor '" + name + "' has data type " + dataType + ", not FLOAT or DOUBLE");
    }
    return out;
  }

  /**
   * The elements as longs, for the integer and BOOL types.
   *
   * @throws IllegalStateException for floating-point types
   */
  public long[] toLongs() {
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    long[] out = new long[(int) elementCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = switch (dataType) {
        case INT64, UINT64 -> b.getLong(i * 8);
        case INT32 -> b.getInt(i * 4);
        case UINT32 -> Integer.toUnsignedLong(b.getInt(i * 4));
        case INT16 -> b.getShort(i * 2);
        case UINT16 -> Short.toUnsignedInt(b.getShort(i * 2));
        case INT8 -> b.get(i);
        case UINT8, BOOL -> Byte.toUnsignedInt(b.get(i));
        default -> throw new IllegalStateException(
            "tensor '" + name + "' has data type " + dataType + ", not an integer type");
      };
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OnnxTensor t && name.equals(t.name) && dataType == t.dataType
        && Arrays.equals(dims, t.dims) && Arrays.equals(raw, t.raw);
  }

  @Override
  public int hashCode() {
    return (name.hashCode() * 31 + dataType) * 31 + Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return "OnnxTensor[" + name + ", type " + dataType + ", " + Arrays.toString(dims) + "]";
  }
}
