package io.github.colorize.cli.serve;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import com.google.common.cache.RemovalListener;
import com.google.common.util.concurrent.UncheckedExecutionException;
import io.github.colorize.Colorizer;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The server's colorizer, and a few more for requests that ask for another network input size
 * ({@code ?size=}): each size needs its own colorizer, so the least recently used ones are
 * closed when more than {@value #MAX_OTHER_SIZES} other sizes are asked for.
 */
final class Colorizers implements AutoCloseable {

  static final int MAX_OTHER_SIZES = 3;
  static final int MIN_SIZE = 64;
  static final int MAX_SIZE = 1024;

  private final Colorizer main;
  private final int mainSide;
  private final LoadingCache<Integer, Colorizer> others;

  /**
   * @param main the colorizer of requests without {@code size} (owned: closed by
   *     {@link #close()})
   * @param factory builds a colorizer like {@code main} with another input size
   */
  Colorizers(Colorizer main, IntFunction<Colorizer> factory) {
    this.main = checkNotNull(main, "main");
    checkNotNull(factory, "factory");
    this.mainSide = main.networkSize(4096, 4096).width();
    RemovalListener<Integer, Colorizer> closer = removal -> removal.getValue().close();
    this.others = CacheBuilder.newBuilder().maximumSize(MAX_OTHER_SIZES).removalListener(closer)
        .build(CacheLoader.from(factory::apply));
  }

  Colorizer main() {
    return main;
  }

  /**
   * Applies {@code work} to the colorizer for {@code size} (null: the main one).
   *
   * @throws ApiException BAD_REQUEST for a size out of range
   */
  <T> T apply(Integer size, Function<Colorizer, T> work) {
    if (size == null || size == mainSide) {
      return work.apply(main);
    }
    if (size < MIN_SIZE || size > MAX_SIZE || size % 8 != 0) {
      throw new ApiException(ApiException.Code.BAD_REQUEST, String.format(
          "size is %d, expected a multiple of 8 from %d to %d (the network input side; the"
              + " output keeps the photo's size)", size, MIN_SIZE, MAX_SIZE));
    }
    while (true) {
      Colorizer c;
      try {
        c = others.getUnchecked(size);
      } catch (UncheckedExecutionException e) {
        throw new ApiException(ApiException.Code.BAD_REQUEST, "size " + size
            + " cannot be used with this model: " + e.getCause().getMessage(), e.getCause());
      }
      try {
        return work.apply(c);
      } catch (IllegalStateException e) {
        // Evicted (and closed) between the look-up and the work: take the new one.
        if (!c.isClosed()) {
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    others.invalidateAll();
    others.cleanUp();
    main.close();
  }
}
