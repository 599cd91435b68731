package io.github.colorize.model;

/** What a model's output holds. */
public enum OutputKind {
  /** {@code N x Q x h x w} class logits over the gamut's Q bins, decoded by the annealed mean. */
  LOGITS,
  /** {@code N x 2 x h x w} ab values in CIE Lab units, used as they are. */
  AB
}
