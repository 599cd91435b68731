package io.github.colorize.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.github.colorize.Device;
import io.github.colorize.model.ModelFile;
import io.github.colorize.spi.BackendException;
import io.github.colorize.spi.BackendOptions;
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
      OrtSession session = env.createSession(model.bytes(), so);
      LOG.debug("opened {} on {} with {} intra-op threads", model.source(), device,
          options.threads() == 0 ? "default" : options.threads());
      return session;
    }
  }
}
