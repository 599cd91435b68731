package io.github.colorize.dl4j.train;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Adam as in Caffe and ND4J: {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
 * {@code w -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)}; weight decay is Caffe's L2
 * regularization, {@code g += decay * w}, applied to weights of rank 2 and more (convolution kernels)
 * before the update, not to biases or BatchNorm parameters.
 *
 * @param learningRate the step size
 * @param beta1 first-moment decay
 * @param beta2 second-moment decay
 * @param epsilon added to sqrt(v)
 * @param weightDecay L2 coefficient
 */
public record AdamSettings(double learningRate, double beta1, double beta2, double epsilon,
    double weightDecay) {

  public AdamSettings {
    checkArgument(learningRate > 0, "learningRate is %s, expected > 0", learningRate);
    checkArgument(beta1 >= 0 && beta1 < 1, "beta1 is %s, expected in [0, 1)", beta1);
    checkArgument(beta2 >= 0 && beta2 < 1, "beta2 is %s, expected in [0, 1)", beta2);
    checkArgument(epsilon > 0, "epsilon is %s, expected > 0", epsilon);
    checkArgument(weightDecay >= 0, "weightDecay is %s, expected >= 0", weightDecay);
  }

  /** The released training recipe: lr 3e-5, betas 0.9 / 0.99, eps 1e-8, weight decay 1e-3. */
  public static AdamSettings paper() {
    return new AdamSettings(3e-5, 0.9, 0.99, 1e-8, 1e-3);
  }

  /** The same settings with another learning rate. */
  public AdamSettings withLearningRate(double lr) {
    return new AdamSettings(lr, beta1, beta2, epsilon, weightDecay);
  }
}
