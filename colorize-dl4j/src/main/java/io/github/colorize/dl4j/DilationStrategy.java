package io.github.colorize.dl4j;

/** How dilated convolutions are run. */
public enum DilationStrategy {
  /**
   * {@link #SPACE_TO_BATCH} on ND4J builds with oneDNN (which reject dilated convolutions), {@link
   * #NATIVE} elsewhere.
   */
  AUTO,
  /** ND4J's conv2d with its dilation arguments. Fails at run time on oneDNN builds. */
  NATIVE,
  /**
   * The exact rewrite: zero-pad, split the input into its dilation phases stacked along the batch
   * axis, run an undilated convolution, interleave the phases back. Needs the input's height and
   * width when the graph is built.
   */
  SPACE_TO_BATCH
}
