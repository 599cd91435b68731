package io.github.colorize.model.onnx;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnsafeByteOperations;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import io.github.colorize.model.onnx.proto.OnnxProtos.AttributeProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.GraphProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.ModelProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.NodeProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.OperatorSetIdProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.StringStringEntryProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.TensorProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.TensorShapeProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.TypeProto;
import io.github.colorize.model.onnx.proto.OnnxProtos.ValueInfoProto;
import io.github.colorize.tensor.FloatTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses the bytes of an ONNX {@code ModelProto} into an {@link OnnxModel}. protobuf-java's
 * classes generated from {@code src/main/proto/onnx_subset.proto} (the part of {@code onnx.proto}
 * colorize uses) decode the bytes; this class maps those messages to colorize's value types.
 * Fields outside the subset are skipped; repeated numbers are read in packed and unpacked form.
 *
 * <p>The parser aliases the input array ({@code raw_data} fields are views of it, not copies), so
 * a 129 MB model needs its bytes plus its float weights in heap while it loads.
 * {@link #readOutline(Path)} reads a model without its weights instead, for engines that load
 * the file themselves.
 */
public final class OnnxReader {

  private static final Logger LOG = LoggerFactory.getLogger(OnnxReader.class);

  /** Which part of the model is being mapped, for error messages. */
  private String where = "ModelProto";

  private OnnxReader() {}

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
    CodedInputStream in = OnnxReader.aliasingInput(bytes);
    ModelProto proto;
    try {
      proto = ModelProto.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxFormatException("not a readable ONNX protobuf (truncated or corrupt) at byte "
          + in.getTotalBytesRead() + " of " + bytes.length + ", in " + partRead(e) + ": "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new OnnxFormatException("cannot parse the ONNX protobuf: " + e.getMessage(), e);
    }
    OnnxReader reader = new OnnxReader();
    try {
      return reader.model(proto);
    } catch (OnnxFormatException e) {
      throw e;
    } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
      throw new OnnxFormatException("bad ONNX content in " + reader.where + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * A decoder whose {@code bytes} fields ({@code raw_data}, strings) are views of {@code bytes}:
   * protobuf aliases only input it may treat as immutable, hence the wrapping. The caller must not
   * change the array while the parsed messages live.
   */
  static CodedInputStream aliasingInput(byte[] bytes) {
    CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
    in.enableAliasing(true);
    in.setSizeLimit(Integer.MAX_VALUE);
    return in;
  }

  /** Where parsing stopped, from the part of the model protobuf did read. */
  private static String partRead(InvalidProtocolBufferException e) {
    MessageLite partial = e.getUnfinishedMessage();
    if (!(partial instanceof ModelProto m) || !m.hasGraph()) {
      return "ModelProto";
    }
    GraphProto g = m.getGraph();
    String after = g.getInitializerCount() > 0
        ? "initializer '" + g.getInitializer(g.getInitializerCount() - 1).getName() + "'"
        : g.getNodeCount() > 0 ? "node #" + (g.getNodeCount() - 1) : "its start";
    return "graph, after " + g.getNodeCount() + " nodes and " + g.getInitializerCount()
        + " initializers (last read: " + after + ")";
  }

  /**
   * Reads the outline of the ONNX model in {@code file}: everything but the initializers' data,
   * which is skipped on the stream and never held (a few hundred kilobytes of heap for a 129 MB
   * model). The checks are those of {@link #read(byte[])} except the ones that need the weights'
   * values; the initializers' sizes are checked against their dims.
   *
   * @throws OnnxFormatException if the file is not a readable ONNX model; the message says at
   *     which byte and in which part of the file
   * @throws IOException if the file cannot be read
   */
  public static OnnxOutline readOutline(Path file) throws IOException {
    checkNotNull(file, "file");
    long size = Files.size(file);
    if (size == 0) {
      throw new OnnxFormatException("the file is empty, expected an ONNX model");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return readOutline(in, size);
    }
  }

  /**
   * As {@link #readOutline(Path)}, from a stream (read to its end, not closed).
   *
   * @param size the stream's length in bytes, for messages
   */
  public static OnnxOutline readOutline(InputStream in, long size) throws IOException {
    checkNotNull(in, "in");
    WeightSkippingReader.Skimmed skimmed = WeightSkippingReader.read(in, size);
    OnnxReader reader = new OnnxReader();
    try {
      return reader.outline(skimmed);
    } catch (OnnxFormatException e) {
      throw e;
    } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
      throw new OnnxFormatException("bad ONNX content in " + reader.where + ": " + e.getMessage(),
          e);
    }
  }

  private OnnxModel model(ModelProto m) {
    checkHasGraph(m);
    Map<String, Long> otherOpsets = new LinkedHashMap<>();
    long opset = opsets(m, otherOpsets);
    Map<String, String> metadata = metadata(m);
    OnnxGraph graph = graph(m.getGraph());
    where = "ModelProto";
    return new OnnxModel(m.getIrVersion(), opset, m.getProducerName(), m.getProducerVersion(),
        graph, metadata, m.getDomain(), m.getModelVersion(), m.getDocString(), otherOpsets);
  }

  private static void checkHasGraph(ModelProto m) {
    if (!m.hasGraph()) {
      throw new OnnxFormatException("no graph found: the bytes are not an ONNX model");
    }
  }

  /** The default domain's opset version; the other domains' go into {@code others}. */
  private static long opsets(ModelProto m, Map<String, Long> others) {
    long opset = 0;
    for (OperatorSetIdProto o : m.getOpsetImportList()) {
      if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
        opset = o.getVersion();
      } else {
        others.put(o.getDomain(), o.getVersion());
      }
    }
    return opset;
  }

  private static Map<String, String> metadata(ModelProto m) {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (StringStringEntryProto e : m.getMetadataPropsList()) {
      metadata.put(e.getKey(), e.getValue());
    }
    return metadata;
  }

  /** The outline of a model whose initializers were read without their data. */
  private OnnxOutline outline(WeightSkippingReader.Skimmed skimmed) {
    ModelProto m = skimmed.model();
    checkHasGraph(m);
    long opset = opsets(m, new LinkedHashMap<>());
    GraphProto g = m.getGraph();
    checkNoSparseInitializers(g);
    List<OnnxNode> nodes = new ArrayList<>();
    for (NodeProto n : g.getNodeList()) {
      where = "graph node #" + nodes.size();
      nodes.add(node(n));
    }
    Set<String> initializers = new LinkedHashSet<>();
    for (int i = 0; i < g.getInitializerCount(); i++) {
      TensorProto t = g.getInitializer(i);
      where = "graph initializer '" + t.getName() + "'";
      checkSupported(t);
      long count = elementCount(t);
      int size = OnnxTensor.elementSize(t.getDataType());
      if (size == 0) {
        throw new OnnxFormatException("tensor '" + t.getName() + "' has data type "
            + t.getDataType() + ", which colorize does not read");
      }
      long raw = skimmed.rawDataLengths()[i];
      if (raw >= 0) {
        checkLength(t, raw, Math.multiplyExact(count, (long) size));
      }
      initializers.add(t.getName());
    }
    List<OnnxValueInfo> inputs = valueInfos(g.getInputList(), "graph input #");
    List<OnnxValueInfo> outputs = valueInfos(g.getOutputList(), "graph output #");
    where = "graph";
    inputs.removeIf(v -> initializers.contains(v.name()));
    return new OnnxOutline(opset, metadata(m), g.getName(), nodes, inputs, outputs,
        initializers);
  }

  private static void checkNoSparseInitializers(GraphProto g) {
    if (g.getSparseInitializerCount() > 0) {
      throw new OnnxFormatException(
          "the graph has sparse initializers, which colorize does not read");
    }
  }

  private OnnxGraph graph(GraphProto g) {
    checkNoSparseInitializers(g);
    List<OnnxNode> nodes = new ArrayList<>();
    for (NodeProto n : g.getNodeList()) {
      where = "graph node #" + nodes.size();
      nodes.add(node(n));
    }
    Map<String, FloatTensor> initializers = new LinkedHashMap<>();
    Map<String, OnnxTensor> others = new LinkedHashMap<>();
    for (TensorProto t : g.getInitializerList()) {
      where = "graph initializer '" + t.getName() + "'";
      checkSupported(t);
      if (t.getDataType() == OnnxTensor.FLOAT && elementCount(t) > 0) {
        initializers.put(t.getName(), toFloatTensor(t));
      } else {
        others.put(t.getName(), toOnnxTensor(t));
      }
    }
    List<OnnxValueInfo> inputs = valueInfos(g.getInputList(), "graph input #");
    List<OnnxValueInfo> outputs = valueInfos(g.getOutputList(), "graph output #");
    List<OnnxValueInfo> valueInfo = valueInfos(g.getValueInfoList(), "graph value_info #");
    where = "graph";
    // Before IR 4 (and in some exports) initializers are listed among the inputs too.
    inputs.removeIf(v -> initializers.containsKey(v.name()) || others.containsKey(v.name()));
    return new OnnxGraph(g.getName(), nodes, initializers, inputs, outputs, others, valueInfo,
        g.getDocString());
  }

  private OnnxNode node(NodeProto n) {
    Map<String, OnnxAttribute> attributes = new LinkedHashMap<>();
    for (AttributeProto a : n.getAttributeList()) {
      OnnxAttribute attribute = attribute(a);
      if (attribute != null) {
        attributes.put(attribute.name(), attribute);
      }
    }
    return new OnnxNode(n.getName(), n.getOpType(), n.getInputList(), n.getOutputList(),
        attributes, n.getDomain(), n.getDocString());
  }

  /** An attribute, or null for kinds colorize does not model (graphs, string lists...). */
  private OnnxAttribute attribute(AttributeProto a) {
    OnnxTensor t = OnnxTensor.NONE;
    if (a.hasT()) {
      checkSupported(a.getT());
      t = toOnnxTensor(a.getT());
    }
    int typeCode = a.getType();
    if (typeCode == 0) {
      // IR version 1 had no type field: infer it from the field present.
      typeCode = a.getIntsCount() > 0 ? 7 : a.getFloatsCount() > 0 ? 6 : a.hasT() ? 4
          : a.hasS() ? 3 : a.hasI() ? 2 : a.hasF() ? 1 : 0;
    }
    OnnxAttribute.Type type = OnnxAttribute.Type.fromCode(typeCode);
    if (type == null) {
      LOG.debug("skipping attribute '{}' of type {} in {}", a.getName(), typeCode, where);
      return null;
    }
    float[] floats = new float[a.getFloatsCount()];
    for (int k = 0; k < floats.length; k++) {
      floats[k] = a.getFloats(k);
    }
    long[] ints = a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    return new OnnxAttribute(a.getName(), type, a.getF(), a.getI(), a.getS().toStringUtf8(),
        floats, ints, t);
  }

  private List<OnnxValueInfo> valueInfos(List<ValueInfoProto> protos, String label) {
    List<OnnxValueInfo> out = new ArrayList<>();
    for (ValueInfoProto v : protos) {
      where = label + out.size();
      // Only tensor types are read; other kinds leave elemType 0 and no shape.
      TypeProto.Tensor tensorType = v.getType().getTensorType();
      List<Dim> dims = new ArrayList<>();
      for (TensorShapeProto.Dimension d : tensorType.getShape().getDimList()) {
        dims.add(d.hasDimValue() && d.getDimValue() >= 0 ? Dim.of(d.getDimValue())
            : Dim.symbolic(d.getDimParam()));
      }
      out.add(new OnnxValueInfo(v.getName(), tensorType.getElemType(), dims));
    }
    return out;
  }

  // --- TensorProto --------------------------------------------------------------------------

  private static void checkSupported(TensorProto t) {
    if (t.hasSegment()) {
      throw new OnnxFormatException("segmented tensors are not supported");
    }
    if (t.getStringDataCount() > 0) {
      throw new OnnxFormatException("string tensors are not supported");
    }
    if (t.getDataLocation() == 1) {
      throw new OnnxFormatException("tensor '" + t.getName()
          + "' keeps its data in an external file, which colorize does not read;"
          + " save the model with its weights inside the .onnx file");
    }
  }

  private static long elementCount(TensorProto t) {
    long count = 1;
    for (long d : t.getDimsList()) {
      if (d < 0 || d > Integer.MAX_VALUE) {
        throw new OnnxFormatException("tensor '" + t.getName() + "' has dims "
            + t.getDimsList() + ", expected every dim in [0, 2^31)");
      }
      count = Math.multiplyExact(count, d);
    }
    return count;
  }

  private static long[] dims(TensorProto t) {
    return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
  }

  private static FloatTensor toFloatTensor(TensorProto t) {
    long count = elementCount(t);
    if (count > Integer.MAX_VALUE - 8) {
      throw new OnnxFormatException("tensor '" + t.getName() + "' has " + count
          + " elements, more than a Java array holds");
    }
    int[] shape = Arrays.stream(dims(t)).mapToInt(d -> (int) d).toArray();
    float[] data;
    if (t.hasRawData()) {
      ByteString raw = t.getRawData();
      checkLength(t, raw.size(), count * 4);
      data = new float[(int) count];
      // A view of the aliased input: the only copy made is the float array itself.
      raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
    } else {
      checkLength(t, t.getFloatDataCount(), count);
      data = new float[(int) count];
      for (int k = 0; k < data.length; k++) {
        data[k] = t.getFloatData(k);
      }
    }
    return FloatTensor.of(data, shape);
  }

  private static OnnxTensor toOnnxTensor(TensorProto t) {
    long count = elementCount(t);
    int dataType = t.getDataType();
    int size = OnnxTensor.elementSize(dataType);
    if (size == 0) {
      throw new OnnxFormatException("tensor '" + t.getName() + "' has data type " + dataType
          + ", which colorize does not read");
    }
    long bytes = Math.multiplyExact(count, (long) size);
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new OnnxFormatException("tensor '" + t.getName() + "' is too large: " + bytes
          + " bytes");
    }
    if (t.hasRawData()) {
      checkLength(t, t.getRawData().size(), bytes);
      return new OnnxTensor(t.getName(), dataType, dims(t), t.getRawData().toByteArray());
    }
    ByteBuffer b = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    switch (dataType) {
      case OnnxTensor.FLOAT -> {
        checkLength(t, t.getFloatDataCount(), count);
        t.getFloatDataList().forEach(b::putFloat);
      }
      case OnnxTensor.INT64 -> {
        checkLength(t, t.getInt64DataCount(), count);
        t.getInt64DataList().forEach(b::putLong);
      }
      case OnnxTensor.DOUBLE -> {
        checkLength(t, t.getDoubleDataCount(), count);
        t.getDoubleDataList().forEach(b::putDouble);
      }
      case OnnxTensor.UINT64 -> {
        checkLength(t, t.getUint64DataCount(), count);
        t.getUint64DataList().forEach(b::putLong);
      }
      case OnnxTensor.UINT32 -> {
        checkLength(t, t.getUint64DataCount(), count);
        t.getUint64DataList().forEach(v -> b.putInt(v.intValue()));
      }
      default -> {
        // INT32 and the narrower types travel in int32_data, one element per entry.
        checkLength(t, t.getInt32DataCount(), count);
        for (int v : t.getInt32DataList()) {
          switch (size) {
            case 1 -> b.put((byte) v);
            case 2 -> b.putShort((short) v);
            default -> b.putInt(v);
          }
        }
      }
    }
    return new OnnxTensor(t.getName(), dataType, dims(t), b.array());
  }

  private static void checkLength(TensorProto t, long actual, long expected) {
    if (actual != expected) {
      throw new OnnxFormatException("tensor '" + t.getName() + "' of dims " + t.getDimsList()
          + " holds " + actual + " data entries/bytes, expected " + expected);
    }
  }
}
