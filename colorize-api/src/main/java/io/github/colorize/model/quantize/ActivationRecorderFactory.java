package io.github.colorize.model.quantize;

import io.github.colorize.model.onnx.OnnxModel;
import java.util.List;

/**
 * An engine that can run a float model and hand back intermediate tensors. Found with {@link
 * java.util.ServiceLoader} (colorize-onnx provides one on ONNX Runtime): list the class in
 * {@code META-INF/services/io.github.colorize.model.quantize.ActivationRecorderFactory}.
 */
public interface ActivationRecorderFactory {

  /** The engine's name, for messages, e.g. {@code "onnx"}. */
  String name();

  /**
   * Loads {@code model} so that {@link ActivationRecorder#record} returns the values of
   * {@code tensors} (names of node outputs of its graph).
   *
   * @param threads intra-op threads, 0 for the engine's default
   * @throws IllegalArgumentException if the engine cannot load the model
   */
  ActivationRecorder open(OnnxModel model, List<String> tensors, int threads);
}
