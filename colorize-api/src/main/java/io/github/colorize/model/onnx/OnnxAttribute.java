package io.github.colorize.model.onnx;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;

/**
 * An ONNX node attribute of one of the kinds colorize uses: float, int, string, tensor, floats,
 * ints. Fields that do not belong to {@link #type()} hold neutral values.
 *
 * @param name the attribute name
 * @param type which field holds the value
 * @param f the float value
 * @param i the integer value
 * @param s the string value
 * @param floats the float-list value
 * @param ints the integer-list value
 * @param t the tensor value ({@link OnnxTensor#NONE} unless {@code type} is TENSOR)
 */
public record OnnxAttribute(String name, Type type, float f, long i, String s, float[] floats,
    long[] ints, OnnxTensor t) {

  /** The ONNX {@code AttributeProto.AttributeType} values colorize handles. */
  public enum Type {
    FLOAT(1), INT(2), STRING(3), TENSOR(4), FLOATS(6), INTS(7);

    private final int code;

    Type(int code) {
      this.code = code;
    }

    /** The protobuf enum number. */
    public int code() {
      return code;
    }

    /** The type with protobuf number {@code code}, or null if colorize does not handle it. */
    public static Type fromCode(int code) {
      for (Type t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      return null;
    }
  }

  public OnnxAttribute {
    checkNotNull(name, "name");
    checkNotNull(type, "type");
    checkNotNull(s, "s");
    checkNotNull(floats, "floats");
    checkNotNull(ints, "ints");
    checkNotNull(t, "t");
    floats = floats.clone();
    ints = ints.clone();
  }

  /** An attribute of a non-tensor type (the form before TENSOR attributes were handled). */
  public OnnxAttribute(String name, Type type, float f, long i, String s, float[] floats,
      long[] ints) {
    this(name, type, f, i, s, floats, ints, OnnxTensor.NONE);
  }

  public static OnnxAttribute ofFloat(String name, float value) {
    return new OnnxAttribute(name, Type.FLOAT, value, 0, "", new float[0], new long[0]);
  }

  public static OnnxAttribute ofInt(String name, long value) {
    return new OnnxAttribute(name, Type.INT, 0, value, "", new float[0], new long[0]);
  }

  public static OnnxAttribute ofString(String name, String value) {
    return new OnnxAttribute(name, Type.STRING, 0, 0, value, new float[0], new long[0]);
  }

  public static OnnxAttribute ofFloats(String name, float... values) {
    return new OnnxAttribute(name, Type.FLOATS, 0, 0, "", values, new long[0]);
  }

  public static OnnxAttribute ofInts(String name, long... values) {
    return new OnnxAttribute(name, Type.INTS, 0, 0, "", new float[0], values);
  }

  /** A tensor-valued attribute, as {@code Constant} nodes carry. */
  public static OnnxAttribute ofTensor(String name, OnnxTensor value) {
    checkNotNull(value, "value");
    return new OnnxAttribute(name, Type.TENSOR, 0, 0, "", new float[0], new long[0], value);
  }

  /** The float-list value (a copy). */
  @Override
  public float[] floats() {
    return floats.clone();
  }

  /** The integer-list value (a copy). */
  @Override
  public long[] ints() {
    return ints.clone();
  }

  // Records compare arrays by identity; attributes are values, so compare contents.
  @Override
  public boolean equals(Object o) {
    return o instanceof OnnxAttribute a && name.equals(a.name) && type == a.type
        && Float.compare(f, a.f) == 0 && i == a.i && s.equals(a.s)
        && Arrays.equals(floats, a.floats) && Arrays.equals(ints, a.ints) && t.equals(a.t);
  }

  @Override
  public int hashCode() {
    return ((name.hashCode() * 31 + type.hashCode()) * 31 + Arrays.hashCode(ints)) * 31
        + Arrays.hashCode(floats);
  }

  @Override
  public String toString() {
    String value = switch (type) {
      case FLOAT -> Float.toString(f);
      case INT -> Long.toString(i);
      case STRING -> "'" + s + "'";
      case TENSOR -> t.toString();
      case FLOATS -> Arrays.toString(floats);
      case INTS -> Arrays.toString(ints);
    };
    return name + "=" + value;
  }
}
