package io.github.colorize.onnx;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.github.colorize.model.ModelFile;
import io.github.colorize.tensor.FloatTensor;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which kernels ONNX Runtime really runs for a model, from its own profiler: the session is
 * opened with the default (all) graph optimizations, as the onnx backend opens it, so fused
 * kernels (a QDQ Conv becomes QLinearConv) show under their fused names.
 *
 * @param microsByOp total kernel time per operator type over the profiled runs, in microseconds
 * @param nodesByOp number of kernel executions per operator type
 */
public record OrtKernelProfile(Map<String, Long> microsByOp, Map<String, Long> nodesByOp) {

  // One "Node" event of the Chrome-trace JSON ONNX Runtime writes: its duration, then its args.
  private static final Pattern NODE_EVENT = Pattern.compile(
      "\"cat\"\\s*:\\s*\"Node\".*?\"dur\"\\s*:\\s*(\\d+).*?\"op_name\"\\s*:\\s*\"([^\"]+)\"");

  public OrtKernelProfile {
    microsByOp = Map.copyOf(microsByOp);
    nodesByOp = Map.copyOf(nodesByOp);
  }

  /**
   * Runs {@code model} {@code runs} times on {@code input} with profiling on and sums the
   * kernels' events.
   *
   * @param threads intra-op threads, 0 for the default
   * @param scratch a folder for ONNX Runtime's profile file (deleted afterwards)
   * @throws IOException if the profile cannot be read
   */
  public static OrtKernelProfile measure(ModelFile model, FloatTensor input, int runs,
      int threads, Path scratch) throws IOException {
    checkNotNull(model, "model");
    checkArgument(runs >= 1, "runs is %s, expected >= 1", runs);
    OrtEnvironment env = OrtRuntime.environment();
    String profile;
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      // The backend's level (all), so the profile shows the kernels the backend runs.
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (threads > 0) {
        so.setIntraOpNumThreads(threads);
      }
      so.enableProfiling(scratch.resolve("ort-profile").toString());
      try (OrtSession session = env.createSession(model.bytes(), so)) {
        for (int i = 0; i < runs; i++) {
          try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.data()),
                  input.longShape());
              OrtSession.Result ignored = session.run(Map.of(model.inputName(), in))) {
            // Only the profile matters.
          }
        }
        profile = session.endProfiling();
      }
    } catch (OrtException e) {
      throw new IOException("ONNX Runtime cannot profile model " + model.source() + ": "
          + e.getMessage(), e);
    }
    Path file = Path.of(profile);
    String json = Files.readString(file, StandardCharsets.UTF_8);
    Files.deleteIfExists(file);
    return parse(json);
  }

  /** The kernel events of a profile file's JSON. */
  static OrtKernelProfile parse(String json) {
    Map<String, Long> micros = new TreeMap<>();
    Map<String, Long> nodes = new TreeMap<>();
    // Each event is an object that starts with its "cat" (its args nest further objects).
    for (String event : json.split("(?=\\{\\s*\"cat\")")) {
      Matcher m = NODE_EVENT.matcher(event);
      if (m.find() && event.contains("_kernel_time")) {
        micros.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
        nodes.merge(m.group(2), 1L, Long::sum);
      }
    }
    return new OrtKernelProfile(micros, nodes);
  }

  /** A table: operator, executions, total ms, share of the kernel time. */
  public String toTable() {
    long total = microsByOp.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder out = new StringBuilder();
    new TreeMap<>(microsByOp).forEach((op, us) -> out.append(String.format(java.util.Locale.ROOT,
        "%-24s %6d runs %10.1f ms %5.1f%%%n", op, nodesByOp.get(op), us / 1000.0,
        total == 0 ? 0 : 100.0 * us / total)));
    return out.toString();
  }
}
