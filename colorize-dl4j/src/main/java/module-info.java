/**
 * The DL4J/SameDiff backend of colorize (inference and the training graph), found by
 * {@link java.util.ServiceLoader}.
 */
module io.github.colorize.dl4j {
  requires transitive io.github.colorize.api;
  // ND4J 1.0.0-M2.1 ships module descriptors in META-INF/versions/9 (modules nd4j.api, nd4j.cpu.api).
  requires transitive nd4j.api;
  requires nd4j.cpu.api;
  requires org.bytedeco.javacpp;
  requires org.slf4j;
  requires com.google.common;

  exports io.github.colorize.dl4j;
  exports io.github.colorize.dl4j.train;

  provides io.github.colorize.spi.BackendProvider
      with io.github.colorize.dl4j.Dl4jBackendProvider;
}
