package io.github.colorize.training.eval;

import io.github.colorize.image.Photo;

/** Predicts the ab planes of a photo at its full resolution (what the evaluator scores). */
@FunctionalInterface
public interface AbPredictor {

  /**
   * @param photo the photo; only its lightness may be used
   * @return {a, b}, each {@code width * height} values, row-major
   */
  float[][] predictAb(Photo photo);
}
