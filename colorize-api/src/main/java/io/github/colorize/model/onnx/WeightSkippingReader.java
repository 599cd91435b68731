package io.github.colorize.model.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.github.colorize.model.onnx.proto.OnnxProtos.ModelProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.TensorProto;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a serialized ONNX {@code ModelProto} and keeps everything but the tensor data of the
 * graph's initializers: their {@code raw_data} and typed data fields are skipped on the stream
 * (a seek for a file), so a model's weights never reach the heap. What is kept (nodes, inputs,
 * outputs, metadata, each initializer's name, type and dims) is re-encoded and parsed by the
 * generated protobuf classes, so the rest of the reader sees an ordinary, weightless model.
 *
 * <p>Not thread-safe; one instance reads one stream.
 */
final class WeightSkippingReader {

  private static final int GRAPH = 7;
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int TENSOR_RAW_DATA = 9;
  /** The numeric data fields of a TensorProto: float, int32, int64, double, uint64 data. */
  private static final List<Integer> TENSOR_NUMERIC_DATA = List.of(4, 5, 7, 10, 11);
  /** Bytes the decoder buffers at a time: large enough for few reads, small against weights. */
  private static final int BUFFER = 1 << 16;

  /**
   * The model without its weights.
   *
   * @param model the model; its initializers hold no data
   * @param rawDataLengths per initializer (in file order), the length of the {@code raw_data}
   *     skipped, or -1 when it had none
   */
  record Skimmed(ModelProto model, long[] rawDataLengths) {}

  private final CodedInputStream in;
  private final List<Long> rawLengths = new ArrayList<>();
  private int nodes;
  private String lastInitializer = "";
  private boolean inGraph;

  private WeightSkippingReader(InputStream stream) {
    in = CodedInputStream.newInstance(stream, BUFFER);
    in.setSizeLimit(Integer.MAX_VALUE);
  }

  /**
   * Reads {@code stream} to its end (not closing it).
   *
   * @param size the stream's length, for messages
   * @throws OnnxFormatException if it is not a readable ONNX protobuf (the message says at which
   *     byte and in which part)
   * @throws IOException if the stream cannot be read
   */
  static Skimmed read(InputStream stream, long size) throws IOException {
    WeightSkippingReader reader = new WeightSkippingReader(stream);
    try {
      ModelProto model = ModelProto.parseFrom(reader.model());
      long[] lengths = reader.rawLengths.stream().mapToLong(Long::longValue).toArray();
      return new Skimmed(model, lengths);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxFormatException("not a readable ONNX protobuf (truncated or corrupt) at byte "
          + reader.in.getTotalBytesRead() + " of " + size + ", in " + reader.where() + ": "
          + e.getMessage(), e);
    }
  }

  private String where() {
    if (!inGraph && nodes == 0 && rawLengths.isEmpty()) {
      return "ModelProto";
    }
    String after = !rawLengths.isEmpty() ? "initializer '" + lastInitializer + "'"
        : nodes > 0 ? "node #" + (nodes - 1) : "its start";
    return "graph, after " + nodes + " nodes and " + rawLengths.size()
        + " initializers (last read: " + after + ")";
  }

  /** The top-level message, the graph replaced by its weightless copy. */
  private ByteString model() throws IOException {
    ByteString.Output bytes = ByteString.newOutput();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == lengthDelimited(GRAPH)) {
        out.writeBytes(GRAPH, graph());
      } else {
        in.skipField(tag, out);
      }
    }
    out.flush();
    return bytes.toByteString();
  }

  private ByteString graph() throws IOException {
    inGraph = true;
    int limit = in.pushLimit(in.readRawVarint32());
    ByteString.Output bytes = ByteString.newOutput();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == lengthDelimited(GRAPH_INITIALIZER)) {
        out.writeBytes(GRAPH_INITIALIZER, tensorWithoutData());
      } else {
        if (tag == lengthDelimited(GRAPH_NODE)) {
          nodes++;
        }
        in.skipField(tag, out);
      }
    }
    endMessage(limit);
    out.flush();
    inGraph = false;
    return bytes.toByteString();
  }

  /** One TensorProto with its name, type and dims but none of its data. */
  private ByteString tensorWithoutData() throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    ByteString.Output bytes = ByteString.newOutput();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    long rawLength = -1;
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (tag == lengthDelimited(TENSOR_RAW_DATA)) {
        // skipRawBytes refuses a negative length itself.
        int length = in.readRawVarint32();
        in.skipRawBytes(length);
        rawLength = length;
      } else if (TENSOR_NUMERIC_DATA.contains(field)) {
        in.skipField(tag);
      } else {
        // Name, dims, data type, segment, data location, and string data (which the reader
        // refuses by name: keeping it keeps that message).
        in.skipField(tag, out);
      }
    }
    endMessage(limit);
    out.flush();
    ByteString tensor = bytes.toByteString();
    rawLengths.add(rawLength);
    lastInitializer = TensorProto.parseFrom(tensor).getName();
    return tensor;
  }

  /** As protobuf's own message reader: the message must fill its declared length. */
  private void endMessage(int limit) throws InvalidProtocolBufferException {
    in.checkLastTagWas(0);
    if (in.getBytesUntilLimit() != 0) {
      throw new InvalidProtocolBufferException("the input ended in the middle of a message: it"
          + " was truncated, or a message misreported its own length");
    }
    in.popLimit(limit);
  }

  private static int lengthDelimited(int field) {
    return field << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }
}
