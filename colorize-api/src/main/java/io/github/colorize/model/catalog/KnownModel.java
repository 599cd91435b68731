package io.github.colorize.model.catalog;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.Locale;

/**
 * A model known by name, with the published copies it can be pulled from (tried in order; each
 * gives the same network).
 *
 * @param name the name, e.g. {@code eccv16}
 * @param description one line for {@code models list}
 * @param licence the licence of the weights, e.g. {@code BSD-2-Clause}
 * @param sources where to get it, in the order they are tried
 */
public record KnownModel(String name, String description, String licence,
    List<Download> sources) {

  public KnownModel {
    checkNotNull(name, "name");
    checkArgument(ModelCatalog.isName(name), "model name '%s' is not a name: expected letters,"
        + " digits, '.', '_' or '-', starting with a letter or digit", name);
    checkNotNull(description, "description");
    checkNotNull(licence, "licence");
    sources = List.copyOf(sources);
    checkArgument(!sources.isEmpty(), "model '%s' has no source", name);
  }

  /** The size of the first source in MB (10^6 bytes), rounded, e.g. {@code 129 MB}. */
  public String sizeText() {
    return String.format(Locale.ROOT, "%d MB", Math.round(sources.get(0).bytes() / 1e6));
  }
}
