package io.github.colorize.cli.serve;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.github.colorize.AbDistribution;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The page's uploads: each photo's predicted distribution, so that moving the temperature slider
 * decodes again without running the network. Bounded by an estimate of the memory held, and
 * forgotten a while after the last use.
 */
final class UploadCache {

  /** One upload: its distribution, its name and the PNG of its lightness. */
  record Entry(String id, String name, AbDistribution distribution, byte[] lightnessPng) {

    /** Bytes held, roughly: the logits, the photo (ARGB + L + planes), the PNG. */
    long weightBytes() {
      long pixels = distribution.imageSize().pixels();
      long logits = 4L * distribution.bins() * distribution.width() * distribution.height();
      return logits + 24 * pixels + lightnessPng.length;
    }
  }

  private final Cache<String, Entry> cache;

  UploadCache(long maxBytes, Duration ttl) {
    // Weighed in KiB so that a weight fits an int.
    this.cache = CacheBuilder.newBuilder()
        .maximumWeight(Math.max(1, maxBytes >> 10))
        .<String, Entry>weigher((id, e) -> (int) Math.min(Integer.MAX_VALUE,
            1 + (e.weightBytes() >> 10)))
        .expireAfterAccess(ttl)
        .build();
  }

  Entry put(String name, AbDistribution distribution, byte[] lightnessPng) {
    Entry e = new Entry(UUID.randomUUID().toString(), name, distribution, lightnessPng);
    cache.put(e.id(), e);
    return e;
  }

  Optional<Entry> get(String id) {
    return Optional.ofNullable(cache.getIfPresent(id));
  }

  long size() {
    cache.cleanUp();
    return cache.size();
  }

  void clear() {
    cache.invalidateAll();
  }
}
