package io.github.colorize.model.catalog;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.net.URI;
import java.util.Locale;

/**
 * One published copy of a model: where it is, how many bytes it has and their SHA-256.
 *
 * @param uri an http(s) URL
 * @param bytes the exact size
 * @param sha256 the SHA-256 of those bytes, lower-case hex
 * @param format how the file is converted
 */
public record Download(URI uri, long bytes, String sha256, SourceFormat format) {

  public Download {
    checkNotNull(uri, "uri");
    checkArgument("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()),
        "source %s is not an http(s) URL", uri);
    checkArgument(bytes > 0, "source %s has %s bytes, expected > 0", uri, bytes);
    checkNotNull(sha256, "sha256");
    sha256 = sha256.toLowerCase(Locale.ROOT);
    checkArgument(sha256.matches("[0-9a-f]{64}"), "source %s has the SHA-256 '%s', expected 64"
        + " hex digits", uri, sha256);
    checkNotNull(format, "format");
  }

  /** The last segment of the URL's path, e.g. {@code colorization_release_v2-9b330a0b.pth}. */
  public String fileName() {
    String path = uri.getPath();
    String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    return name.isEmpty() ? "download" : name;
  }
}
