package io.github.colorize.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.github.colorize.spi.BackendException;
import java.util.Set;

/**
 * The process-wide ONNX Runtime environment, created on first use. ONNX Runtime allows one
 * environment per process; it lives until the JVM exits, so it is never closed here.
 */
final class OrtRuntime {

  /** The Maven coordinates of the CUDA-enabled build. */
  static final String GPU_ARTIFACT = "com.microsoft.onnxruntime:onnxruntime_gpu";
  /** What the CUDA build needs on the machine. */
  static final String GPU_NEEDS = "CUDA 12 and cuDNN 9";

  static {
    // Before any ONNX Runtime class loads its library: from the user cache, not a temp folder.
    NativeLibraryCache.install();
  }

  private static final Object LOCK = new Object();
  private static OrtEnvironment environment;
  private static String loadFailure;

  private OrtRuntime() {}

  /**
   * The environment.
   *
   * @throws BackendException if ONNX Runtime's native library cannot be loaded here
   */
  static OrtEnvironment environment() {
    synchronized (LOCK) {
      if (environment == null && loadFailure == null) {
        try {
          // The no-argument form adopts an environment the application already made (asking for
          // other settings would make ONNX Runtime log a complaint); sessions set their own level.
          environment = OrtEnvironment.getEnvironment();
        } catch (LinkageError | RuntimeException e) {
          loadFailure = "ONNX Runtime's native library cannot be loaded on this platform ("
              + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): " + e;
        }
      }
      if (environment == null) {
        throw new BackendException(loadFailure);
      }
      return environment;
    }
  }

  /** Why ONNX Runtime cannot run here, or null if it can. Never throws. */
  static String unavailableReason() {
    try {
      environment();
      return null;
    } catch (BackendException e) {
      return e.getMessage();
    }
  }

  /** Whether this ONNX Runtime build contains the CUDA execution provider. */
  static boolean hasCudaProvider() {
    Set<OrtProvider> providers = OrtEnvironment.getAvailableProviders();
    return providers.contains(OrtProvider.CUDA);
  }

  /** The ONNX Runtime version, from its jar's manifest or else from the native library. */
  static String version() {
    String v = OrtEnvironment.class.getPackage().getImplementationVersion();
    if (v == null && unavailableReason() == null) {
      v = environment().getVersion();
    }
    return v == null ? "unknown" : v;
  }

  /** Advice for a CUDA failure: which artifact and libraries are needed. */
  static String cudaAdvice() {
    if (unavailableReason() == null && hasCudaProvider()) {
      return "the " + GPU_ARTIFACT + " build is present but its CUDA provider could not start;"
          + " it needs " + GPU_NEEDS + " libraries on the library path and a visible GPU";
    }
    return "this ONNX Runtime build (com.microsoft.onnxruntime:onnxruntime) runs on the CPU only;"
        + " for CUDA replace it with " + GPU_ARTIFACT + " " + version() + ", which needs "
        + GPU_NEEDS;
  }
}
