package io.github.colorize.onnx;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.colorize.model.ModelFile;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import java.util.Arrays;
import java.util.List;

/**
 * The input shapes a model accepts: {@code [N,1,H,W]} with H and W multiples of the model's
 * {@link ModelFile#inputMultiple()}, and equal to any size the model fixes. Checked before a run
 * so the caller gets a message about their tensor rather than an ONNX Runtime error.
 */
final class InputShape {

  private final String source;
  private final int multiple;
  private final List<Dim> declared;

  InputShape(ModelFile model) {
    source = model.source();
    multiple = model.inputMultiple();
    declared = model.outline().inputs().get(0).shape();
  }

  /**
   * @throws IllegalArgumentException describing what was expected
   */
  void check(int[] shape) {
    checkArgument(shape.length == 4 && shape[1] == 1,
        "input has shape %s, expected [N,1,H,W] (one normalized L plane per image) for model %s",
        Arrays.toString(shape), source);
    checkArgument(shape[2] % multiple == 0 && shape[3] % multiple == 0,
        "input is %sx%s (HxW), expected height and width multiples of %s for model %s",
        shape[2], shape[3], multiple, source);
    String[] axes = {"batch size", "channels", "height", "width"};
    for (int axis = 0; axis < 4; axis++) {
      Dim d = declared.get(axis);
      checkArgument(!d.isFixed() || d.value() == shape[axis],
          "input %s is %s, but model %s only accepts %s (its input shape is %s)", axes[axis],
          shape[axis], source, d.value(), declared);
    }
  }
}
