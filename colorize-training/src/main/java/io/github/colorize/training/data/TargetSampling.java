package io.github.colorize.training.data;

/** How the ab target is brought down to the network's 1/4 output resolution. */
public enum TargetSampling {
  /** Every 4th pixel, as the released training code does ({@code ab[::4, ::4]}). */
  SUBSAMPLE,
  /** The mean of each 4 x 4 block. */
  MEAN
}
