package io.github.colorize.model.caffe;

import io.github.colorize.model.ModelFormatException;

/**
 * A Caffe file the importer cannot use: not a NetParameter, cut short, a layer of a type or shape
 * the importer does not map. The message names the file, the layer where there is one, and what
 * was expected.
 */
public class CaffeFormatException extends ModelFormatException {

  private static final long serialVersionUID = 1L;

  /**
   * @param source the file
   * @param problem what is wrong and what was expected
   */
  public CaffeFormatException(String source, String problem) {
    super(source, problem);
  }

  /**
   * @param source the file
   * @param problem what is wrong and what was expected
   * @param cause the underlying failure
   */
  public CaffeFormatException(String source, String problem, Throwable cause) {
    super(source, problem, cause);
  }
}
