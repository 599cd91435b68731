package io.github.colorize.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.math.IntMath;
import io.github.colorize.color.CieLab;
import io.github.colorize.color.ParallelLoop;
import io.github.colorize.color.SrgbGamut;
import io.github.colorize.decode.AnnealedMeanDecoder;
import io.github.colorize.image.FedResize;
import io.github.colorize.image.ImageSize;
import io.github.colorize.image.NetworkSize;
import io.github.colorize.image.Photo;
import io.github.colorize.image.Resampler;
import io.github.colorize.image.StripResize;
import io.github.colorize.model.InputNormalization;
import io.github.colorize.model.ModelFile;
import io.github.colorize.model.ModelMetadata;
import io.github.colorize.model.OutputKind;
import io.github.colorize.model.onnx.OnnxValueInfo.Dim;
import io.github.colorize.quant.AbGamut;
import io.github.colorize.spi.Backend;
import io.github.colorize.spi.BackendException;
import io.github.colorize.tensor.FloatTensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One image, end to end, as separate stages that can be called (and timed) one by one:
 *
 * <ol>
 *   <li>{@link #lightness(Photo)}: sRGB to CIE L at full resolution (the float path for photos of
 *       more than 8 bits per sample). The output keeps this L.
 *   <li>{@link #networkInput}: L resized to the {@link #networkSize network size} with the area
 *       filter, then normalized as the model file says ({@link InputNormalization}).
 *   <li>{@link #stack} and {@link #runNetwork}: a batch through the {@link Backend}.
 *   <li>{@link #decode}: for logits, H, the annealed mean at temperature T; for ab models, the
 *       output as it is.
 *   <li>{@link #upsample}: ab enlarged to the photo's size, bilinear.
 *   <li>{@link #compose}: the ORIGINAL L joined with ab, Lab to sRGB clipped to the gamut, the
 *       photo's alpha kept.
 * </ol>
 *
 * <p>Network size: by default every photo is squashed to {@code side x side} (224, the paper's);
 * with {@link PipelineOptions#keepAspectRatio()} the aspect ratio is kept with the SHORT side at
 * {@code side} ({@link NetworkSize#fitShortSide}): the network then sees objects at the scale it
 * was trained on, at a cost that grows with the aspect ratio. Sides are multiples of 8 and of the
 * model's {@link ModelFile#inputMultiple()}. A model whose graph fixes its input size gets that
 * size.
 *
 * <p>The output resolution is read from the network's output, not assumed: models that output ab
 * at stride 1 or 4 work alike.
 *
 * <p>Memory: the stages above, called one by one, each hold whole full-resolution planes (useful
 * to time or inspect them). {@link #colorize}, {@link #colorizeAll} and {@link #colorizeInto} run
 * the full-resolution work a strip of about a megapixel at a time instead (L into the network
 * size, ab out of it, Lab to sRGB), with bit-identical results, so a photo needs little beyond its
 * decoded pixels; {@link #colorizeInto} with the photo's own pixels as the target needs nothing
 * more at full resolution.
 *
 * <p>Immutable and thread-safe (the backend's {@code run} is). It does not own the backend:
 * whoever opened it closes it. Large images are processed on the fork-join pool of the calling
 * thread ({@link ParallelLoop}).
 */
public final class ColorizationPipeline {

  /** The paper's network input side. */
  public static final int DEFAULT_INPUT_SIZE = NetworkSize.DEFAULT_SIDE;

  /** Pixels per task of the alpha copy. */
  private static final int GRAIN = 1 << 16;

  private final Backend backend;
  private final ModelMetadata metadata;
  private final String modelSource;
  private final Geometry geometry;
  private final int side;
  private final boolean keepAspectRatio;
  private final int batchSize;
  private final double temperature;
  private final AbGamut gamut;
  private final AnnealedMeanDecoder decoder;

  /**
   * A pipeline running {@code model} on {@code backend} (opened from that model).
   *
   * @throws IllegalArgumentException if the options do not fit the model (an input size that is
   *     not a multiple of what the model needs, or differs from the size it fixes), or the model
   *     outputs logits over a gamut this version does not know
   */
  public ColorizationPipeline(Backend backend, ModelFile model, PipelineOptions options) {
    this.backend = checkNotNull(backend, "backend");
    checkNotNull(model, "model");
    checkNotNull(options, "options");
    this.metadata = model.metadata();
    this.modelSource = model.source();
    this.geometry = Geometry.of(model);
    this.side = resolveSide(geometry, options, model.source());
    this.keepAspectRatio = options.keepAspectRatio();
    this.batchSize = geometry.fixedBatch > 0 ? geometry.fixedBatch : options.batchSize();
    this.temperature = options.temperature();
    this.gamut = gamutOf(metadata, model.source());
    this.decoder = gamut == null ? null : AnnealedMeanDecoder.of(gamut, temperature);
  }

  /**
   * Checks that {@code options} fit {@code model} without opening a backend.
   *
   * @throws IllegalArgumentException as the constructor
   */
  public static void check(ModelFile model, PipelineOptions options) {
    checkNotNull(model, "model");
    checkNotNull(options, "options");
    resolveSide(Geometry.of(model), options, model.source());
    gamutOf(model.metadata(), model.source());
  }

  // ---------------------------------------------------------------- configuration

  /** What the model's graph dictates about the input. */
  private record Geometry(int multiple, int fixedBatch, int fixedHeight, int fixedWidth) {

    static Geometry of(ModelFile model) {
      int multiple = IntMath.saturatedMultiply(NetworkSize.MULTIPLE
          / IntMath.gcd(NetworkSize.MULTIPLE, model.inputMultiple()), model.inputMultiple());
      List<Dim> shape = model.outline().inputs().get(0).shape();
      return new Geometry(multiple, fixed(shape.get(0)), fixed(shape.get(2)),
          fixed(shape.get(3)));
    }

    private static int fixed(Dim d) {
      return d.isFixed() && d.value() > 0 && d.value() <= Integer.MAX_VALUE ? (int) d.value() : 0;
    }

    boolean fixesSize() {
      return fixedHeight > 0 || fixedWidth > 0;
    }
  }

  private static int resolveSide(Geometry g, PipelineOptions options, String source) {
    checkArgument(g.multiple <= PipelineOptions.MAX_INPUT_SIZE,
        "model %s needs input sides that are multiples of %s, more than the largest input size"
            + " %s", source, g.multiple, PipelineOptions.MAX_INPUT_SIZE);
    int requested = options.inputSize();
    if (g.fixesSize()) {
      boolean fits = requested == 0 || !options.keepAspectRatio()
          && (g.fixedHeight == 0 || g.fixedHeight == requested)
          && (g.fixedWidth == 0 || g.fixedWidth == requested);
      checkArgument(fits, "model %s only accepts %sx%s input (height x width), so the input size"
          + " %s%s cannot be used; leave the input size unset", source, dimText(g.fixedHeight),
          dimText(g.fixedWidth), requested, options.keepAspectRatio() ? " with the aspect ratio"
          + " kept" : "");
    }
    if (requested == 0) {
      return IntMath.divide(DEFAULT_INPUT_SIZE, g.multiple, java.math.RoundingMode.CEILING)
          * g.multiple;
    }
    checkArgument(requested % g.multiple == 0,
        "input size %s does not fit model %s: its input sides must be multiples of %s",
        requested, source, g.multiple);
    return requested;
  }

  private static String dimText(int fixed) {
    return fixed > 0 ? Integer.toString(fixed) : "any";
  }

  private static AbGamut gamutOf(ModelMetadata metadata, String source) {
    if (metadata.outputKind() != OutputKind.LOGITS) {
      return null;
    }
    checkArgument(metadata.gamutId().equals(ModelMetadata.ZHANG2016_GAMUT),
        "model %s outputs logits over the gamut '%s' (%s bins), which this version cannot"
            + " decode; it knows %s", source, metadata.gamutId(), metadata.binCount(),
        ModelMetadata.ZHANG2016_GAMUT);
    return AbGamut.zhang2016();
  }

  // ---------------------------------------------------------------- accessors

  /** The backend the network runs on. */
  public Backend backend() {
    return backend;
  }

  /** The model's metadata. */
  public ModelMetadata metadata() {
    return metadata;
  }

  /** The annealed-mean temperature used when none is given. */
  public double temperature() {
    return temperature;
  }

  /** The bins the logits index, or null for a model that outputs ab. */
  public AbGamut gamut() {
    return gamut;
  }

  /** Images per network run. */
  public int batchSize() {
    return batchSize;
  }

  /** Whether the model outputs logits (decoded by H) rather than ab. */
  public boolean outputsLogits() {
    return gamut != null;
  }

  // ---------------------------------------------------------------- stages

  /**
   * Stage "Lab": CIE L of every pixel at full resolution, from the 16-bit planes when the photo
   * has them.
   */
  public float[] lightness(Photo photo) {
    checkNotNull(photo, "photo");
    int n = photo.pixelCount();
    float[] l = new float[n];
    if (photo.isHighPrecision()) {
      float[][] rgb = photo.toRgbChannels();
      CieLab.fromSrgb(rgb[0], rgb[1], rgb[2], l, new float[n], new float[n]);
    } else {
      CieLab.lightnessFromArgb(photo.argb(), l);
    }
    return l;
  }

  /** The size the L of a {@code width x height} photo is resized to for the network. */
  public ImageSize networkSize(int width, int height) {
    checkArgument(width > 0 && height > 0, "image size %sx%s, expected both > 0", width, height);
    ImageSize size = keepAspectRatio ? NetworkSize.fitShortSide(width, height, side)
        : NetworkSize.square(side);
    int w = geometry.fixedWidth > 0 ? geometry.fixedWidth : roundToMultiple(size.width());
    int h = geometry.fixedHeight > 0 ? geometry.fixedHeight : roundToMultiple(size.height());
    return new ImageSize(w, h);
  }

  private int roundToMultiple(int length) {
    int m = geometry.multiple;
    return length % m == 0 ? length : Math.max(m, Math.round((float) length / m) * m);
  }

  /**
   * Stage "resize": L ({@code width x height}) resized to {@code size} with the area filter and
   * normalized for the network, in a new array.
   */
  public float[] networkInput(float[] lightness, int width, int height, ImageSize size) {
    checkNotNull(lightness, "lightness");
    checkNotNull(size, "size");
    float[] input = Resampler.resize(lightness, width, height, 1, size.width(), size.height(),
        Resampler.Filter.AREA);
    normalize(input);
    return input;
  }

  /**
   * Stages "Lab" and "resize" strip by strip: the same values as {@code networkInput(lightness(
   * photo), ...)}, while only one strip of the full-resolution L exists at a time.
   */
  public float[] networkInput(Photo photo, ImageSize size) {
    checkNotNull(photo, "photo");
    checkNotNull(size, "size");
    FedResize shrink = new FedResize(photo.width(), photo.height(), size.width(), size.height(),
        Resampler.Filter.AREA);
    PhotoStrips strips = new PhotoStrips(photo);
    for (int y0 = 0; y0 < photo.height(); y0 += strips.rows()) {
      shrink.accept(strips.lightness(y0), strips.rowsAt(y0));
    }
    float[] input = shrink.result();
    normalize(input);
    return input;
  }

  private void normalize(float[] input) {
    InputNormalization norm = metadata.inputNormalization();
    for (int i = 0; i < input.length; i++) {
      input[i] = norm.apply(input[i]);
    }
  }

  /** Stages "Lab" and "resize" for one photo. */
  public PreparedImage prepare(Photo photo) {
    float[] l = lightness(photo);
    ImageSize size = networkSize(photo.width(), photo.height());
    return new PreparedImage(photo, l, size, networkInput(l, photo.width(), photo.height(), size));
  }

  /**
   * The network inputs of images that share one network size as an {@code N x 1 x H x W} tensor
   * (zero-padded to the batch size a model may fix).
   *
   * @throws IllegalArgumentException if the list is empty or the sizes differ
   */
  public FloatTensor stack(List<PreparedImage> images) {
    checkNotNull(images, "images");
    List<NetInput> inputs = new ArrayList<>(images.size());
    for (PreparedImage image : images) {
      inputs.add(NetInput.of(image));
    }
    return stackInputs(inputs);
  }

  /**
   * One photo's network input as a {@code 1 x 1 x H x W} tensor (zero-padded to a fixed batch),
   * prepared strip by strip: what {@code stack(List.of(prepare(photo)))} gives, without the
   * full-resolution L.
   */
  public FloatTensor networkTensor(Photo photo) {
    ImageSize size = networkSize(photo.width(), photo.height());
    return stackInputs(List.of(new NetInput(size, networkInput(photo, size))));
  }

  /** What the network needs of one image: its network size and input. */
  private record NetInput(ImageSize networkSize, float[] networkInput) {
    static NetInput of(PreparedImage image) {
      return new NetInput(image.networkSize(), image.networkInput());
    }
  }

  private FloatTensor stackInputs(List<NetInput> images) {
    checkArgument(!images.isEmpty(), "no images to stack");
    ImageSize size = images.get(0).networkSize();
    int n = Math.max(images.size(), geometry.fixedBatch);
    int per = (int) size.pixels();
    float[] data = new float[Math.multiplyExact(n, per)];
    for (int i = 0; i < images.size(); i++) {
      NetInput image = images.get(i);
      checkArgument(image.networkSize().equals(size),
          "image %s has network size %s, expected %s like the first one", i,
          image.networkSize(), size);
      System.arraycopy(image.networkInput(), 0, data, i * per, per);
    }
    return FloatTensor.of(data, n, 1, size.height(), size.width());
  }

  /**
   * Stage "network": runs the backend on an {@code N x 1 x H x W} input and checks what comes
   * back: {@code N x C x h x w}, C the model's output channels.
   *
   * @throws BackendException if the backend fails or returns another shape
   */
  public FloatTensor runNetwork(FloatTensor input) {
    checkNotNull(input, "input");
    FloatTensor output = backend.run(input);
    int channels = gamut != null ? gamut.size() : 2;
    int[] shape = output == null ? new int[0] : output.shape();
    if (shape.length != 4 || shape[0] != input.dim(0) || shape[1] != channels) {
      throw new BackendException("backend " + backend.name() + " returned "
          + (output == null ? "nothing" : "shape " + Arrays.toString(shape)) + " for input "
          + Arrays.toString(input.shape()) + " of model " + modelSource + ", expected ["
          + input.dim(0) + ", " + channels + ", h, w]");
    }
    return output;
  }

  /**
   * Runs the network on many images, grouping those of one network size into batches of up to
   * {@link #batchSize()}, and returns each image's output ({@code 1 x C x h x w}) in order.
   */
  public List<FloatTensor> infer(List<PreparedImage> images) {
    checkNotNull(images, "images");
    FloatTensor[] outputs = new FloatTensor[images.size()];
    List<NetInput> inputs = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      inputs.add(NetInput.of(checkNotNull(images.get(i), "image %s is null", i)));
    }
    forEachBatch(inputs, (indices, output) -> {
      for (int k = 0; k < indices.size(); k++) {
        outputs[indices.get(k)] = output.item(k);
      }
    });
    return Arrays.asList(outputs);
  }

  /** Receives one batch's output and the indices of its images. */
  private interface BatchSink {
    void accept(List<Integer> indices, FloatTensor output);
  }

  private void forEachBatch(List<NetInput> images, BatchSink sink) {
    Map<ImageSize, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < images.size(); i++) {
      groups.computeIfAbsent(images.get(i).networkSize(), s -> new ArrayList<>()).add(i);
    }
    for (List<Integer> group : groups.values()) {
      for (int from = 0; from < group.size(); from += batchSize) {
        List<Integer> indices = group.subList(from, Math.min(group.size(), from + batchSize));
        List<NetInput> batch = new ArrayList<>(indices.size());
        indices.forEach(i -> batch.add(images.get(i)));
        sink.accept(indices, runNetwork(stackInputs(batch)));
      }
    }
  }

  /**
   * Stage "H": the network output ({@code N x C x h x w}) as ab ({@code N x 2 x h x w}): the
   * annealed mean at {@code temperature} for logits, the output itself for ab models.
   *
   * @param temperature T in [0, {@value AnnealedMeanDecoder#MAX_TEMPERATURE}], 0 = the mode;
   *     ignored for ab models
   */
  public FloatTensor decode(FloatTensor output, double temperature) {
    checkNotNull(output, "output");
    if (gamut == null) {
      checkArgument(output.rank() == 4 && output.dim(1) == 2,
          "output %s is not N x 2 x h x w ab", output);
      return output;
    }
    return decoderAt(temperature).decodeLogits(output);
  }

  /** Stage "H" at the pipeline's temperature. */
  public FloatTensor decode(FloatTensor output) {
    return decode(output, temperature);
  }

  private AnnealedMeanDecoder decoderAt(double t) {
    return t == temperature ? decoder : AnnealedMeanDecoder.of(gamut, t);
  }

  /**
   * Stage "upsample": item 0 of an {@code N x 2 x h x w} ab tensor enlarged (bilinear, half-pixel
   * centers) to {@code size}.
   */
  public AbPlanes upsample(FloatTensor ab, ImageSize size) {
    return upsample(ab, 0, size);
  }

  /** Stage "upsample" for batch item {@code item}. */
  public AbPlanes upsample(FloatTensor ab, int item, ImageSize size) {
    checkNotNull(ab, "ab");
    checkNotNull(size, "size");
    checkArgument(ab.rank() == 4 && ab.dim(1) == 2, "%s is not N x 2 x h x w ab", ab);
    checkArgument(item >= 0 && item < ab.dim(0), "item %s out of range [0, %s)", item, ab.dim(0));
    int h = ab.dim(2);
    int w = ab.dim(3);
    int plane = h * w;
    int offset = item * 2 * plane;
    float[] data = ab.data();
    // Plane by plane, so that each full-resolution plane is written once, straight into place.
    float[] a = Resampler.resize(Arrays.copyOfRange(data, offset, offset + plane), w, h, 1,
        size.width(), size.height(), Resampler.Filter.BILINEAR);
    float[] b = Resampler.resize(Arrays.copyOfRange(data, offset + plane, offset + 2 * plane), w,
        h, 1, size.width(), size.height(), Resampler.Filter.BILINEAR);
    return new AbPlanes(size.width(), size.height(), a, b);
  }

  /**
   * Stage "Lab to sRGB": the photo's ORIGINAL L joined with {@code ab}, converted to 8-bit sRGB
   * (out-of-gamut colors lose chroma, never lightness: {@link SrgbGamut}), with the photo's
   * alpha; a new {@code 0xAARRGGBB} array.
   */
  public int[] compose(PreparedImage image, AbPlanes ab) {
    checkNotNull(image, "image");
    checkNotNull(ab, "ab");
    Photo photo = image.photo();
    checkArgument(ab.width() == photo.width() && ab.height() == photo.height(),
        "ab is %sx%s but the photo is %sx%s", ab.width(), ab.height(), photo.width(),
        photo.height());
    int[] argb = new int[photo.pixelCount()];
    SrgbGamut.toArgb(image.lightness(), ab.a(), ab.b(), argb);
    if (photo.hasAlpha()) {
      int[] source = photo.argb();
      ParallelLoop.forRange(argb.length, GRAIN, (from, to) -> {
        for (int i = from; i < to; i++) {
          argb[i] = (argb[i] & 0x00ffffff) | (source[i] & 0xff000000);
        }
      });
    }
    return argb;
  }

  // ---------------------------------------------------------------- whole images

  /** Every stage for one photo: the colorized pixels ({@code 0xAARRGGBB}, the photo's size). */
  public int[] colorize(Photo photo) {
    return colorizeAll(List.of(photo)).get(0);
  }

  /**
   * Every stage for one photo, its colorized pixels written into {@code dst}, which may be the
   * photo's own {@link Photo#argb()}: the photo is then overwritten with its colorized self, and
   * the only full-resolution array is the one the decoder made (the rest works in strips). Only
   * do that with a photo nobody else reads.
   *
   * @param dst {@code photo.pixelCount()} ints
   */
  public void colorizeInto(Photo photo, int[] dst) {
    checkNotNull(photo, "photo");
    checkNotNull(dst, "dst");
    checkArgument(dst.length == photo.pixelCount(), "dst holds %s pixels, expected %s for %s",
        dst.length, photo.pixelCount(), photo);
    NetInput input = netInput(photo);
    forEachBatch(List.of(input), (indices, output) ->
        composeStrips(photo, decode(output, temperature), 0, dst));
  }

  /**
   * Every stage for many photos, the network run in batches; each photo's colorized pixels in
   * order.
   */
  public List<int[]> colorizeAll(List<Photo> photos) {
    checkNotNull(photos, "photos");
    List<NetInput> inputs = netInputs(photos);
    int[][] out = new int[photos.size()][];
    forEachBatch(inputs, (indices, output) -> {
      FloatTensor ab = decode(output, temperature);
      for (int k = 0; k < indices.size(); k++) {
        int i = indices.get(k);
        Photo photo = photos.get(i);
        out[i] = new int[photo.pixelCount()];
        composeStrips(photo, ab, k, out[i]);
      }
    });
    return Arrays.asList(out);
  }

  /**
   * Stages "upsample" and "Lab to sRGB" a strip of rows at a time: the same pixels as {@code
   * compose(prepare(photo), upsample(ab, item, photo.size()))}, without full-resolution L, a and
   * b planes. Each strip is read from the photo before it is written, so {@code dst} may be the
   * photo's own pixels.
   */
  private void composeStrips(Photo photo, FloatTensor ab, int item, int[] dst) {
    int h = ab.dim(2);
    int w = ab.dim(3);
    int plane = h * w;
    int offset = item * 2 * plane;
    float[] data = ab.data();
    StripResize a = new StripResize(Arrays.copyOfRange(data, offset, offset + plane), w, h,
        photo.width(), photo.height(), Resampler.Filter.BILINEAR);
    StripResize b = new StripResize(Arrays.copyOfRange(data, offset + plane, offset + 2 * plane),
        w, h, photo.width(), photo.height(), Resampler.Filter.BILINEAR);
    PhotoStrips strips = new PhotoStrips(photo);
    for (int y0 = 0; y0 < photo.height(); y0 += strips.rows()) {
      strips.compose(y0, a, b, dst);
    }
  }

  /**
   * Every stage for one photo with 16-bit samples ({@link Photo#isHighPrecision()}), into a
   * 16-bit sRGB image (3 bands, or 4 with the photo's alpha): its original L is kept at 16-bit
   * precision instead of being rounded to 8 bits. Works in strips like {@link #colorizeInto}.
   *
   * @throws IllegalArgumentException if the photo has no 16-bit planes
   */
  public BufferedImage colorizeSixteenBit(Photo photo) {
    checkNotNull(photo, "photo");
    checkArgument(photo.isHighPrecision(), "%s has no 16-bit samples; use colorize", photo);
    boolean alpha = photo.hasAlpha();
    java.awt.image.ComponentColorModel model = new java.awt.image.ComponentColorModel(
        java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), alpha, false,
        alpha ? java.awt.Transparency.TRANSLUCENT : java.awt.Transparency.OPAQUE,
        java.awt.image.DataBuffer.TYPE_USHORT);
    java.awt.image.WritableRaster raster = model.createCompatibleWritableRaster(photo.width(),
        photo.height());
    short[] samples = ((java.awt.image.DataBufferUShort) raster.getDataBuffer()).getData();
    NetInput input = netInput(photo);
    forEachBatch(List.of(input), (indices, output) -> {
      FloatTensor ab = decode(output, temperature);
      int h = ab.dim(2);
      int w = ab.dim(3);
      int plane = h * w;
      float[] data = ab.data();
      StripResize a = new StripResize(Arrays.copyOfRange(data, 0, plane), w, h, photo.width(),
          photo.height(), Resampler.Filter.BILINEAR);
      StripResize b = new StripResize(Arrays.copyOfRange(data, plane, 2 * plane), w, h,
          photo.width(), photo.height(), Resampler.Filter.BILINEAR);
      PhotoStrips strips = new PhotoStrips(photo);
      for (int y0 = 0; y0 < photo.height(); y0 += strips.rows()) {
        strips.composeSixteenBit(y0, a, b, samples);
      }
    });
    return new BufferedImage(model, raster, false, null);
  }

  /** The colorized photo as an image: {@code TYPE_INT_ARGB} with alpha, else {@code TYPE_INT_RGB}. */
  public BufferedImage toImage(Photo photo, int[] argb) {
    checkNotNull(photo, "photo");
    return new Photo(photo.width(), photo.height(), argb, null, photo.hasAlpha(), false, 8,
        photo.source()).toBufferedImage();
  }

  /**
   * The predicted ab of each photo at full resolution, before Lab to sRGB, the network run in
   * batches.
   *
   * @param temperature T for logits models (0 = mode), ignored for ab models
   */
  public List<AbPlanes> predictAbAll(List<Photo> photos, double temperature) {
    checkNotNull(photos, "photos");
    List<NetInput> inputs = netInputs(photos);
    AbPlanes[] out = new AbPlanes[photos.size()];
    forEachBatch(inputs, (indices, output) -> {
      FloatTensor ab = decode(output, temperature);
      for (int k = 0; k < indices.size(); k++) {
        int i = indices.get(k);
        out[i] = upsample(ab, k, photos.get(i).size());
      }
    });
    return Arrays.asList(out);
  }

  private NetInput netInput(Photo photo) {
    ImageSize size = networkSize(photo.width(), photo.height());
    return new NetInput(size, networkInput(photo, size));
  }

  private List<NetInput> netInputs(List<Photo> photos) {
    List<NetInput> inputs = new ArrayList<>(photos.size());
    for (int i = 0; i < photos.size(); i++) {
      inputs.add(netInput(checkNotNull(photos.get(i), "photo %s is null", i)));
    }
    return inputs;
  }

  @Override
  public String toString() {
    return "ColorizationPipeline[" + modelSource + " on " + backend.name() + ", "
        + (keepAspectRatio ? "short side " : "square ") + side + ", T=" + temperature
        + ", batch " + batchSize + "]";
  }
}
