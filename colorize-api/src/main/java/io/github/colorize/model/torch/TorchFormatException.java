package io.github.colorize.model.torch;

import io.github.colorize.model.ModelFormatException;

/**
 * A {@code .pth} file the importer cannot use: not a {@code torch.save} file, cut short, a pickle
 * naming a class a state dict does not hold, or a state dict whose keys or shapes are not the
 * ECCVGenerator's. The message names the file, the key where there is one, and what was expected.
 */
public class TorchFormatException extends ModelFormatException {

  private static final long serialVersionUID = 1L;

  /**
   * @param source the file
   * @param problem what is wrong and what was expected
   */
  public TorchFormatException(String source, String problem) {
    super(source, problem);
  }

  /**
   * @param source the file
   * @param problem what is wrong and what was expected
   * @param cause the underlying failure
   */
  public TorchFormatException(String source, String problem, Throwable cause) {
    super(source, problem, cause);
  }
}
