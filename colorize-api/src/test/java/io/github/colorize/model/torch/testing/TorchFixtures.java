package io.github.colorize.model.torch.testing;

import io.github.colorize.tensor.FloatTensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The {@code .pth} files written by real PyTorch (1.13, Debian's python3-torch) with
 * {@code src/test/python/make_torch_fixtures.py}: the colorizers ECCVGenerator at width 1/64
 * (conv1 has one channel; the same keys as the authors' file), random weights, and PyTorch's own
 * logits for a fixed 32 x 24 L plane. Shared with other modules' tests through the test-jar.
 */
public final class TorchFixtures {

  /** The state dict in the zip format, with num_batches_tracked. */
  public static final String ZIP = "eccv16-small-zip.pth";
  /** The zip format without num_batches_tracked. */
  public static final String ZIP_NO_TRACKED = "eccv16-small-zip-no-tracked.pth";
  /** The legacy single-stream format, with num_batches_tracked. */
  public static final String LEGACY = "eccv16-small-legacy.pth";
  /** The legacy format without num_batches_tracked. */
  public static final String LEGACY_NO_TRACKED = "eccv16-small-legacy-no-tracked.pth";
  /** The state dict without model3.6.running_var. */
  public static final String MISSING_KEY = "eccv16-small-missing-key.pth";
  /** model4.2.weight with one input channel too many. */
  public static final String MISSHAPED_KEY = "eccv16-small-misshaped-key.pth";
  /** A pickle whose value reduces to posix.system (never loaded by a test). */
  public static final String FORBIDDEN_CLASS = "eccv16-forbidden-class.pth";
  /** The width of the small fixtures: conv1_1 has 64 / 64 = 1 channel. */
  public static final double WIDTH = 1 / 64.0;
  public static final int INPUT_H = 32;
  public static final int INPUT_W = 24;

  private static final String DIR = "/io/github/colorize/model/torch/testing/";

  private TorchFixtures() {}

  /** Copies a fixture into {@code dir} and returns its path. */
  public static Path copy(String name, Path dir) {
    try (InputStream in = TorchFixtures.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + DIR + name);
      }
      Path file = dir.resolve(name);
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The L plane (0..100) PyTorch was given, [1, 1, 32, 24]. */
  public static FloatTensor inputL() {
    return FloatTensor.of(floats("eccv16-small-input-l.f32"), 1, 1, INPUT_H, INPUT_W);
  }

  /** The same plane normalized as colorizers does: (L - 50) / 100. */
  public static FloatTensor inputNormalized() {
    float[] l = inputL().data().clone();
    for (int i = 0; i < l.length; i++) {
      l[i] = (l[i] - 50f) / 100f;
    }
    return FloatTensor.of(l, 1, 1, INPUT_H, INPUT_W);
  }

  /** PyTorch's logits (model8's output) for {@link #inputL()}, [1, 313, 8, 6]. */
  public static FloatTensor logits() {
    return FloatTensor.of(floats("eccv16-small-logits.f32"), 1, 313, INPUT_H / 4, INPUT_W / 4);
  }

  /** max |a - b| / max |b|. */
  public static double relativeError(FloatTensor actual, FloatTensor expected) {
    float[] a = actual.data();
    float[] b = expected.data();
    if (a.length != b.length) {
      throw new IllegalArgumentException(a.length + " values, expected " + b.length);
    }
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs((double) a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return diff / scale;
  }

  private static float[] floats(String name) {
    try (InputStream in = TorchFixtures.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + DIR + name);
      }
      ByteBuffer buffer = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      float[] values = new float[buffer.remaining() / 4];
      buffer.asFloatBuffer().get(values);
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
