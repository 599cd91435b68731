package io.github.colorize.video;

import io.github.colorize.Colorizer;
import io.github.colorize.color.CieLab;
import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.Photo;
import io.github.colorize.quant.ColorPrior;
import io.github.colorize.training.eval.AbErrorHistogram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

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
    List<Path> files;
    try (var s = Files.list(photos)) {
      files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
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
      try (FrameWriter writer = new FrameWriter(mp4, OutputFormat.of(mp4), 3 * w, h, FPS, 0.4)) {
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
          first.height(), FPS, 0.25)) {
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

}
