package io.github.colorize.dl4j;

import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.Device;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.quantize.QuantizationInfo;
import io.github.colorize.spi.Availability;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendException;
import io.github.colorize.spi.BackendOptions;
import io.github.colorize.spi.BackendProvider;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code dl4j} backend: runs colorize model files in Deeplearning4j's SameDiff on the CPU.
 * Registered in {@code META-INF/services/io.github.colorize.spi.BackendProvider}.
 *
 * <p>CPU only: this module ships ND4J's native CPU builds ({@code nd4j-native}); {@code nd4j-cuda}
 * is not supported. Asking for a CUDA device falls back to the CPU with one warning, or fails when
 * the device is required.
 */
public final class Dl4jBackendProvider implements BackendProvider {

  private static final Logger LOG = LoggerFactory.getLogger(Dl4jBackendProvider.class);

  /** The name users select this backend by. */
  public static final String NAME = "dl4j";
  /** Below ONNX Runtime's 100: the onnx backend is faster on the same file. */
  public static final int PRIORITY = 50;

  /** For {@link java.util.ServiceLoader}. */
  public Dl4jBackendProvider() {}

  static final String NO_CUDA = "the dl4j backend runs on the CPU only: nd4j-cuda is not"
      + " supported by colorize-dl4j; for CUDA use the onnx backend (colorize-onnx with the"
      + " com.microsoft.onnxruntime:onnxruntime_gpu artifact)";

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
    try {
      return NativeBuild.current().describe();
    } catch (Throwable t) {
      return "DL4J/ND4J (native backend unavailable: " + t + ")";
    }
  }

  @Override
  public Availability availability(Device device) {
    if (device == null) {
      return Availability.no("no device given");
    }
    if (!device.isCpu()) {
      return Availability.no(NO_CUDA);
    }
    try {
      NativeBuild.current();
      return Availability.yes();
    } catch (Throwable t) {
      // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError...: say why.
      return Availability.no("ND4J's native CPU backend did not load (" + t + "); colorize-dl4j"
          + " needs org.nd4j:nd4j-native with a classifier for this platform, e.g. linux-x86_64");
    }
  }

  @Override
  public Backend open(ModelFile model, BackendOptions options) {
    checkNotNull(model, "model");
    checkNotNull(options, "options");
    QuantizationInfo quantization = QuantizationInfo.of(model.onnx().graph());
    if (quantization.isQuantized()) {
      // A decision, not a gap: dequantizing the weights back to float would run at float speed
      // with int8 error, the worst of both; the int8 speed comes from ONNX Runtime's kernels.
      throw new BackendException("model " + model.source() + " is quantized ("
          + quantization.describe() + "); the dl4j backend runs float models only: run it on"
          + " the onnx backend (--backend onnx, or .backend(\"onnx\")), or use the float model"
          + " it was quantized from");
    }
    if (!options.device().isCpu()) {
      if (options.requireDevice()) {
        throw new BackendException("device " + options.device() + " was required, but " + NO_CUDA);
      }
      LOG.warn("device {} asked for, running on the CPU instead: {}", options.device(), NO_CUDA);
    }
    Availability cpu = availability(Device.cpu());
    if (!cpu.available()) {
      throw new BackendException(cpu.reason());
    }
    if (options.threads() > 0) {
      // ND4J's thread count is process-wide: it changes every SameDiff in this JVM.
      Nd4j.getEnvironment().setMaxThreads(options.threads());
      Nd4j.getEnvironment().setMaxMasterThreads(options.threads());
      LOG.info("ND4J threads set to {} (process-wide)", options.threads());
    }
    return new Dl4jBackend(model, Device.cpu());
  }
}
