/**
 * Training of colorize models on the DL4J backend: data sets, the class-rebalancing prior, the
 * training loop, evaluation and export.
 */
module io.github.colorize.training {
  requires transitive io.github.colorize.api;
  requires transitive io.github.colorize.dl4j;
  // The frozen encoder of a mobilenetv2-unet run computes its feature maps on ONNX Runtime.
  requires io.github.colorize.onnx;
  requires org.slf4j;
  requires com.google.common;
  requires com.google.gson;
  // Automatic modules (Automatic-Module-Name in their manifests).
  requires org.knowm.xchart;

  exports io.github.colorize.training.data;
  exports io.github.colorize.training.eval;
  exports io.github.colorize.training.export;
  exports io.github.colorize.training.prior;
  exports io.github.colorize.training.train;
}
