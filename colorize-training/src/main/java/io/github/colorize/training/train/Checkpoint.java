package io.github.colorize.training.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.dl4j.train.OptimizerState;
import io.github.colorize.io.AtomicFiles;
import io.github.colorize.tensor.FloatTensor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything a run needs to continue exactly where it stopped (written atomically): the options,
 * the step reached, the weights (with BatchNorm running statistics), Adam's moments and the wall
 * time spent.
 * The data order and augmentation need no state: they are a function of the seed and the step.
 *
 * @param options the run's options
 * @param iteration steps completed
 * @param elapsedSeconds training wall time so far
 * @param weights every initializer, ONNX names and layout
 * @param optimizer Adam's state
 */
public record Checkpoint(TrainingOptions options, long iteration, double elapsedSeconds,
    Map<String, FloatTensor> weights, OptimizerState optimizer) {

  private static final String MAGIC = "COLORIZE-CHECKPOINT";
  private static final int VERSION = 1;
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.ckpt");

  public Checkpoint {
    checkNotNull(options, "options");
    checkArgument(iteration >= 0, "iteration is %s, expected >= 0", iteration);
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    checkNotNull(optimizer, "optimizer");
  }

  /** The file name of the checkpoint at {@code iteration}, sortable. */
  public static String fileName(long iteration) {
    return String.format("checkpoint-%08d.ckpt", iteration);
  }

  /** Checkpoint files in {@code dir}, oldest first. */
  public static List<Path> list(Path dir) throws IOException {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    try (var files = Files.list(dir)) {
      files.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted()
          .forEach(found::add);
    }
    return found;
  }

  /** The iteration a checkpoint file name stands for. */
  public static long iterationOf(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    checkArgument(m.matches(), "%s is not a checkpoint file name", file);
    return Long.parseLong(m.group(1));
  }

  /** Writes this checkpoint into {@code dir} atomically (temp file, fsync, rename). */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path target = dir.resolve(fileName(iteration));
    AtomicFiles.write(target, stream -> {
      DataOutputStream out = new DataOutputStream(stream);
      out.writeUTF(MAGIC);
      out.writeInt(VERSION);
      byte[] json = options.toJson().getBytes(StandardCharsets.UTF_8);
      out.writeInt(json.length);
      out.write(json);
      out.writeLong(iteration);
      out.writeDouble(elapsedSeconds);
      writeTensors(out, weights);
      out.writeLong(optimizer.step());
      writeTensors(out, optimizer.firstMoments());
      writeTensors(out, optimizer.secondMoments());
      out.flush();
    });
    return target;
  }

  /**
   * Reads a checkpoint.
   *
   * @throws IOException if it cannot be read, naming the file, or is not a checkpoint
   */
  public static Checkpoint read(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
      String magic = in.readUTF();
      if (!MAGIC.equals(magic)) {
        throw new IOException(file + " is not a colorize checkpoint");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IOException(file + " has checkpoint version " + version + ", expected "
            + VERSION);
      }
      byte[] json = new byte[in.readInt()];
      in.readFully(json);
      TrainingOptions options = TrainingOptions.fromJson(new String(json, StandardCharsets.UTF_8));
      long iteration = in.readLong();
      double elapsed = in.readDouble();
      Map<String, FloatTensor> weights = readTensors(in);
      long step = in.readLong();
      OptimizerState optimizer = new OptimizerState(step, readTensors(in), readTensors(in));
      return new Checkpoint(options, iteration, elapsed, weights, optimizer);
    } catch (EOFException e) {
      throw new IOException(file + " is truncated: the checkpoint ends early", e);
    } catch (RuntimeException e) {
      throw new IOException(file + " is not a valid checkpoint: " + e.getMessage(), e);
    }
  }

  private static void writeTensors(DataOutputStream out, Map<String, FloatTensor> tensors)
      throws IOException {
    out.writeInt(tensors.size());
    for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
      out.writeUTF(e.getKey());
      int[] shape = e.getValue().shape();
      out.writeInt(shape.length);
      for (int d : shape) {
        out.writeInt(d);
      }
      for (float v : e.getValue().data()) {
        out.writeFloat(v);
      }
    }
  }

  private static Map<String, FloatTensor> readTensors(DataInputStream in) throws IOException {
    int count = in.readInt();
    checkArgument(count >= 0 && count < 100_000, "tensor count %s is not plausible", count);
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      int rank = in.readInt();
      checkArgument(rank >= 0 && rank <= 8, "tensor '%s' has rank %s", name, rank);
      int[] shape = new int[rank];
      long size = 1;
      for (int d = 0; d < rank; d++) {
        shape[d] = in.readInt();
        size *= shape[d];
      }
      checkArgument(size > 0 && size < Integer.MAX_VALUE, "tensor '%s' has %s elements", name,
          size);
      float[] data = new float[(int) size];
      for (int k = 0; k < data.length; k++) {
        data[k] = in.readFloat();
      }
      tensors.put(name, FloatTensor.of(data, shape));
    }
    return tensors;
  }
}
