package io.github.colorize.model.caffe.testing;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes binary Caffe {@code NetParameter} files (.caffemodel) for tests, independently of the
 * importer's reader: field numbers from BVLC Caffe's {@code caffe.proto} (NetParameter name 1,
 * layer 100; LayerParameter name 1, type 2, bottom 3, top 4, param 6, blobs 7, phase 10,
 * convolution_param 106; BlobProto num/channels/height/width 1-4, data 5, shape 7, double_data 8;
 * BlobShape dim 1).
 */
public final class CaffeModelWriter {

  /** How a blob stores its values. */
  public enum Encoding {
    /** {@code repeated float data = 5 [packed = true]}: what Caffe writes. */
    PACKED_FLOAT,
    /** One {@code data} field per value: what a writer that ignores {@code packed} produces. */
    UNPACKED_FLOAT,
    /** {@code double_data = 8}, packed: a net saved in double precision. */
    PACKED_DOUBLE
  }

  /**
   * A parameter blob.
   *
   * @param shape its dimensions
   * @param legacy whether to write them as the legacy num/channels/height/width (4 axes)
   * @param data the values
   * @param encoding how the values are stored
   * @param alsoShape with {@code legacy}, a (conflicting) {@code shape} written as well, or null
   */
  public record Blob(long[] shape, boolean legacy, float[] data, Encoding encoding,
      long[] alsoShape) {

    /** A blob with a {@code shape} field and packed float data. */
    public static Blob of(float[] data, long... shape) {
      return new Blob(shape, false, data, Encoding.PACKED_FLOAT, null);
    }

    /** A blob with the legacy 4-D fields, as pre-2015 Caffe wrote them. */
    public static Blob legacy(float[] data, long num, long channels, long height, long width) {
      return new Blob(new long[] {num, channels, height, width}, true, data,
          Encoding.PACKED_FLOAT, null);
    }

    /** This blob with its values stored another way. */
    public Blob encoded(Encoding how) {
      return new Blob(shape, legacy, data, how, alsoShape);
    }

    /** This (legacy) blob with a {@code shape} field too, which readers must ignore. */
    public Blob withConflictingShape(long... other) {
      return new Blob(shape, legacy, data, encoding, other);
    }
  }

  /** One layer; its setters return it for chaining. */
  public static final class Layer {
    private final String name;
    private final String type;
    private final List<String> bottoms = new ArrayList<>();
    private final List<String> tops = new ArrayList<>();
    private final List<Blob> blobs = new ArrayList<>();
    private long[] convolution;
    private boolean snapshotExtras;

    private Layer(String name, String type) {
      this.name = name;
      this.type = type;
    }

    public Layer bottom(String blob) {
      bottoms.add(blob);
      return this;
    }

    public Layer top(String blob) {
      tops.add(blob);
      return this;
    }

    public Layer blob(Blob blob) {
      blobs.add(blob);
      return this;
    }

    /** A convolution_param: num_output, kernel_size, stride, pad, dilation. */
    public Layer convolution(long numOutput, long kernel, long stride, long pad, long dilation) {
      convolution = new long[] {numOutput, kernel, stride, pad, dilation};
      return this;
    }

    /**
     * Fields a real training snapshot carries and a reader must skip: {@code param} specs with
     * learning-rate multipliers, {@code phase: TEST}, and a field number caffe.proto does not
     * define (as a fork's extension would be).
     */
    public Layer withSnapshotExtras() {
      snapshotExtras = true;
      return this;
    }

    /** Replaces blob {@code index}. */
    public Layer setBlob(int index, Blob blob) {
      blobs.set(index, blob);
      return this;
    }

    /** Drops the last blob. */
    public Layer dropLastBlob() {
      blobs.remove(blobs.size() - 1);
      return this;
    }

    public String name() {
      return name;
    }
  }

  private final String netName;
  private final List<Layer> layers = new ArrayList<>();

  /** A net with this name (field 1), as Caffe writes it first. */
  public CaffeModelWriter(String netName) {
    this.netName = netName;
  }

  /** Adds a layer and returns it for chaining. */
  public Layer layer(String name, String type) {
    Layer layer = new Layer(name, type);
    layers.add(layer);
    return layer;
  }

  /** The layer of that name. */
  public Layer layerNamed(String name) {
    return layers.stream().filter(l -> l.name.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no layer " + name));
  }

  /** Removes the layer of that name. */
  public void remove(String name) {
    layers.remove(layerNamed(name));
  }

  /** The serialized NetParameter. */
  public byte[] toByteArray() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes, 1 << 16);
      out.writeString(1, netName);
      for (Layer layer : layers) {
        out.writeByteArray(100, layer(layer));
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the NetParameter to {@code path}. */
  public void write(Path path) throws IOException {
    Files.write(path, toByteArray());
  }

  private static byte[] layer(Layer layer) throws IOException {
    return message(out -> {
      out.writeString(1, layer.name);
      out.writeString(2, layer.type);
      for (String b : layer.bottoms) {
        out.writeString(3, b);
      }
      for (String t : layer.tops) {
        out.writeString(4, t);
      }
      if (layer.snapshotExtras) {
        for (int i = 0; i < layer.blobs.size(); i++) {
          // ParamSpec { lr_mult: 1 (3, float), decay_mult: 1 (4, float) }
          out.writeByteArray(6, message(p -> {
            p.writeFloat(3, 1f);
            p.writeFloat(4, 1f);
          }));
        }
        out.writeEnum(10, 1);
        out.writeString(4321, "a field of some Caffe fork");
      }
      for (Blob blob : layer.blobs) {
        out.writeByteArray(7, blob(blob));
      }
      if (layer.convolution != null) {
        long[] c = layer.convolution;
        out.writeByteArray(106, message(p -> {
          p.writeUInt64(1, c[0]);
          p.writeUInt64(4, c[1]);
          if (c[2] != 1) {
            p.writeUInt64(6, c[2]);
          }
          if (c[3] != 0) {
            p.writeUInt64(3, c[3]);
          }
          if (c[4] != 1) {
            p.writeUInt64(18, c[4]);
          }
        }));
      }
    });
  }

  private static byte[] blob(Blob blob) throws IOException {
    return message(out -> {
      if (blob.legacy()) {
        for (int i = 0; i < 4; i++) {
          out.writeInt64(1 + i, blob.shape()[i]);
        }
      }
      long[] shape = blob.legacy() ? blob.alsoShape() : blob.shape();
      if (shape != null) {
        out.writeByteArray(7, message(s -> {
          s.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
          int size = 0;
          for (long d : shape) {
            size += CodedOutputStream.computeInt64SizeNoTag(d);
          }
          s.writeUInt32NoTag(size);
          for (long d : shape) {
            s.writeInt64NoTag(d);
          }
        }));
      }
      float[] data = blob.data();
      switch (blob.encoding()) {
        case PACKED_FLOAT -> {
          ByteBuffer buf = ByteBuffer.allocate(data.length * Float.BYTES)
              .order(ByteOrder.LITTLE_ENDIAN);
          buf.asFloatBuffer().put(data);
          out.writeTag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
          out.writeUInt32NoTag(buf.capacity());
          out.writeRawBytes(buf.array());
        }
        case UNPACKED_FLOAT -> {
          for (float v : data) {
            out.writeFloat(5, v);
          }
        }
        case PACKED_DOUBLE -> {
          ByteBuffer buf = ByteBuffer.allocate(data.length * Double.BYTES)
              .order(ByteOrder.LITTLE_ENDIAN);
          for (float v : data) {
            buf.putDouble(v);
          }
          out.writeTag(8, WireFormat.WIRETYPE_LENGTH_DELIMITED);
          out.writeUInt32NoTag(buf.capacity());
          out.writeRawBytes(buf.array());
        }
        default -> throw new IllegalStateException(blob.encoding().toString());
      }
    });
  }

  private interface Body {
    void writeTo(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Body body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    body.writeTo(out);
    out.flush();
    return bytes.toByteArray();
  }
}
