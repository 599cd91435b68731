package io.github.colorize.model.catalog;

/**
 * A known model was asked for by name but is not in the cache. The message is the one line to
 * show: how to pull or import it.
 */
public class ModelNotDownloadedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final String name;

  /**
   * @param model the model asked for
   */
  public ModelNotDownloadedException(KnownModel model) {
    super("model '" + model.name() + "' is not downloaded: run `colorize models pull "
        + model.name() + "` (" + model.sizeText() + ") or `colorize models import FILE`");
    this.name = model.name();
  }

  /** The model's name. */
  public String name() {
    return name;
  }
}
