package io.github.colorize.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt;

import io.github.colorize.Colorizer;
import io.github.colorize.color.CieLab;
import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.Photo;
import io.github.colorize.quant.ColorPrior;
import io.github.colorize.training.eval.AbErrorHistogram;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * The measurements of docs/BENCHMARKS.md ("Video"), run by hand (not a test):
 *
 * <pre>
 * quality DIR_OF_PHOTOS SCRATCH N   flicker (temporal, per-frame, color original) and rebalanced
 *                                   AuC on N synthetic clips (slow pan + zoom across a photo,
 *                                   sensor noise, a cut half-way to a second photo)
 * speed W H FRAMES SCRATCH          frames/s of the whole job (decode, colorize, encode)
 * rss W H FRAMES SCRATCH            the same, then the process's peak RSS (VmHWM)
 * sidebyside PHOTO1 PHOTO2 MP4 PNG  a 4-second clip, gray | per-frame | temporal, and one frame
 *                                   of it as a picture
 * encoding DIR_OF_PHOTOS SCRATCH N  flicker of the color original, per-frame, temporal and a
 *                                   frozen-ab clip on N synthetic clips, before encoding and as
 *                                   written, over each video's own still pixels and over the
 *                                   original's; -Dsmoothing=W, -Dformats=true (FFV1 in BGR,
 *                                   4:4:4, 4:2:0; H.264 at 1 bpp), -Dqps=20,30 (fixed QP),
 *                                   -Ddeadbands=1.0 (Yuv420Converter), -Dcombos=DB:QP|bBPP[:k=v],
 *                                   -Dvp9=true (VP9 4:2:0 and 4:4:4), -Dnoauc=true
 * real VIDEO SCRATCH START N SHRINK the same on N frames of a real color video, made gray
 * </pre>
 */
public final class VideoBench {

  private static final double FPS = 25;

  private VideoBench() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "quality" -> quality(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
      case "speed", "rss" -> speed(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
          Integer.parseInt(args[3]), Path.of(args[4]), args.length > 5 ? args[5] : "on");
      case "stages" -> stages(Path.of(args[1]), Integer.parseInt(args[2]));
      case "real" -> real(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]),
          Integer.parseInt(args[4]), Integer.parseInt(args[5]));
      case "encoding" -> encoding(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
      case "sidebyside" -> sideBySide(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]),
          Path.of(args[4]));
      default -> throw new IllegalArgumentException("unknown command " + args[0]);
    }
    System.out.println("VmHWM " + peakRss());
  }

  /** A synthetic shot: a slow pan and zoom across a photo, with gray sensor noise. */
  static final class Shot {
    final int[] photo;
    final int pw;
    final int ph;

    Shot(Path file) throws Exception {
      Photo p = ImageDecoder.defaults().decode(file);
      photo = p.argb();
      pw = p.width();
      ph = p.height();
    }

    /** Frame t of n, w x h, color. */
    int[] frame(int t, int n, int w, int h) {
      double zoom = 0.7 - 0.15 * t / n;           // share of the photo's width seen
      double cw = pw * zoom;
      double ch = cw * h / w;
      if (ch > ph * 0.95) {
        ch = ph * 0.95;
        cw = ch * w / h;
      }
      double x0 = (pw - cw) * (0.1 + 0.8 * t / n); // pans left to right
      double y0 = (ph - ch) * 0.5;
      int[] out = new int[w * h];
      for (int y = 0; y < h; y++) {
        double sy = y0 + (y + 0.5) * ch / h;
        for (int x = 0; x < w; x++) {
          double sx = x0 + (x + 0.5) * cw / w;
          out[y * w + x] = bilinear(sx - 0.5, sy - 0.5);
        }
      }
      return out;
    }

    private int bilinear(double x, double y) {
      int x0 = (int) Math.floor(x);
      int y0 = (int) Math.floor(y);
      double fx = x - x0;
      double fy = y - y0;
      int r = 0;
      int[] c = new int[3];
      for (int k = 0; k < 3; k++) {
        int s = 16 - 8 * k;
        double v = (1 - fx) * (1 - fy) * ch(x0, y0, s) + fx * (1 - fy) * ch(x0 + 1, y0, s)
            + (1 - fx) * fy * ch(x0, y0 + 1, s) + fx * fy * ch(x0 + 1, y0 + 1, s);
        c[k] = (int) Math.round(v);
      }
      return 0xff000000 | c[0] << 16 | c[1] << 8 | c[2];
    }

    private int ch(int x, int y, int shift) {
      x = Math.max(0, Math.min(pw - 1, x));
      y = Math.max(0, Math.min(ph - 1, y));
      return photo[y * pw + x] >> shift & 0xff;
    }
  }

  /** Gray of a color frame (its L, as sRGB gray) plus Gaussian noise of sigma 8-bit levels. */
  static int[] grayNoisy(int[] argb, double sigma, Random random) {
    float[] l = new float[argb.length];
    CieLab.lightnessFromArgb(argb, l);
    int[] out = new int[argb.length];
    for (int i = 0; i < argb.length; i++) {
      int g = CieLab.toArgb(l[i], 0, 0) & 0xff;
      g = (int) Math.max(0, Math.min(255, Math.round(g + sigma * random.nextGaussian())));
      out[i] = 0xff000000 | g << 16 | g << 8 | g;
    }
    return out;
  }

  private static void quality(Path photos, Path scratch, int clips) throws Exception {
    Files.createDirectories(scratch);
    List<Path> files = jpegs(photos);
    int w = 320;
    int h = 240;
    int n = 100;
    double sigma = 4;
    ColorPrior prior = ColorPrior.imagenet();
    double[] p = prior.probabilities();
    float[] inverse = new float[p.length];
    for (int q = 0; q < p.length; q++) {
      inverse[q] = (float) (1 / Math.max(p[q], 1e-12));
    }
    try (Colorizer colorizer = Colorizer.builder().build()) {
      VideoColorizer on = VideoColorizer.builder().colorizer(colorizer).build();
      VideoColorizer off = VideoColorizer.builder().colorizer(colorizer)
          .temporal(TemporalOptions.off()).build();
      double[] sum = new double[5];
      for (int c = 0; c < clips; c++) {
        Shot first = new Shot(files.get((2 * c * 37) % files.size()));
        Shot second = new Shot(files.get((2 * c * 37 + 17) % files.size()));
        Random random = new Random(c);
        List<int[]> color = new ArrayList<>();
        Path gray = scratch.resolve("clip" + c + ".mkv");
        Files.deleteIfExists(gray);
        FlickerMeter original = new FlickerMeter();
        Clips.write(gray, "matroska", "ffv1", w, h, n, FPS, false, t -> {
          int[] f = t < n / 2 ? first.frame(t, n, w, h) : second.frame(t - n / 2, n, w, h);
          color.add(f);
          original.accept(f, w, h);
          return grayNoisy(f, sigma, random);
        });
        double[] row = new double[5];
        row[0] = original.flicker();
        int k = 1;
        for (VideoColorizer v : List.of(on, off)) {
          Path out = scratch.resolve("clip" + c + (v == on ? "-temporal" : "-perframe")
              + ".mkv");
          v.colorize(gray, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          FlickerMeter meter = new FlickerMeter();
          AbErrorHistogram hist = new AbErrorHistogram();
          List<VideoFrame> frames = Clips.frames(out);
          for (int t = 0; t < frames.size(); t++) {
            int[] f = frames.get(t).argb();
            meter.accept(f, w, h);
            score(hist, f, color.get(t), prior, inverse);
          }
          row[k++] = meter.flicker();
          row[k++] = hist.aucRebalanced();
        }
        // The same frames before encoding (H.264's chroma noise excluded), three settings.
        List<VideoFrame> grayFrames = Clips.frames(gray);
        StringBuilder raw = new StringBuilder();
        for (TemporalOptions o : List.of(TemporalOptions.off(),
            TemporalOptions.defaults().withSmoothing(0.8), TemporalOptions.defaults())) {
          FrameColorizer fc = new FrameColorizer(colorizer.pipeline(), o);
          FlickerMeter meter = new FlickerMeter();
          AbErrorHistogram hist = new AbErrorHistogram();
          for (int t = 0; t < grayFrames.size(); t++) {
            int[] f = fc.colorize(List.of(grayFrames.get(t))).get(0);
            meter.accept(f, w, h);
            score(hist, f, color.get(t), prior, inverse);
          }
          raw.append(String.format(Locale.ROOT, " [%s smoothing %.2f: flicker %.3f AuC %.2f]",
              o.enabled() ? "temporal" : "per-frame", o.smoothing(), meter.flicker(),
              hist.aucRebalanced()));
        }
        System.out.println("clip " + c + " before encoding:" + raw);
        System.out.printf(Locale.ROOT, "clip %d: flicker original %.3f temporal %.3f per-frame"
            + " %.3f; rebalanced AuC temporal %.2f per-frame %.2f%n", c, row[0], row[1], row[3],
            row[2], row[4]);
        for (int i = 0; i < 5; i++) {
          sum[i] += row[i] / clips;
        }
      }
      System.out.printf(Locale.ROOT, "mean of %d clips (%dx%d, %d frames, noise sigma %.0f,"
          + " cut at frame %d): flicker original %.3f temporal %.3f per-frame %.3f"
          + " (temporal/per-frame %.2f); rebalanced AuC temporal %.2f per-frame %.2f%n", clips,
          w, h, n, sigma, n / 2, sum[0], sum[1], sum[3], sum[1] / sum[3], sum[2], sum[4]);
    }
  }

  private static void sideBySide(Path photo1, Path photo2, Path mp4, Path png) throws Exception {
    int w = 240;
    int h = 180;
    int n = 100;
    Shot first = new Shot(photo1);
    Shot second = new Shot(photo2);
    Random random = new Random(7);
    List<VideoFrame> gray = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      int[] f = t < n / 2 ? first.frame(t, n, w, h) : second.frame(t - n / 2, n, w, h);
      gray.add(new VideoFrame(w, h, grayNoisy(f, 4, random), Math.round(t * 1e6 / FPS)));
    }
    try (Colorizer colorizer = Colorizer.builder().build()) {
      FrameColorizer off = new FrameColorizer(colorizer.pipeline(), TemporalOptions.off());
      FrameColorizer on = new FrameColorizer(colorizer.pipeline(), TemporalOptions.defaults());
      Files.deleteIfExists(mp4);
      try (FrameWriter writer = new FrameWriter(mp4, OutputFormat.of(mp4), 3 * w, h, FPS, 0.4, 0)) {
        for (int t = 0; t < n; t++) {
          VideoFrame g = gray.get(t);
          int[] a = off.colorize(List.of(g)).get(0);
          int[] b = on.colorize(List.of(g)).get(0);
          int[] row = new int[3 * w * h];
          for (int y = 0; y < h; y++) {
            System.arraycopy(g.argb(), y * w, row, y * 3 * w, w);
            System.arraycopy(a, y * w, row, y * 3 * w + w, w);
            System.arraycopy(b, y * w, row, y * 3 * w + 2 * w, w);
          }
          writer.write(row, g.timestampMicros());
          if (t == n / 4) {
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(3 * w, h,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
            image.setRGB(0, 0, 3 * w, h, row, 0, 3 * w);
            javax.imageio.ImageIO.write(image, "png", png.toFile());
          }
        }
        writer.finish();
      }
    }
    System.out.println("wrote " + mp4 + " (" + Files.size(mp4) + " bytes) and " + png);
  }

  /** Decoding alone, colorizing alone, encoding alone: where a frame's time goes. */
  private static void stages(Path video, int frames) throws Exception {
    List<VideoFrame> list = new ArrayList<>();
    long t0 = System.nanoTime();
    try (FrameReader reader = FrameReader.open(video)) {
      VideoFrame f;
      while (list.size() < frames && (f = reader.next()) != null) {
        list.add(f);
      }
    }
    long t1 = System.nanoTime();
    List<int[]> out = new ArrayList<>();
    try (Colorizer colorizer = Colorizer.builder().build()) {
      FrameColorizer fc = new FrameColorizer(colorizer.pipeline(), TemporalOptions.defaults());
      fc.colorize(list.subList(0, 2));
      t1 = System.nanoTime() - (t1 - t0);
      long c0 = System.nanoTime();
      for (VideoFrame f : list) {
        out.add(fc.colorize(List.of(f)).get(0));
      }
      long c1 = System.nanoTime();
      VideoFrame first = list.get(0);
      Path tmp = Files.createTempFile("stages", ".mp4");
      long e0 = System.nanoTime();
      try (FrameWriter w = new FrameWriter(tmp, OutputFormat.of(tmp), first.width(),
          first.height(), FPS, 0.25, 0)) {
        for (int i = 0; i < out.size(); i++) {
          w.write(out.get(i), list.get(i).timestampMicros());
        }
        w.finish();
      }
      long e1 = System.nanoTime();
      Files.delete(tmp);
      int n = list.size();
      System.out.printf(Locale.ROOT, "%dx%d, %d frames: decode %.1f ms/frame, colorize %.1f"
          + " ms/frame, encode %.1f ms/frame%n", first.width(), first.height(), n,
          (t1 - t0) / 1e6 / n, (c1 - c0) / 1e6 / n, (e1 - e0) / 1e6 / n);
    }
  }

  private static void score(AbErrorHistogram hist, int[] predicted, int[] truth, ColorPrior prior,
      float[] inverse) {
    int n = truth.length;
    float[] l = new float[n];
    float[] a = new float[n];
    float[] b = new float[n];
    CieLab.fromArgb(truth, l, a, b);
    float[] pl = new float[n];
    float[] pa = new float[n];
    float[] pb = new float[n];
    CieLab.fromArgb(predicted, pl, pa, pb);
    int[] bins = new int[n];
    prior.gamut().nearest(a, b, bins);
    float[] weights = new float[n];
    for (int i = 0; i < n; i++) {
      weights[i] = inverse[bins[i]];
    }
    hist.add(pa, pb, a, b, weights);
  }

  private static void speed(int w, int h, int frames, Path scratch, String temporal)
      throws Exception {
    Files.createDirectories(scratch);
    Path in = scratch.resolve("speed-" + w + "x" + h + "-" + frames + ".mp4");
    if (!Files.exists(in)) {
      Path photo = Path.of("/work/shared/data/val").toFile().exists()
          ? Files.list(Path.of("/work/shared/data/val")).sorted().findFirst().orElseThrow() : null;
      Shot shot = photo != null ? new Shot(photo) : null;
      Random random = new Random(1);
      Clips.mp4(in, w, h, frames, FPS, true, t -> shot != null
          ? grayNoisy(shot.frame(t % 250, 250, w, h), 3, random)
          : Clips.scene(w, h, 1, t));
    }
    Path out = scratch.resolve("speed-out.mp4");
    try (VideoColorizer v = VideoColorizer.builder()
        .temporal(temporal.equals("off") ? TemporalOptions.off() : TemporalOptions.defaults())
        .build()) {
      // Warm-up on a few frames, so the figure is the steady rate.
      VideoReport report = v.colorize(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      System.out.printf(Locale.ROOT, "%dx%d, %d frames, temporal %s: %.2f s, %.2f frames/s%n", w,
          h, report.frames(), temporal, report.elapsedNanos() / 1e9, report.framesPerSecond());
    }
  }

  private static String peakRss() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM")) {
        return line.substring(6).trim();
      }
    }
    return "?";
  }


  /** One way of writing frames: a container, a codec, a pixel format and its options. */
  record Variant(String name, String container, String codec, int pixelFormat,
      Map<String, String> options, double bitsPerPixel, double deadBand) {

    Variant(String name, String container, String codec, int pixelFormat,
        Map<String, String> options, double bitsPerPixel) {
      this(name, container, codec, pixelFormat, options, bitsPerPixel, Double.NaN);
    }
  }

  /** Flicker of frames: own-L mask (as FlickerMeter) and a given shared mask per frame pair. */
  static double[] flicker(List<int[]> frames, int w, int h, List<boolean[]> shared) {
    double own = 0;
    long ownN = 0;
    double sh = 0;
    long shN = 0;
    float[][] prev = null;
    for (int t = 0; t < frames.size(); t++) {
      float[][] cur = Clips.lab(frames.get(t), w, h);
      if (prev != null) {
        boolean[] m = shared.get(t);
        for (int i = 0; i < cur[0].length; i++) {
          double d = Math.hypot(cur[1][i] - prev[1][i], cur[2][i] - prev[2][i]);
          if (Math.abs(cur[0][i] - prev[0][i]) < 1) {
            own += d;
            ownN++;
          }
          if (m[i]) {
            sh += d;
            shN++;
          }
        }
      }
      prev = cur;
    }
    return new double[] {own / ownN, sh / shN};
  }

  /** The frames written as {@code v} says and decoded again (unchanged for "before-encoding"). */
  static List<int[]> roundTrip(List<int[]> frames, int w, int h, Variant v, Path scratch)
      throws Exception {
    if (v.container() == null) {
      return frames;
    }
    if (v.container().equals("product")) {
      Path file = scratch.resolve("enc-product.mp4");
      Files.deleteIfExists(file);
      try (FrameWriter writer = new FrameWriter(file, OutputFormat.of(file), w, h, FPS, 0.25, 0)) {
        for (int t = 0; t < frames.size(); t++) {
          writer.write(frames.get(t), Math.round(t * 1e6 / FPS));
        }
        writer.finish();
      }
      List<int[]> out = new ArrayList<>();
      for (VideoFrame f : Clips.frames(file)) {
        out.add(f.argb());
      }
      System.out.printf(Locale.ROOT, "  %s: %d bytes%n", v.name(), Files.size(file));
      return out;
    }
    Path file = scratch.resolve("enc-" + v.name() + "." + (v.container().equals("matroska")
        ? "mkv" : v.container()));
    Files.deleteIfExists(file);
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
      r.setFormat(v.container());
      r.setVideoCodecName(v.codec());
      r.setPixelFormat(v.pixelFormat());
      r.setFrameRate(FPS);
      r.setGopSize(50);
      r.setVideoBitrate((int) Math.max(200_000, w * h * FPS * v.bitsPerPixel()));
      v.options().forEach(r::setVideoOption);
      r.start();
      Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
      Yuv420Converter yuv = Double.isNaN(v.deadBand()) ? null
          : new Yuv420Converter(w, h, v.deadBand());
      for (int[] f : frames) {
        if (yuv != null) {
          r.recordImage(w, h, Frame.DEPTH_UBYTE, 1, w, AV_PIX_FMT_YUV420P, yuv.convert(f, w, h));
          continue;
        }
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            int p = f[y * w + x];
            int o = y * frame.imageStride + 3 * x;
            buf.put(o, (byte) p);
            buf.put(o + 1, (byte) (p >> 8));
            buf.put(o + 2, (byte) (p >> 16));
          }
        }
        r.record(frame, AV_PIX_FMT_BGR24);
      }
      r.stop();
    }
    List<int[]> out = new ArrayList<>();
    for (VideoFrame f : Clips.frames(file)) {
      out.add(f.argb());
    }
    if (out.size() != frames.size()) {
      throw new IllegalStateException(v.name() + ": " + out.size() + " frames back of "
          + frames.size());
    }
    System.out.printf(Locale.ROOT, "  %s: %d bytes%n", v.name(), Files.size(file));
    return out;
  }

  /** The JPEG files of a folder, by name. */
  private static List<Path> jpegs(Path folder) throws Exception {
    try (var s = Files.list(folder)) {
      return s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
  }

  /** Where encoding adds flicker: the same frames through several writers, two masks. */
  private static void encoding(Path photos, Path scratch, int clips) throws Exception {
    Files.createDirectories(scratch);
    List<Path> files = jpegs(photos);
    int w = 320;
    int h = 240;
    int n = 100;
    int yuv420 = AV_PIX_FMT_YUV420P;
    int yuv444 = AV_PIX_FMT_YUV444P;
    int bgr = AV_PIX_FMT_BGR0;
    String h264 = "libopenh264";
    Map<String, String> none = Map.of();
    List<Variant> variants = productVariants();
    if (Boolean.getBoolean("formats")) {
      variants.addAll(List.of(
          new Variant("ffv1-bgr0", "matroska", "ffv1", bgr, none, 0),
          new Variant("ffv1-yuv444", "matroska", "ffv1", yuv444, none, 0),
          new Variant("ffv1-yuv420", "matroska", "ffv1", yuv420, none, 0),
          new Variant("h264-0.25bpp", "mp4", h264, yuv420, Map.of("allow_skip_frames",
              "0"), 0.25),
          new Variant("h264-1bpp", "mp4", h264, yuv420, Map.of("allow_skip_frames",
              "0"), 1.0)));
    }
    for (String qp : System.getProperty("qps", "").split(",")) {
      if (qp.isEmpty()) {
        continue;
      }
      variants.add(new Variant("h264-qp" + qp, "mp4", h264, yuv420, Map.of(
          "allow_skip_frames", "0", "qmin", qp, "qmax", qp), 0.25));
    }
    for (String d : System.getProperty("deadbands", "").split(",")) {
      if (!d.isEmpty()) {
        double db = Double.parseDouble(d);
        variants.add(new Variant("ffv1-java-db" + d, "matroska", "ffv1", yuv420, none, 0, db));
        variants.add(new Variant("h264-java-db" + d, "mp4", h264, yuv420, Map.of(
            "allow_skip_frames", "0"), 0.25, db));
      }
    }
    variants.addAll(comboVariants());
    if (Boolean.getBoolean("vp9")) {
      Map<String, String> fast = Map.of("deadline", "good", "cpu-used", "5", "row-mt", "1");
      variants.add(new Variant("vp9-yuv420", "webm", "libvpx-vp9", yuv420, fast, 0.25));
      variants.add(new Variant("vp9-yuv444", "webm", "libvpx-vp9", yuv444, fast, 0.25));
    }
    for (String qp : System.getProperty("qpsoff", "").split(",")) {
      if (!qp.isEmpty()) {
        variants.add(new Variant("h264-rcoff-qp" + qp, "mp4", h264, yuv420, Map.of(
            "allow_skip_frames", "0", "rc_mode", "off", "qmin", qp, "qmax", qp), 0.25));
      }
    }
    double[][] sum = new double[variants.size()][10];
    try (Colorizer colorizer = Colorizer.builder().build()) {
      for (int c = 0; c < clips; c++) {
        Shot first = new Shot(files.get((2 * c * 37) % files.size()));
        Shot second = new Shot(files.get((2 * c * 37 + 17) % files.size()));
        Random random = new Random(c);
        List<int[]> color = new ArrayList<>();
        Path gray = scratch.resolve("enc-clip" + c + ".mkv");
        Files.deleteIfExists(gray);
        Clips.write(gray, "matroska", "ffv1", w, h, n, FPS, false, t -> {
          int[] f = t < n / 2 ? first.frame(t, n, w, h) : second.frame(t - n / 2, n, w, h);
          color.add(f);
          return grayNoisy(f, 4, random);
        });
        double[][] rows = analyze("clip " + c, color, Clips.frames(gray), w, h, variants,
            scratch, colorizer, Integer.getInteger("shot", n / 2));
        for (int vi = 0; vi < variants.size(); vi++) {
          for (int k = 0; k < 10; k++) {
            sum[vi][k] += rows[vi][k] / clips;
          }
        }
      }
    }
    for (int vi = 0; vi < variants.size(); vi++) {
      double[] row = sum[vi];
      print("mean", variants.get(vi).name(), row);
    }
  }

  private static void print(String what, String variant, double[] row) {
    System.out.printf(Locale.ROOT, "%s %-18s own-L mask: original %.3f per-frame %.3f"
        + " temporal %.3f (ratio %.2f) static-ab %.3f | original's mask: original %.3f"
        + " per-frame %.3f temporal %.3f (ratio %.2f) static-ab %.3f%n", what, variant, row[0],
        row[2], row[4], row[4] / row[2], row[6], row[1], row[3], row[5], row[5] / row[3],
        row[7]);
    if (row[8] > 0) {
      System.out.printf(Locale.ROOT, "%s %-18s rebalanced AuC: per-frame %.3f temporal %.3f%n",
          what, variant, row[8], row[9]);
    }
  }

  /**
   * Flicker of the color original, the per-frame and the temporal colorization of {@code gray},
   * and of a "static-ab" clip (the temporal output's L with the a, b of frame 0 or
   * {@code shotStart} held still: the floor a writer adds), through each variant.
   */
  static double[][] analyze(String what, List<int[]> color, List<VideoFrame> gray, int w, int h,
      List<Variant> variants, Path scratch, Colorizer colorizer, int shotStart)
      throws Exception {
    List<boolean[]> mask = new ArrayList<>();
    float[] prevL = null;
    for (int[] f : color) {
      float[] l = Clips.lab(f, w, h)[0];
      boolean[] m = new boolean[l.length];
      for (int i = 0; prevL != null && i < l.length; i++) {
        m[i] = Math.abs(l[i] - prevL[i]) < 1;
      }
      mask.add(m);
      prevL = l;
    }
    List<List<int[]>> outputs = new ArrayList<>();
    outputs.add(color);
    TemporalOptions temporal = TemporalOptions.defaults().withSmoothing(Double.parseDouble(
        System.getProperty("smoothing", "" + TemporalOptions.DEFAULT_SMOOTHING)));
    for (TemporalOptions o : List.of(TemporalOptions.off(), temporal)) {
      FrameColorizer fc = new FrameColorizer(colorizer.pipeline(), o);
      List<int[]> out = new ArrayList<>();
      for (VideoFrame g : gray) {
        out.add(fc.colorize(List.of(g)).get(0));
      }
      outputs.add(out);
      if (o.enabled()) {
        System.out.printf(Locale.ROOT, "%s: smoothing %.2f, %d scene cuts%n", what,
            o.smoothing(), fc.cuts());
      }
    }
    List<int[]> still = new ArrayList<>();
    float[][] held = null;
    for (int t = 0; t < gray.size(); t++) {
      float[][] cur = Clips.lab(outputs.get(2).get(t), w, h);
      if (t == 0 || t == shotStart) {
        held = cur;
      }
      int[] f = new int[w * h];
      for (int i = 0; i < f.length; i++) {
        f[i] = CieLab.toArgb(cur[0][i], held[1][i], held[2][i]);
      }
      still.add(f);
    }
    outputs.add(still);
    double[][] rows = new double[variants.size()][10];
    ColorPrior prior = ColorPrior.imagenet();
    double[] p = prior.probabilities();
    float[] inverse = new float[p.length];
    for (int q = 0; q < p.length; q++) {
      inverse[q] = (float) (1 / Math.max(p[q], 1e-12));
    }
    for (int vi = 0; vi < variants.size(); vi++) {
      Variant v = variants.get(vi);
      for (int k = 0; k < 4; k++) {
        List<int[]> back = roundTrip(outputs.get(k), w, h, v, scratch);
        double[] f = flicker(back, w, h, mask);
        rows[vi][2 * k] = f[0];
        rows[vi][2 * k + 1] = f[1];
        if ((k == 1 || k == 2) && !Boolean.getBoolean("noauc")) {
          AbErrorHistogram hist = new AbErrorHistogram();
          for (int t = 0; t < back.size(); t++) {
            score(hist, back.get(t), color.get(t), prior, inverse);
          }
          rows[vi][7 + k] = hist.aucRebalanced();
        }
      }
      print(what, v.name(), rows[vi]);
    }
    return rows;
  }

  /** The default variants of a sitting: before encoding, and as colorize video writes them. */
  static List<Variant> productVariants() {
    return new ArrayList<>(List.of(new Variant("before-encoding", null, null, 0, Map.of(), 0),
        new Variant("as-written", "product", null, 0, Map.of(), 0.25)));
  }

  /**
   * Real footage: the first {@code frames} frames from {@code start} of a color video, shrunk by
   * {@code shrink} (box filter), made gray (their L, no noise added), written losslessly, then
   * analyzed like the synthetic clips (one shot: frame 0 holds the static-ab reference).
   */
  private static void real(Path video, Path scratch, int start, int frames, int shrink)
      throws Exception {
    Files.createDirectories(scratch);
    List<int[]> color = new ArrayList<>();
    int w = 0;
    int h = 0;
    double fps;
    try (FrameReader reader = FrameReader.open(video)) {
      fps = reader.info().frameRate();
      VideoFrame f;
      int i = 0;
      while (color.size() < frames && (f = reader.next()) != null) {
        if (i++ < start) {
          continue;
        }
        w = f.width() / shrink / 2 * 2;
        h = f.height() / shrink / 2 * 2;
        color.add(shrink(f.argb(), f.width(), w, h, shrink));
      }
    }
    int fw = w;
    int fh = h;
    System.out.printf(Locale.ROOT, "%s: %d frames from %d, %dx%d (shrunk %d), %.2f frames/s%n",
        video, color.size(), start, w, h, shrink, fps);
    String name = video.getFileName().toString().replaceAll("\\.[^.]*$", "");
    Path gray = scratch.resolve(name + "-gray.mkv");
    Files.deleteIfExists(gray);
    Clips.write(gray, "matroska", "ffv1", w, h, color.size(), fps, false, t -> {
      float[] l = new float[fw * fh];
      CieLab.lightnessFromArgb(color.get(t), l);
      int[] out = new int[l.length];
      for (int i = 0; i < l.length; i++) {
        out[i] = CieLab.toArgb(l[i], 0, 0);
      }
      return out;
    });
    List<Variant> variants = productVariants();
    if (System.getProperty("deadbands") != null) {
      for (String d : System.getProperty("deadbands").split(",")) {
        variants.add(new Variant("h264-java-db" + d, "mp4", "libopenh264",
            AV_PIX_FMT_YUV420P, Map.of("allow_skip_frames",
            "0"), 0.25, Double.parseDouble(d)));
      }
    }
    variants.addAll(comboVariants());
    try (Colorizer colorizer = Colorizer.builder().build()) {
      analyze(name, color, Clips.frames(gray), w, h, variants, scratch, colorizer, 0);
    }
  }

  private static int[] shrink(int[] argb, int sw, int w, int h, int k) {
    if (k == 1 && sw == w && argb.length == w * h) {
      return argb;
    }
    int[] out = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int dy = 0; dy < k; dy++) {
          for (int dx = 0; dx < k; dx++) {
            int p = argb[(y * k + dy) * sw + x * k + dx];
            r += p >> 16 & 0xff;
            g += p >> 8 & 0xff;
            b += p & 0xff;
          }
        }
        int n = k * k;
        out[y * w + x] = 0xff000000 | (r + n / 2) / n << 16 | (g + n / 2) / n << 8
            | (b + n / 2) / n;
      }
    }
    return out;
  }

  /** H.264 variants from -Dcombos=DEADBAND:(QP|bBPP)[:option=value...],... */
  static List<Variant> comboVariants() {
    List<Variant> variants = new ArrayList<>();
    // -Dspecs=NAME@CONTAINER@CODEC@PIXFMT@BITS_PER_PIXEL@DEADBAND[@key=value;key=value],...
    for (String spec : System.getProperty("specs", "").split(",")) {
      if (!spec.isEmpty()) {
        String[] f = spec.split("@");
        Map<String, String> o = new HashMap<>();
        if (f.length > 6) {
          for (String kv : f[6].split(";")) {
            o.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
          }
        }
        variants.add(new Variant(f[0], f[1], f[2], av_get_pix_fmt(f[3]), o,
            Double.parseDouble(f[4]), Double.parseDouble(f[5])));
      }
    }
    for (String combo : System.getProperty("combos", "").split(",")) {
      if (!combo.isEmpty()) {
        String[] dq = combo.split(":");
        Map<String, String> o = new HashMap<>(Map.of(
            "allow_skip_frames", "0"));
        double bpp = 0.25;
        if (dq[1].startsWith("b")) {
          bpp = Double.parseDouble(dq[1].substring(1));
        } else {
          o.put("qmin", dq[1]);
          o.put("qmax", dq[1]);
        }
        for (int k = 2; k < dq.length; k++) {
          String[] kv = dq[k].split("=");
          o.put(kv[0], kv[1]);
        }
        variants.add(new Variant("h264-" + combo.replace("=", ""), "mp4", "libopenh264",
            AV_PIX_FMT_YUV420P, o, bpp, Double.parseDouble(dq[0])));
      }
    }
    return variants;
  }
}
