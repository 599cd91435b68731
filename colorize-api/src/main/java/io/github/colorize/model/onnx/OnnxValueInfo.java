package io.github.colorize.model.onnx;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;

/**
 * A graph input or output: its name, element type and shape.
 *
 * @param name the value name
 * @param elemType the ONNX {@code TensorProto.DataType} number (1 = float32)
 * @param shape one entry per dimension
 */
public record OnnxValueInfo(String name, int elemType, List<Dim> shape) {

  /** ONNX's number for float32. */
  public static final int FLOAT = 1;

  /**
   * One dimension: a fixed size, or a symbolic name (size {@code -1}).
   *
   * @param value the size, or -1 when symbolic or unknown
   * @param param the symbolic name, empty when fixed
   */
  public record Dim(long value, String param) {
    public Dim {
      checkNotNull(param, "param");
    }

    public static Dim of(long value) {
      return new Dim(value, "");
    }

    public static Dim symbolic(String param) {
      return new Dim(-1, param);
    }

    /** Whether the size is fixed. */
    public boolean isFixed() {
      return value >= 0;
    }

    @Override
    public String toString() {
      return isFixed() ? Long.toString(value) : param.isEmpty() ? "?" : param;
    }
  }

  public OnnxValueInfo {
    checkNotNull(name, "name");
    shape = List.copyOf(shape);
  }

  /** A float32 value with the given dimensions. */
  public static OnnxValueInfo floatTensor(String name, Dim... dims) {
    return new OnnxValueInfo(name, FLOAT, List.of(dims));
  }

  @Override
  public String toString() {
    return name + shape;
  }
}
