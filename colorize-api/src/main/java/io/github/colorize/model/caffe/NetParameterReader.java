package io.github.colorize.model.caffe;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.github.colorize.model.caffe.proto.CaffeProtos.LayerParameter;
import io.github.colorize.model.caffe.proto.CaffeProtos.NetParameter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a binary Caffe {@code NetParameter} (a {@code .caffemodel}) with protobuf's classes
 * generated from {@code src/main/proto/caffe_subset.proto}; fields outside that subset (solver
 * state, fields of Caffe forks) are skipped.
 *
 * <p>Each {@code layer} is parsed by the generated {@code LayerParameter} parser and mapped to a
 * {@link CaffeLayer} as it arrives, rather than the whole {@code NetParameter} at once: a released
 * caffemodel is 129 MB, and a parsed {@code NetParameter} would hold every weight a second time
 * beside the float arrays colorize keeps. It also lets errors name the layer and blob being read.
 */
final class NetParameterReader {

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

  /**
   * The top level of NetParameter: its name and layers go through the generated parsers one
   * field at a time; everything else (the V1 layers, net state) is skipped.
   */
  private CaffeNet readNet() throws IOException {
    String name = "";
    List<CaffeLayer> layers = new ArrayList<>();
    boolean v1Layers = false;
    int tag;
    while ((tag = in.readTag()) != 0) {
      int number = WireFormat.getTagFieldNumber(tag);
      boolean message = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      if (number == NetParameter.NAME_FIELD_NUMBER && message) {
        name = in.readString();
      } else if (number == NetParameter.LAYER_FIELD_NUMBER && message) {
        int index = layers.size();
        context = "layer #" + (index + 1);
        LayerParameter layer = readLayer(index);
        context = "layer #" + (index + 1) + " '" + layer.getName() + "'";
        layers.add(CaffeLayer.of(index, CaffeMessages.fields(layer, null, 0),
            CaffeMessages.blobs(layer, source)));
        context = "the net after layer #" + layers.size();
      } else {
        v1Layers |= number == NetParameter.LAYERS_FIELD_NUMBER;
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

  /** One layer; on failure, the context names it and the blob protobuf was reading. */
  private LayerParameter readLayer(int index) throws IOException {
    try {
      return in.readMessage(LayerParameter.parser(), ExtensionRegistryLite.getEmptyRegistry());
    } catch (InvalidProtocolBufferException e) {
      if (e.getUnfinishedMessage() instanceof LayerParameter partial) {
        context = "layer #" + (index + 1) + (partial.hasName() ? " '" + partial.getName() + "'"
            : "") + (partial.getBlobsCount() > 0 || partial.hasName()
            ? ", blob " + partial.getBlobsCount() : "");
      }
      throw e;
    }
  }
}
