/**
 * The colorize API: CIE Lab and the ab bins, the Colorizer facade, the backend SPI, the model file
 * format, the Caffe importer and image I/O. Backends ({@code io.github.colorize.onnx},
 * {@code io.github.colorize.dl4j}) provide {@link io.github.colorize.spi.BackendProvider}.
 */
module io.github.colorize.api {
  // BufferedImage and ImageIO appear in the public API.
  requires transitive java.desktop;
  requires org.slf4j;
  requires java.logging;
  requires com.google.common;
  // Automatic modules (their jars carry an Automatic-Module-Name, or none: metadata-extractor).
  requires com.google.protobuf;
  requires metadata.extractor;
  // Pyrolite (net.razorvine:pickle) reads the pickle of PyTorch .pth files.
  requires pickle;
  // Not referenced in code: required so that their ImageIO plugins (CMYK JPEG, TIFF) are resolved
  // on the module path and found by ImageIO's service lookup.
  requires com.twelvemonkeys.imageio.jpeg;
  requires com.twelvemonkeys.imageio.tiff;

  exports io.github.colorize;
  exports io.github.colorize.color;
  exports io.github.colorize.decode;
  exports io.github.colorize.image;
  exports io.github.colorize.io;
  exports io.github.colorize.model;
  exports io.github.colorize.model.caffe;
  exports io.github.colorize.model.catalog;
  exports io.github.colorize.model.onnx;
  exports io.github.colorize.model.quantize;
  exports io.github.colorize.model.torch;
  exports io.github.colorize.pipeline;
  exports io.github.colorize.quant;
  exports io.github.colorize.spi;
  exports io.github.colorize.tensor;

  // The classes protoc generates stay internal; protobuf's reflection (text format, field
  // access by descriptor) needs to reach them.
  opens io.github.colorize.model.caffe.proto to com.google.protobuf;
  opens io.github.colorize.model.onnx.proto to com.google.protobuf;

  uses io.github.colorize.spi.BackendProvider;
  uses io.github.colorize.model.quantize.ActivationRecorderFactory;
}
