package io.github.colorize.model.torch;

import io.github.colorize.model.torch.RestrictedUnpickler.StorageRef;
import io.github.colorize.model.torch.RestrictedUnpickler.TensorRef;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;

/**
 * Reads the state dict of a {@code torch.save} file in either of its formats:
 * <ul>
 *   <li>the zip container (PyTorch 1.6 and later): {@code ARCHIVE/data.pkl} is the pickle, each
 *       storage is the entry {@code ARCHIVE/data/KEY}, little-endian unless
 *       {@code ARCHIVE/byteorder} says otherwise;
 *   <li>the legacy stream: pickles of the magic number, the protocol version (1001) and the
 *       system info, then the state dict, then the list of storage keys, then each storage as an
 *       int64 element count and its raw bytes, in the order of that list.
 * </ul>
 * Pickles go through {@link RestrictedUnpickler}: nothing in the file is executed.
 */
final class StateDictReader {

  /** The first pickle of the legacy format. */
  static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
  static final int LEGACY_PROTOCOL = 1001;

  private final Path file;
  private final String source;

  private StateDictReader(Path file) {
    this.file = file;
    this.source = file.toString();
  }

  /**
   * @return every entry by its key, in file order where the pickle keeps it
   * @throws TorchFormatException naming the file (and the key) for anything not a state dict
   * @throws IOException if the file cannot be read
   */
  static Map<String, TorchTensor> read(Path file) throws IOException {
    return new StateDictReader(file).read();
  }

  private Map<String, TorchTensor> read() throws IOException {
    byte[] head = new byte[4];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 4);
    }
    if (n == 4 && head[0] == 'P' && head[1] == 'K') {
      return readZip();
    }
    if (n >= 2 && (head[0] & 0xff) == 0x80) {
      return readLegacy();
    }
    throw new TorchFormatException(source, n == 0 ? "the file is empty" : "starts with neither a"
        + " zip header (PK) nor a pickle (0x80): expected a file written by torch.save");
  }

  // ------------------------------------------------------------------ zip format

  private Map<String, TorchTensor> readZip() throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String prefix = archivePrefix(zip);
      ByteOrder order = ByteOrder.LITTLE_ENDIAN;
      ZipEntry byteorder = zip.getEntry(prefix + "byteorder");
      if (byteorder != null) {
        String text = new String(zip.getInputStream(byteorder).readAllBytes(),
            StandardCharsets.US_ASCII).trim();
        if (text.equals("big")) {
          order = ByteOrder.BIG_ENDIAN;
        } else if (!text.equals("little")) {
          throw new TorchFormatException(source, prefix + "byteorder says '" + text
              + "', expected 'little' or 'big'");
        }
      }
      Object pickled;
      try (InputStream in = new BufferedInputStream(
          zip.getInputStream(zip.getEntry(prefix + "data.pkl")))) {
        pickled = unpickle(in, prefix + "data.pkl");
      }
      Map<String, TensorRef> refs = stateDict(pickled, prefix + "data.pkl");
      Map<String, Object> storages = new HashMap<>();
      for (TensorRef ref : refs.values()) {
        StorageRef s = ref.storage();
        if (storages.containsKey(s.key())) {
          continue;
        }
        String name = prefix + "data/" + s.key();
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
          throw new TorchFormatException(source, "has no entry " + name + ", the storage of "
              + keyOf(refs, s) + "; the archive is incomplete");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          storages.put(s.key(), storage(in, s, refs, order, entry.getSize()));
        }
      }
      return tensors(refs, storages);
    } catch (ZipException e) {
      throw new TorchFormatException(source, "is not a complete zip archive (" + e.getMessage()
          + "): the file is cut short or damaged; expected a file written by torch.save", e);
    }
  }

  private String archivePrefix(ZipFile zip) {
    List<String> pickles = new ArrayList<>();
    zip.stream().map(ZipEntry::getName).filter(name -> name.endsWith("data.pkl")
        && name.indexOf('/') == name.length() - "data.pkl".length() - 1).forEach(pickles::add);
    if (pickles.size() != 1) {
      throw new TorchFormatException(source, "holds " + pickles.size() + " entries ARCHIVE/"
          + "data.pkl " + pickles + ", expected exactly one: a zip written by torch.save");
    }
    String pkl = pickles.get(0);
    return pkl.substring(0, pkl.length() - "data.pkl".length());
  }

  // ------------------------------------------------------------------ legacy format

  private Map<String, TorchTensor> readLegacy() throws IOException {
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      Object magic = unpickle(in, "the magic number");
      if (!(magic instanceof Number m) || !new BigInteger(m.toString()).equals(LEGACY_MAGIC)) {
        throw new TorchFormatException(source, "starts with the pickle " + magic + ", expected"
            + " torch.save's magic number 0x" + LEGACY_MAGIC.toString(16));
      }
      Object protocol = unpickle(in, "the protocol version");
      if (!(protocol instanceof Number p) || p.longValue() != LEGACY_PROTOCOL) {
        throw new TorchFormatException(source, "has the protocol version " + protocol
            + ", expected " + LEGACY_PROTOCOL);
      }
      Object sysInfo = unpickle(in, "the system info");
      if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
        throw new TorchFormatException(source, "was written on a big-endian machine; expected"
            + " little_endian True");
      }
      Map<String, TensorRef> refs = stateDict(unpickle(in, "the state dict"), "the state dict");
      List<String> keys;
      try {
        keys = RestrictedUnpickler.keys(unpickle(in, "the storage keys"));
      } catch (PickleException e) {
        throw new TorchFormatException(source, e.getMessage(), e);
      }
      Map<String, StorageRef> byKey = new HashMap<>();
      refs.values().forEach(r -> byKey.putIfAbsent(r.storage().key(), r.storage()));
      Map<String, Object> storages = new HashMap<>();
      for (String key : keys) {
        StorageRef s = byKey.get(key);
        if (s == null) {
          throw new TorchFormatException(source, "lists the storage '" + key + "', which no"
              + " tensor of the state dict uses");
        }
        long count;
        try {
          count = Long.reverseBytes(in.readLong());
        } catch (EOFException e) {
          throw cutShort(key, refs, s, e);
        }
        long expected = s.offset() + s.numel();
        if (count < expected) {
          throw new TorchFormatException(source, "storage '" + key + "' of " + keyOf(refs, s)
              + " holds " + count + " elements, expected at least " + expected);
        }
        StorageRef whole = new StorageRef(s.type(), s.elementSize(), key, count, 0);
        try {
          storages.put(key, storage(in, whole, refs, ByteOrder.LITTLE_ENDIAN,
              count * s.elementSize()));
        } catch (EOFException e) {
          throw cutShort(key, refs, s, e);
        }
      }
      return tensors(refs, storages);
    }
  }

  private TorchFormatException cutShort(String key, Map<String, TensorRef> refs, StorageRef s,
      EOFException e) {
    return new TorchFormatException(source, "ends inside storage '" + key + "' of "
        + keyOf(refs, s) + ": the file is cut short", e);
  }

  // ------------------------------------------------------------------ shared

  private Object unpickle(InputStream in, String what) throws IOException {
    // Not closed: Unpickler.close() would close the stream, which the legacy format reads on.
    RestrictedUnpickler unpickler = new RestrictedUnpickler();
    try {
      return unpickler.load(in);
    } catch (PickleException | ClassCastException | IllegalStateException e) {
      throw new TorchFormatException(source, what + ": " + e.getMessage(), e);
    } catch (IOException e) {
      // Pyrolite reports the end of the data as an IOException of its own.
      throw new TorchFormatException(source, what + ": " + e.getMessage()
          + " (the file is cut short or not a torch.save file)", e);
    }
  }

  private Map<String, TensorRef> stateDict(Object pickled, String where) {
    if (!(pickled instanceof Map<?, ?> map)) {
      throw new TorchFormatException(source, where + " holds "
          + RestrictedUnpickler.describe(pickled) + ", expected a state dict (an OrderedDict of"
          + " tensors, as model.state_dict() returns); save the state dict, not the model");
    }
    Map<String, TensorRef> refs = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (!(e.getValue() instanceof TensorRef ref)) {
        throw new TorchFormatException(source, "key '" + key + "' holds "
            + RestrictedUnpickler.describe(e.getValue()) + ", expected a tensor");
      }
      refs.put(key, ref);
    }
    return refs;
  }

  /** float[] for float storages, long[] otherwise (both indexed by element). */
  private Object storage(InputStream in, StorageRef s, Map<String, TensorRef> refs,
      ByteOrder order, long size) throws IOException {
    long bytes = (s.offset() + s.numel()) * s.elementSize();
    if (size >= 0 && size < bytes) {
      throw new TorchFormatException(source, "storage '" + s.key() + "' of " + keyOf(refs, s)
          + " has " + size + " bytes, expected " + bytes);
    }
    long count = size >= 0 ? size / s.elementSize() : s.offset() + s.numel();
    if (count > Integer.MAX_VALUE) {
      throw new TorchFormatException(source, "storage '" + s.key() + "' has " + count
          + " elements, more than a Java array holds");
    }
    byte[] raw = new byte[(int) count * s.elementSize()];
    int read = in.readNBytes(raw, 0, raw.length);
    if (read < raw.length) {
      throw new EOFException("storage '" + s.key() + "': " + read + " of " + raw.length
          + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(raw).order(order);
    if (s.elementSize() == 4) {
      float[] values = new float[(int) count];
      buffer.asFloatBuffer().get(values);
      return values;
    }
    long[] values = new long[(int) count];
    buffer.asLongBuffer().get(values);
    return values;
  }

  private Map<String, TorchTensor> tensors(Map<String, TensorRef> refs,
      Map<String, Object> storages) {
    Map<String, TorchTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
      TensorRef ref = e.getValue();
      Object storage = storages.get(ref.storage().key());
      long base = ref.storage().offset() + ref.offset();
      int length = storage instanceof float[] f ? f.length : ((long[]) storage).length;
      long count = 1;
      long last = base;
      for (int d = 0; d < ref.shape().length; d++) {
        count *= ref.shape()[d];
        if (ref.shape()[d] > 0) {
          last += (ref.shape()[d] - 1) * ref.stride()[d];
        }
      }
      if (count > 0 && (base < 0 || last >= length || last < 0)) {
        throw new TorchFormatException(source, "key '" + e.getKey() + "' (shape "
            + java.util.Arrays.toString(ref.shape()) + ") reaches element " + last
            + " of a storage of " + length + " elements");
      }
      float[] data = storage instanceof float[] f ? gather(f, base, ref) : null;
      tensors.put(e.getKey(), new TorchTensor(ref.storage().type(), ref.shape(), data));
    }
    return tensors;
  }

  /** The tensor's elements in row-major order, whatever its strides. */
  private static float[] gather(float[] storage, long base, TensorRef ref) {
    int[] shape = ref.shape();
    int count = 1;
    for (int s : shape) {
      count *= s;
    }
    float[] out = new float[count];
    if (isContiguous(shape, ref.stride())) {
      System.arraycopy(storage, (int) base, out, 0, count);
      return out;
    }
    int[] index = new int[shape.length];
    for (int i = 0; i < count; i++) {
      long at = base;
      for (int d = 0; d < shape.length; d++) {
        at += index[d] * ref.stride()[d];
      }
      out[i] = storage[(int) at];
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++index[d] < shape[d]) {
          break;
        }
        index[d] = 0;
      }
    }
    return out;
  }

  private static boolean isContiguous(int[] shape, long[] stride) {
    long expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] != 1 && stride[d] != expected) {
        return false;
      }
      expected *= shape[d];
    }
    return true;
  }

  private static String keyOf(Map<String, TensorRef> refs, StorageRef s) {
    return refs.entrySet().stream().filter(e -> e.getValue().storage().key().equals(s.key()))
        .map(e -> "'" + e.getKey() + "'").findFirst().orElse("no key");
  }
}
