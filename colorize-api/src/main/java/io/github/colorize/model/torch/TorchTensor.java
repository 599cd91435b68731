package io.github.colorize.model.torch;

import java.util.Arrays;

/**
 * One entry of a state dict as read from a {@code .pth} file.
 *
 * @param storageType the storage's class, e.g. {@code torch.FloatStorage}
 * @param shape the tensor's size (empty for a scalar such as {@code num_batches_tracked})
 * @param data the values in row-major order for float tensors, {@code null} for other types
 */
record TorchTensor(String storageType, int[] shape, float[] data) {

  boolean isFloat() {
    return data != null;
  }

  String shapeText() {
    return Arrays.toString(shape);
  }
}
