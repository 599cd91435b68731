package io.github.colorize.model.caffe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A protobuf message as named fields, whether it came from the text format (a prototxt) or was
 * decoded from the binary format by field number: scalar values are kept as their text (numbers,
 * enum names, {@code true}/{@code false}, unquoted strings), nested messages as
 * {@code ProtoFields}. One reader of layer parameters then serves both files.
 */
final class ProtoFields {

  private final Map<String, List<Object>> fields = new LinkedHashMap<>();
  private final int line;

  /**
   * @param line the line where the message starts in a text file, 0 for the binary format
   */
  ProtoFields(int line) {
    this.line = line;
  }

  /** The text line where this message starts, 0 if it was decoded from the binary format. */
  int line() {
    return line;
  }

  void add(String name, Object value) {
    fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  boolean has(String name) {
    return fields.containsKey(name);
  }

  /** Every scalar value of a repeated field, in order. */
  List<String> strings(String name) {
    List<String> out = new ArrayList<>();
    for (Object v : fields.getOrDefault(name, List.of())) {
      if (v instanceof String s) {
        out.add(s);
      } else {
        throw new IllegalArgumentException("field '" + name + "' holds a message, expected a value");
      }
    }
    return out;
  }

  /** The last value of a scalar field (protobuf's rule for repeated optional fields), or the default. */
  String string(String name, String defaultValue) {
    List<String> values = strings(name);
    return values.isEmpty() ? defaultValue : values.get(values.size() - 1);
  }

  long integer(String name, long defaultValue) {
    String v = string(name, null);
    return v == null ? defaultValue : parseLong(name, v);
  }

  List<Long> integers(String name) {
    List<Long> out = new ArrayList<>();
    for (String v : strings(name)) {
      out.add(parseLong(name, v));
    }
    return out;
  }

  float floating(String name, float defaultValue) {
    String v = string(name, null);
    if (v == null) {
      return defaultValue;
    }
    String t = v.toLowerCase(Locale.ROOT);
    if (t.endsWith("f") && !t.endsWith("inf")) {
      t = t.substring(0, t.length() - 1);
    }
    switch (t) {
      case "inf", "infinity", "+inf" -> {
        return Float.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Float.NEGATIVE_INFINITY;
      }
      case "nan" -> {
        return Float.NaN;
      }
      default -> {
        try {
          return Float.parseFloat(t);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("field '" + name + "' is '" + v
              + "', expected a number", e);
        }
      }
    }
  }

  boolean bool(String name, boolean defaultValue) {
    String v = string(name, null);
    if (v == null) {
      return defaultValue;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "t", "1" -> true;
      case "false", "f", "0" -> false;
      default -> throw new IllegalArgumentException("field '" + name + "' is '" + v
          + "', expected true or false");
    };
  }

  /** The last nested message of that name, or null. */
  ProtoFields message(String name) {
    List<ProtoFields> all = messages(name);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  List<ProtoFields> messages(String name) {
    List<ProtoFields> out = new ArrayList<>();
    for (Object v : fields.getOrDefault(name, List.of())) {
      if (v instanceof ProtoFields m) {
        out.add(m);
      } else {
        throw new IllegalArgumentException("field '" + name + "' is '" + v
            + "', expected a message { ... }");
      }
    }
    return out;
  }

  private static long parseLong(String name, String v) {
    try {
      if (v.startsWith("0x") || v.startsWith("0X")) {
        return Long.parseLong(v.substring(2), 16);
      }
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("field '" + name + "' is '" + v
          + "', expected an integer", e);
    }
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
