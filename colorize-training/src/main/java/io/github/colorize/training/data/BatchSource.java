package io.github.colorize.training.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.color.CieLab;
import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.Photo;
import io.github.colorize.image.Resampler;
import io.github.colorize.model.InputNormalization;
import io.github.colorize.tensor.FloatTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes training batches from an image folder. A batch is a pure function of the seed and its
 * iteration number: the data order (a fresh shuffle each epoch) and every crop, flip and scale
 * come from random streams seeded by (seed, sample number). So batches can be built by any
 * thread in any order, and a resumed run sees exactly the batches an uninterrupted one would.
 *
 * <p>With several folders and a {@link SourceMix} other than {@link SourceMix#PROPORTIONAL},
 * each sample first draws its folder with the mix's weights, then a photo of that folder
 * uniformly (with replacement), both from (seed, sample number): still a pure function.
 *
 * <p>Crops follow a policy by photo size: the crop's region is {@code crop / scale} pixels on a
 * side with the scale drawn uniformly from {@code [max(minScale, crop / shortSide), 1]}, so a
 * photo no larger than the crop is used whole (flips only) and larger ones get scale jitter up
 * to their whole short side. A photo whose short side is below {@code crop /} {@link
 * #MAX_UPSAMPLE} is skipped like an unreadable one: upsampling it would teach blur.
 *
 * <p>An image that cannot be read (or is too small) is logged once at WARN, counted, and
 * replaced by the next readable image of the epoch's order (or the next draw).
 */
public final class BatchSource {

  private static final Logger LOG = LoggerFactory.getLogger(BatchSource.class);

  /** The most a crop may enlarge its region: smaller photos are skipped. */
  public static final double MAX_UPSAMPLE = 1.5;
  private static final long SOURCE_SALT = 0x2545F4914F6CDD1DL;

  private final ImageFolder images;
  private final int batchSize;
  private final long seed;
  private final Augmentation augmentation;
  private final TargetEncoding targets;
  private final InputNormalization normalization;
  private final SourceMix mix;
  private final double[] sourceWeights;
  private final int[] sourceSizes;
  private final int[] sourceStarts;
  private final ImageDecoder decoder = ImageDecoder.defaults();
  private final Set<Integer> unreadable = ConcurrentHashMap.newKeySet();
  private final AtomicLong substitutions = new AtomicLong();
  private volatile Shuffle shuffle;

  /** One epoch's order. */
  private record Shuffle(long epoch, int[] order) {}

  /**
   * @param images the photos
   * @param batchSize images per batch
   * @param seed fixes the data order and the augmentation
   * @param augmentation crop, flip, scale jitter, target sampling
   * @param targets how targets and pixel weights are made
   * @param normalization how L becomes the network input
   */
  public BatchSource(ImageFolder images, int batchSize, long seed, Augmentation augmentation,
      TargetEncoding targets, InputNormalization normalization) {
    this(images, batchSize, seed, augmentation, targets, normalization, SourceMix.PROPORTIONAL);
  }

  /**
   * @param images the photos
   * @param batchSize images per batch
   * @param seed fixes the data order and the augmentation
   * @param augmentation crop, flip, scale jitter, target sampling
   * @param targets how targets and pixel weights are made
   * @param normalization how L becomes the network input
   * @param mix how the folders of {@code images} share the batches
   */
  public BatchSource(ImageFolder images, int batchSize, long seed, Augmentation augmentation,
      TargetEncoding targets, InputNormalization normalization, SourceMix mix) {
    this.images = checkNotNull(images, "images");
    checkArgument(batchSize >= 1, "batch size is %s, expected >= 1", batchSize);
    this.batchSize = batchSize;
    this.seed = seed;
    this.augmentation = checkNotNull(augmentation, "augmentation");
    this.targets = checkNotNull(targets, "targets");
    this.normalization = checkNotNull(normalization, "normalization");
    this.mix = checkNotNull(mix, "mix");
    this.sourceSizes = images.rootSizes();
    this.sourceWeights = mix.weights(sourceSizes);
    this.sourceStarts = new int[sourceSizes.length];
    for (int s = 1; s < sourceSizes.length; s++) {
      sourceStarts[s] = sourceStarts[s - 1] + sourceSizes[s - 1];
    }
  }

  /** The probability that a sample comes from each folder, in the order of the folders. */
  public double[] sourceWeights() {
    return sourceWeights.clone();
  }

  /** Images per batch. */
  public int batchSize() {
    return batchSize;
  }

  /** Number of images in the folder. */
  public int imageCount() {
    return images.size();
  }

  /** Images found unreadable so far. */
  public int unreadableCount() {
    return unreadable.size();
  }

  /** Times an unreadable image was replaced by another. */
  public long substitutionCount() {
    return substitutions.get();
  }

  /**
   * Builds the batch of {@code iteration} (0-based).
   *
   * @throws IllegalStateException if no image of the folder can be read
   */
  public TrainingBatch batch(long iteration) {
    checkArgument(iteration >= 0, "iteration is %s, expected >= 0", iteration);
    int crop = augmentation.crop();
    int side = augmentation.targetSide();
    int channels = targets.channels();
    float[] input = new float[batchSize * crop * crop];
    float[] target = new float[batchSize * channels * side * side];
    float[] weights = new float[batchSize * side * side];
    CropBuffers buffers = new CropBuffers(crop, side);
    int substituted = 0;
    for (int j = 0; j < batchSize; j++) {
      long sample = iteration * batchSize + j;
      SplittableRandom random = new SplittableRandom(mix(seed, sample));
      Photo photo = null;
      SplittableRandom draws = new SplittableRandom(mix(seed ^ SOURCE_SALT, sample));
      int position = (int) (sample % images.size());
      int[] order = mix == SourceMix.PROPORTIONAL ? order(sample / images.size()) : null;
      for (int tries = 0; photo == null; tries++) {
        if (tries == 4 * images.size() || unreadable.size() == images.size()) {
          throw new IllegalStateException("none of the " + images.size() + " images could be"
              + " read with a short side of at least " + minSide() + " px; first folder: "
              + images.roots().get(0));
        }
        int index = order != null ? order[(position + tries) % order.length] : draw(draws);
        photo = read(index);
        if (photo == null) {
          substituted++;
        }
      }
      cut(photo, random, buffers);
      float[] l = buffers.l;
      int inputOffset = j * crop * crop;
      for (int i = 0; i < l.length; i++) {
        input[inputOffset + i] = normalization.apply(l[i]);
      }
      boolean gray = isGray(buffers.a, buffers.b);
      buffers.sampleTarget(augmentation.sampling());
      targets.encode(buffers.targetA, buffers.targetB, gray, target, j * channels * side * side,
          weights, j * side * side);
    }
    substitutions.addAndGet(substituted);
    return new TrainingBatch(iteration, FloatTensor.of(input, batchSize, 1, crop, crop),
        FloatTensor.of(target, batchSize, channels, side, side),
        FloatTensor.of(weights, batchSize, 1, side, side), substituted);
  }

  private Photo read(int index) {
    if (unreadable.contains(index)) {
      return null;
    }
    Path file = images.file(index);
    try {
      Photo photo = decoder.decode(file);
      if (Math.min(photo.width(), photo.height()) < minSide()) {
        if (unreadable.add(index)) {
          LOG.warn("skipping training image {}: {} x {} px, a {} px crop needs a short side of at"
              + " least {} px", file, photo.width(), photo.height(), augmentation.crop(),
              minSide());
        }
        return null;
      }
      return photo;
    } catch (IOException | RuntimeException e) {
      if (unreadable.add(index)) {
        LOG.warn("skipping unreadable training image {}: {}", file, e.getMessage());
      }
      return null;
    }
  }

  /** A photo of this folder drawn with the mix's weights. */
  private int draw(SplittableRandom draws) {
    double u = draws.nextDouble();
    int chosen = -1;
    for (int s = 0; s < sourceWeights.length; s++) {
      if (sourceWeights[s] > 0) {
        chosen = s; // the last non-empty source also takes what rounding leaves over
        if (u < sourceWeights[s]) {
          break;
        }
        u -= sourceWeights[s];
      }
    }
    return sourceStarts[chosen] + draws.nextInt(sourceSizes[chosen]);
  }

  /** The smallest short side a photo may have: the crop may enlarge it by MAX_UPSAMPLE. */
  private int minSide() {
    return (int) Math.ceil(augmentation.crop() / MAX_UPSAMPLE);
  }

  /** Cuts a random (scaled, flipped) square from the photo into the buffers' Lab planes. */
  private void cut(Photo photo, SplittableRandom random, CropBuffers buffers) {
    int crop = augmentation.crop();
    int shortSide = Math.min(photo.width(), photo.height());
    // Scales below crop / shortSide would ask for more than the photo has: draw only those the
    // photo allows, so small photos are not cut at their whole size most of the time.
    double minScale = Math.min(1, Math.max(augmentation.minScale(), (double) crop / shortSide));
    double scale = minScale >= 1 ? 1 : minScale + random.nextDouble() * (1 - minScale);
    int region = (int) Math.min(Math.round(crop / scale), shortSide);
    int x0 = random.nextInt(photo.width() - region + 1);
    int y0 = random.nextInt(photo.height() - region + 1);
    boolean flip = augmentation.flip() && random.nextBoolean();
    int[] argb = photo.argb();
    int[] pixels = new int[region * region];
    for (int y = 0; y < region; y++) {
      int row = (y0 + y) * photo.width() + x0;
      for (int x = 0; x < region; x++) {
        pixels[y * region + (flip ? region - 1 - x : x)] = argb[row + x];
      }
    }
    if (region == crop) {
      CieLab.fromArgb(pixels, buffers.l, buffers.a, buffers.b);
    } else {
      float[] lab = new float[3 * region * region];
      int n = region * region;
      float[] l = new float[n];
      float[] a = new float[n];
      float[] b = new float[n];
      CieLab.fromArgb(pixels, l, a, b);
      System.arraycopy(l, 0, lab, 0, n);
      System.arraycopy(a, 0, lab, n, n);
      System.arraycopy(b, 0, lab, 2 * n, n);
      float[] resized = Resampler.resize(lab, region, region, 3, crop, crop,
          Resampler.Filter.AREA);
      int m = crop * crop;
      System.arraycopy(resized, 0, buffers.l, 0, m);
      System.arraycopy(resized, m, buffers.a, 0, m);
      System.arraycopy(resized, 2 * m, buffers.b, 0, m);
    }
  }

  private static boolean isGray(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      if (Math.abs(a[i]) > TargetEncoding.GRAY_THRESHOLD
          || Math.abs(b[i]) > TargetEncoding.GRAY_THRESHOLD) {
        return false;
      }
    }
    return true;
  }

  private int[] order(long epoch) {
    Shuffle current = shuffle;
    if (current == null || current.epoch() != epoch) {
      int[] order = new int[images.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      SplittableRandom random = new SplittableRandom(mix(seed ^ 0x5DEECE66DL, epoch));
      for (int i = order.length - 1; i > 0; i--) {
        int k = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[k];
        order[k] = t;
      }
      current = new Shuffle(epoch, order);
      shuffle = current;
    }
    return current.order();
  }

  /** A well-mixed 64-bit seed from two numbers (SplitMix64 finalizer). */
  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Per-batch scratch planes. */
  private static final class CropBuffers {
    final int crop;
    final int side;
    final float[] l;
    final float[] a;
    final float[] b;
    final float[] targetA;
    final float[] targetB;

    CropBuffers(int crop, int side) {
      this.crop = crop;
      this.side = side;
      l = new float[crop * crop];
      a = new float[crop * crop];
      b = new float[crop * crop];
      targetA = new float[side * side];
      targetB = new float[side * side];
    }

    void sampleTarget(TargetSampling sampling) {
      if (sampling == TargetSampling.MEAN) {
        Resampler.resize(a, crop, crop, 1, targetA, side, side, Resampler.Filter.AREA);
        Resampler.resize(b, crop, crop, 1, targetB, side, side, Resampler.Filter.AREA);
        return;
      }
      int stride = Augmentation.STRIDE;
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          targetA[y * side + x] = a[(y * stride) * crop + x * stride];
          targetB[y * side + x] = b[(y * stride) * crop + x * stride];
        }
      }
    }
  }
}
