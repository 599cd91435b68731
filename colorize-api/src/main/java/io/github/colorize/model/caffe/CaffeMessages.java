package io.github.colorize.model.caffe;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormatParseInfoTree;
import io.github.colorize.model.caffe.proto.CaffeProtos.BlobProto;
import io.github.colorize.model.caffe.proto.CaffeProtos.LayerParameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The one place where Caffe messages, as protobuf's classes generated from
 * {@code src/main/proto/caffe_subset.proto} hold them, become colorize's values: layer parameters
 * become {@link ProtoFields} (so the importer reads a prototxt's and a caffemodel's layers alike),
 * blobs become {@link CaffeBlob}s.
 */
final class CaffeMessages {

  private static final String BLOBS = "blobs";

  private CaffeMessages() {}

  /**
   * Every set field of {@code message} as named values: scalars as their text (enum values by
   * name, unsigned integers unsigned), messages nested. Blobs are left out (see {@link #blob}).
   *
   * @param tree where each field stands in a text file, or null for the binary format
   * @param line the message's own line (1-based), 0 for the binary format
   */
  static ProtoFields fields(Message message, TextFormatParseInfoTree tree, int line) {
    ProtoFields out = new ProtoFields(line);
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      FieldDescriptor field = e.getKey();
      if (field.getName().equals(BLOBS)) {
        continue;
      }
      List<?> values = field.isRepeated() ? (List<?>) e.getValue() : List.of(e.getValue());
      for (int i = 0; i < values.size(); i++) {
        Object value = values.get(i);
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          TextFormatParseInfoTree nested = null;
          int nestedLine = 0;
          if (tree != null) {
            nested = tree.getNestedTree(field, i);
            // Parse locations are 0-based; colorize's messages count lines from 1.
            nestedLine = tree.getLocation(field, i).getLine() + 1;
          }
          out.add(field.getName(), fields((Message) value, nested, nestedLine));
        } else {
          out.add(field.getName(), text(field, value));
        }
      }
    }
    return out;
  }

  private static String text(FieldDescriptor field, Object value) {
    return switch (field.getType()) {
      case ENUM -> ((EnumValueDescriptor) value).getName();
      case UINT32, FIXED32 -> Integer.toUnsignedString((Integer) value);
      case UINT64, FIXED64 -> Long.toUnsignedString((Long) value);
      default -> String.valueOf(value);
    };
  }

  /** The blobs of a binary layer, checked against their shapes. */
  static List<CaffeBlob> blobs(LayerParameter layer, String source) {
    List<CaffeBlob> out = new ArrayList<>();
    for (BlobProto blob : layer.getBlobsList()) {
      out.add(blob(blob, layer.getName(), out.size(), source));
    }
    return out;
  }

  /**
   * A blob's shape (the legacy {@code num/channels/height/width} win over {@code shape}, as in
   * Caffe) and values ({@code data}, or {@code double_data} narrowed to float).
   */
  static CaffeBlob blob(BlobProto b, String layer, int index, String source) {
    boolean legacy = b.hasNum() || b.hasChannels() || b.hasHeight() || b.hasWidth();
    long[] shape = legacy
        ? new long[] {b.getNum(), b.getChannels(), b.getHeight(), b.getWidth()}
        : b.getShape().getDimList().stream().mapToLong(Long::longValue).toArray();
    long count = 1;
    for (long d : shape) {
      if (d < 0 || d > Integer.MAX_VALUE || count * d > Integer.MAX_VALUE) {
        throw new CaffeFormatException(source, "layer '" + layer + "' blob " + index
            + " has shape " + Arrays.toString(shape)
            + ", expected non-negative axes holding at most 2^31 values");
      }
      count *= d;
    }
    int stored = b.getDataCount() + b.getDoubleDataCount();
    if (count != stored) {
      throw new CaffeFormatException(source, "layer '" + layer + "' blob " + index + " has shape "
          + Arrays.toString(shape) + (legacy ? " (legacy num/channels/height/width)" : "")
          + ", which holds " + count + " values, but the file stores " + stored);
    }
    float[] values = new float[stored];
    for (int i = 0; i < b.getDataCount(); i++) {
      values[i] = b.getData(i);
    }
    for (int i = 0; i < b.getDoubleDataCount(); i++) {
      values[b.getDataCount() + i] = (float) b.getDoubleData(i);
    }
    return new CaffeBlob(shape, legacy, values);
  }
}
