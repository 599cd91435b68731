package io.github.colorize.model.torch;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Pyrolite's unpickler reduced to what a PyTorch state dict holds: an ordered dict of tensors
 * rebuilt from storages. A pickle may name any Python callable; this one resolves only the
 * globals of {@link #ALLOWED} to inert Java values and refuses every other name, and the opcodes
 * that build arbitrary objects ({@code INST}, {@code OBJ}, {@code NEWOBJ}, extensions). It never
 * uses Pyrolite's global constructor registry, so nothing the file says can run code or create
 * objects other than maps, lists, numbers, strings and the records below.
 */
final class RestrictedUnpickler extends Unpickler {

  /** A global of {@link #ALLOWED}, as a value REDUCE may call (and persistent ids may name). */
  record Global(String module, String name) implements IObjectConstructor {

    String qualifiedName() {
      return module + "." + name;
    }

    @Override
    public Object construct(Object[] args) {
      switch (qualifiedName()) {
        case ORDERED_DICT:
          if (args.length != 0) {
            throw new PickleException(ORDERED_DICT + " is called with " + args.length
                + " arguments, expected none (an empty dict filled by SETITEMS)");
          }
          return new PickledDict();
        case REBUILD_TENSOR_V2:
          return TensorRef.rebuild(args);
        default:
          throw new PickleException("the pickle calls " + qualifiedName() + ", which is only"
              + " allowed as a storage type inside a persistent id");
      }
    }
  }

  /** {@code collections.OrderedDict}: its items, and the attributes BUILD sets (_metadata). */
  static final class PickledDict extends LinkedHashMap<Object, Object> {
    private static final long serialVersionUID = 1L;
  }

  static final String ORDERED_DICT = "collections.OrderedDict";
  static final String REBUILD_TENSOR_V2 = "torch._utils._rebuild_tensor_v2";
  /** Storage type names and their element sizes in bytes. */
  static final Map<String, Integer> STORAGES = Map.of("torch.FloatStorage", 4,
      "torch.LongStorage", 8);
  static final Set<String> ALLOWED;

  static {
    Set<String> allowed = new TreeSet<>(STORAGES.keySet());
    allowed.add(ORDERED_DICT);
    allowed.add(REBUILD_TENSOR_V2);
    ALLOWED = Set.copyOf(allowed);
  }

  private static final Map<Short, String> REFUSED_OPCODES = Map.of(
      Opcodes.INST, "INST", Opcodes.OBJ, "OBJ", Opcodes.NEWOBJ, "NEWOBJ",
      Opcodes.NEWOBJ_EX, "NEWOBJ_EX", Opcodes.EXT1, "EXT1", Opcodes.EXT2, "EXT2",
      Opcodes.EXT4, "EXT4", Opcodes.PERSID, "PERSID", Opcodes.NEXT_BUFFER, "NEXT_BUFFER",
      Opcodes.READONLY_BUFFER, "READONLY_BUFFER");

  @Override
  protected Object dispatch(short key) throws PickleException, IOException {
    String refused = REFUSED_OPCODES.get(key);
    if (refused != null) {
      throw new PickleException("the pickle uses the opcode " + refused + ", which builds"
          + " arbitrary objects; a state dict needs none");
    }
    switch (key) {
      case Opcodes.GLOBAL:
        stack.add(allowed(PickleUtils.readline(input), PickleUtils.readline(input)));
        return NO_RETURN_VALUE;
      case Opcodes.STACK_GLOBAL: {
        Object name = stack.pop();
        Object module = stack.pop();
        if (!(name instanceof String) || !(module instanceof String)) {
          throw new PickleException("STACK_GLOBAL with a module " + module + " and a name "
              + name + ", expected two strings");
        }
        stack.add(allowed((String) module, (String) name));
        return NO_RETURN_VALUE;
      }
      case Opcodes.BUILD: {
        Object state = stack.pop();
        Object target = stack.peek();
        if (!(target instanceof PickledDict) || !(state instanceof Map)) {
          throw new PickleException("BUILD sets the state of " + describe(target) + " to "
              + describe(state) + "; a state dict only sets attributes (_metadata) of an "
              + ORDERED_DICT);
        }
        // The attributes (the modules' _metadata versions) do not matter for inference.
        return NO_RETURN_VALUE;
      }
      default:
        return super.dispatch(key);
    }
  }

  @Override
  protected Object persistentLoad(Object pid) {
    return StorageRef.of(pid);
  }

  private static Global allowed(String module, String name) {
    String qualified = module + "." + name;
    if (!ALLOWED.contains(qualified)) {
      throw new PickleException("the pickle names the global '" + qualified + "', which a state"
          + " dict does not hold; refused without loading it (allowed: "
          + String.join(", ", new TreeSet<>(ALLOWED)) + ")");
    }
    return new Global(module, name);
  }

  static String describe(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof Object[] tuple) {
      return "a tuple of " + tuple.length;
    }
    if (value instanceof Global g) {
      return g.qualifiedName();
    }
    return "a " + value.getClass().getSimpleName();
  }

  /**
   * A storage named by a persistent id: {@code ('storage', type, key, location, numel)} in the
   * zip format, {@code (..., numel, view_metadata)} in the legacy one.
   *
   * @param elementSize bytes per element
   * @param offset elements into the root storage where this (view) storage starts
   */
  record StorageRef(String type, int elementSize, String key, long numel, long offset) {

    static StorageRef of(Object pid) {
      if (!(pid instanceof Object[] t) || t.length < 5 || t.length > 6
          || !"storage".equals(t[0])) {
        throw new PickleException("a persistent id is " + describe(pid) + ", expected a tuple"
            + " ('storage', type, key, location, size[, view])");
      }
      if (!(t[1] instanceof Global g) || !STORAGES.containsKey(g.qualifiedName())) {
        throw new PickleException("a persistent id names the storage type " + describe(t[1])
            + ", expected one of " + new TreeSet<>(STORAGES.keySet()));
      }
      String key = String.valueOf(t[2]);
      long numel = number(t[4], "storage size");
      long offset = 0;
      if (t.length == 6 && t[5] != null) {
        if (!(t[5] instanceof Object[] view) || view.length != 3) {
          throw new PickleException("storage " + key + " has view metadata " + describe(t[5])
              + ", expected None or (view_key, offset, size)");
        }
        offset = number(view[1], "view offset");
        long viewSize = number(view[2], "view size");
        if (offset < 0 || viewSize < 0 || offset + viewSize > numel) {
          throw new PickleException("storage " + key + " has a view of " + viewSize
              + " elements at " + offset + ", outside its " + numel + " elements");
        }
        numel = viewSize;
      }
      return new StorageRef(g.qualifiedName(), STORAGES.get(g.qualifiedName()), key, numel,
          offset);
    }
  }

  /** What {@code _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)} gives. */
  record TensorRef(StorageRef storage, long offset, int[] shape, long[] stride) {

    static TensorRef rebuild(Object[] args) {
      if (args.length < 4 || !(args[0] instanceof StorageRef storage)
          || !(args[2] instanceof Object[] size) || !(args[3] instanceof Object[] stride)
          || size.length != stride.length) {
        throw new PickleException(REBUILD_TENSOR_V2 + " is called with "
            + Arrays.toString(Arrays.stream(args).map(RestrictedUnpickler::describe).toArray())
            + ", expected (storage, offset, size, stride, ...)");
      }
      int[] shape = new int[size.length];
      long[] strides = new long[size.length];
      for (int i = 0; i < size.length; i++) {
        long s = number(size[i], "tensor size");
        if (s < 0 || s > Integer.MAX_VALUE) {
          throw new PickleException("a tensor has the size " + s + " in dimension " + i);
        }
        shape[i] = (int) s;
        strides[i] = number(stride[i], "tensor stride");
      }
      return new TensorRef(storage, number(args[1], "storage offset"), shape, strides);
    }
  }

  static long number(Object value, String what) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    throw new PickleException(what + " is " + describe(value) + ", expected an integer");
  }

  /** The legacy format's list of storage keys, in the order their bytes follow the pickles. */
  static List<String> keys(Object value) {
    if (!(value instanceof List<?> list)) {
      throw new PickleException("the storage keys are " + describe(value) + ", expected a list");
    }
    return list.stream().map(String::valueOf).toList();
  }
}
