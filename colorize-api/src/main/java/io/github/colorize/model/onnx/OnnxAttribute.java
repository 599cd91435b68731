package io.github.colorize.model.onnx;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * An ONNX node attribute of one of the kinds colorize uses: float, int, string, floats, ints.
 * Fields that do not belong to {@link #type()} hold neutral values.
 *
 * @param name the attribute name
 * @param type which field holds the value
 * @param f the float value
 * @param i the integer value
 * @param s the string value
 * @param floats the float-list value
 * @param ints the integer-list value
 */
public record OnnxAttribute(String name, Type type, float f, long i, String s, float[] floats,
    long[] ints) {

  /** The ONNX {@code AttributeProto.AttributeType} values colorize handles. */
  public enum Type {
    FLOAT(1), INT(2), STRING(3), FLOATS(6), INTS(7);

    private final int code;

    Type(int code) {
      this.code = code;
    }

    /** The protobuf enum number. */
    public int code() {
      return code;
    }
  }

  public OnnxAttribute {
    checkNotNull(name, "name");
    checkNotNull(type, "type");
    checkNotNull(s, "s");
    checkNotNull(floats, "floats");
    checkNotNull(ints, "ints");
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
    return new OnnxAttribute(name, Type.FLOATS, 0, 0, "", values.clone(), new long[0]);
  }

  public static OnnxAttribute ofInts(String name, long... values) {
    return new OnnxAttribute(name, Type.INTS, 0, 0, "", new float[0], values.clone());
  }
}
