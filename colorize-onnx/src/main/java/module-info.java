/** The ONNX Runtime backend of colorize, found by {@link java.util.ServiceLoader}. */
module io.github.colorize.onnx {
  requires transitive io.github.colorize.api;
  // An automatic module: the onnxruntime jar has an Automatic-Module-Name but no descriptor.
  requires com.microsoft.onnxruntime;
  requires org.slf4j;
  requires com.google.common;
  // The DiagnosticCommand MBean that trims the C heap after a large model is loaded.
  requires java.management;

  exports io.github.colorize.onnx;

  provides io.github.colorize.spi.BackendProvider
      with io.github.colorize.onnx.OnnxBackendProvider;
  provides io.github.colorize.model.quantize.ActivationRecorderFactory
      with io.github.colorize.onnx.OrtActivationRecorder;
}
