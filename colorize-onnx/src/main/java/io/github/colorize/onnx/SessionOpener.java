package io.github.colorize.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.github.colorize.Device;
import io.github.colorize.model.ModelFile;
import io.github.colorize.spi.BackendException;
import io.github.colorize.spi.BackendOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the ONNX Runtime session for a model on the device asked for, falling back from CUDA
 * to the CPU (one warning) unless the device is required.
 */
final class SessionOpener {

  private static final Logger LOG = LoggerFactory.getLogger(SessionOpener.class);

  /**
   * A session and the device it really runs on.
   *
   * @param session the session (the caller owns and closes it)
   * @param device the device
   */
  record Opened(OrtSession session, Device device) {}

  private SessionOpener() {}

  static Opened open(OrtEnvironment env, ModelFile model, BackendOptions options) {
    Device device = options.device();
    if (!device.isCpu()) {
      try {
        return new Opened(create(env, model, options, device), device);
      } catch (OrtException e) {
        String problem = "ONNX Runtime cannot use " + device + " for model " + model.source()
            + " (" + e.getMessage() + "): " + OrtRuntime.cudaAdvice();
        if (options.requireDevice()) {
          throw new BackendException(problem, e);
        }
        LOG.warn("{}; running on the CPU instead", problem);
      }
    }
    try {
      return new Opened(create(env, model, options, Device.cpu()), Device.cpu());
    } catch (OrtException e) {
      throw new BackendException("ONNX Runtime cannot load model " + model.source() + ": "
          + e.getMessage(), e);
    }
  }

  private static OrtSession create(OrtEnvironment env, ModelFile model, BackendOptions options,
      Device device) throws OrtException {
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      // Native logs go to stderr, so only errors; colorize reports the rest through SLF4J.
      so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      // All graph optimizations (ONNX Runtime's default, stated so it cannot drift): int8 QDQ
      // files need them to fuse DequantizeLinear - Conv - QuantizeLinear into QLinearConv.
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (options.threads() > 0) {
        so.setIntraOpNumThreads(options.threads());
      }
      if (device.kind() == Device.Kind.CUDA) {
        so.addCUDA(device.index());
      }
      // The session copies what it needs from the options, so closing them here is safe.
      OrtSession session = createFromFile(env, model, so);
      NativeHeapTrim.afterLoading(model.source(), model.size());
      LOG.debug("opened {} on {} with {} intra-op threads", model.source(), device,
          options.threads() == 0 ? "default" : options.threads());
      return session;
    }
  }

  /**
   * ONNX Runtime loads a model from a path with far less memory than from a Java array: for the
   * 129 MB width-1.0 network, a peak of ~400 MiB RSS against ~760 MiB (the array is copied
   * across JNI, then parsed into a second copy). So the session reads the model's own file when
   * it is a model on disk (whose weights were never read into the heap), or the file the model
   * came from when it still holds exactly these bytes, else a private temporary copy deleted at
   * once.
   */
  private static OrtSession createFromFile(OrtEnvironment env, ModelFile model,
      OrtSession.SessionOptions so) throws OrtException {
    Optional<Path> own = model.file();
    if (own.isPresent()) {
      OrtSession session = env.createSession(own.get().toString(), so);
      try {
        // Checked again: a file replaced while ONNX Runtime read it is not the model checked.
        model.file();
      } catch (RuntimeException e) {
        session.close();
        throw e;
      }
      return session;
    }
    Path original = ModelFiles.unchangedFile(model);
    if (original != null) {
      return env.createSession(original.toString(), so);
    }
    Path tmp = null;
    try {
      tmp = Files.createTempFile("colorize-model-", ".onnx");
      Files.write(tmp, model.bytes());
      return env.createSession(tmp.toString(), so);
    } catch (IOException e) {
      LOG.debug("cannot write a temporary copy of {} ({}); loading it from memory",
          model.source(), e.toString());
      return env.createSession(model.bytes(), so);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          LOG.warn("cannot delete the temporary model copy {}: {}", tmp, e.toString());
        }
      }
    }
  }
}
