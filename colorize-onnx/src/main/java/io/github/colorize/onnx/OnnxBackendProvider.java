package io.github.colorize.onnx;

import static com.google.common.base.Preconditions.checkNotNull;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.colorize.Device;
import io.github.colorize.model.ModelFile;
import io.github.colorize.spi.Availability;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.spi.BackendProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ONNX Runtime backend, {@value #NAME}: the fastest engine colorize has on the CPU, and CUDA
 * when the {@code com.microsoft.onnxruntime:onnxruntime_gpu} artifact replaces the CPU one. Found
 * by {@link java.util.ServiceLoader}; the highest priority of colorize's backends.
 *
 * <p>Each {@link #open} creates one ONNX Runtime session from the model's file (a model
 * {@link ModelFile#onDisk on disk} is never read into the Java heap), else from its bytes; the
 * environment is shared by the whole process.
 */
public final class OnnxBackendProvider implements BackendProvider {

  /** The name users select this backend by. */
  public static final String NAME = "onnx";
  /** Higher than every other colorize backend. */
  public static final int PRIORITY = 100;

  /** CUDA probes are slow-ish (a shared library load), so each GPU index is probed once. */
  private static final Map<Integer, Availability> CUDA_PROBES = new ConcurrentHashMap<>();

  /** For {@link java.util.ServiceLoader}. */
  public OnnxBackendProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  @Override
  public String version() {
    return "ONNX Runtime " + OrtRuntime.version();
  }

  @Override
  public Availability availability(Device device) {
    if (device == null) {
      return Availability.no("no device given");
    }
    String reason = OrtRuntime.unavailableReason();
    if (reason != null) {
      return Availability.no(reason);
    }
    if (device.isCpu()) {
      return Availability.yes();
    }
    if (!OrtRuntime.hasCudaProvider()) {
      return Availability.no(OrtRuntime.cudaAdvice());
    }
    return CUDA_PROBES.computeIfAbsent(device.index(), OnnxBackendProvider::probeCuda);
  }

  private static Availability probeCuda(int index) {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.addCUDA(index);
      return Availability.yes();
    } catch (OrtException | RuntimeException | LinkageError e) {
      return Availability.no("the CUDA execution provider cannot start on cuda:" + index + " ("
          + e.getMessage() + "): " + OrtRuntime.cudaAdvice());
    }
  }

  /**
   * Loads the model into a new ONNX Runtime session.
   *
   * @throws io.github.colorize.spi.BackendException if ONNX Runtime cannot load the model or run
   *     here, or the device is required and cannot be had (the message names the artifact to use)
   */
  @Override
  public Backend open(ModelFile model, BackendOptions options) {
    checkNotNull(model, "model");
    checkNotNull(options, "options");
    var env = OrtRuntime.environment();
    return new OnnxBackend(env, SessionOpener.open(env, model, options), model);
  }

  @Override
  public String toString() {
    return "OnnxBackendProvider[" + version() + "]";
  }
}
