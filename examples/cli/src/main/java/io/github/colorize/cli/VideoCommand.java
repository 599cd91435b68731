package io.github.colorize.cli;

import io.github.colorize.video.TemporalOptions;
import io.github.colorize.video.VideoCodec;
import io.github.colorize.video.VideoColorizer;
import io.github.colorize.video.VideoReport;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code colorize video IN -o OUT}: a film, frame by frame, without flicker. */
@Command(name = "video", mixinStandardHelpOptions = true,
    description = {
        "Colorizes a video: every frame keeps its own lightness, the colors are smoothed over "
            + "time so that they do not flicker (following the motion, starting afresh at scene "
            + "cuts), and the audio is copied untouched.",
        "",
        "IN is any video FFmpeg reads. OUT gets the input's size, frame rate and frame timing; "
            + "its extension picks the container: mp4, m4v, mov, mkv, avi (H.264) or webm (VP9), "
            + "--codec another codec. "
            + "OUT appears only when complete (Ctrl-C leaves nothing under its name)."},
    footer = {"", "Examples:",
        "  colorize video film.avi -o film-color.mp4",
        "  colorize video film.mkv -o plain.mkv --temporal off     each frame alone",
        "  colorize video film.mp4 -o out.mp4 --smoothing 0.9 --cut-threshold 0.4",
        "  colorize video film.mp4 -o out.mp4 --codec av1       10-bit, steadiest colors",
        "  colorize video reel.mov -o master.mkv --codec ffv1   lossless archival master"})
final class VideoCommand implements Callable<Integer> {

  /** on / off switches. */
  enum Switch { on, off }

  @Parameters(index = "0", paramLabel = "IN", description = "The video to colorize.")
  Path input;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true,
      description = "The colorized video (mp4, m4v, mov, mkv, avi or webm).")
  Path output;

  @Option(names = "--force", description = "Replace an existing OUT.")
  boolean force;

  @Option(names = "--codec", paramLabel = "CODEC",
      description = "The video codec: h264 (default; mp4, m4v, mov, mkv, avi), vp9 (default of "
          + "webm), av1 (10-bit; mp4, mkv, webm), ffv1 (10-bit 4:4:4 lossless; mkv, avi) or "
          + "prores (10-bit 422 HQ; mov, mkv). The 10-bit ones keep the colors steadiest.")
  String codec;

  @Option(names = "--bits-per-pixel", paramLabel = "BITS", defaultValue = "0.25",
      description = "Video bit rate of h264, vp9 and av1, in bits per pixel and frame, in (0, 24] "
          + "(default: ${DEFAULT-VALUE}; at least 200 kbit/s); ffv1 and prores ignore it.")
  double bitsPerPixel;

  @Option(names = "--temporal", paramLabel = "on|off", defaultValue = "on",
      description = "Smooth the colors over time (default: ${DEFAULT-VALUE}); off colorizes "
          + "each frame alone, as a photo.")
  Switch temporal;

  @Option(names = "--smoothing", paramLabel = "W",
      defaultValue = "" + TemporalOptions.DEFAULT_SMOOTHING,
      description = "Weight of the past in [0, 0.99] (default: ${DEFAULT-VALUE}): higher is "
          + "steadier and slower to follow changes (memory ~ 1/(1-W) frames).")
  double smoothing;

  @Option(names = "--cut-threshold", paramLabel = "SHARE",
      defaultValue = "" + TemporalOptions.DEFAULT_CUT_THRESHOLD,
      description = "A scene cut, where smoothing starts afresh, is declared when more than "
          + "this share of the frame is new (default: ${DEFAULT-VALUE}; 1 = never).")
  double cutThreshold;

  @Option(names = {"--motion", "--flow"}, paramLabel = "on|off", defaultValue = "on",
      description = "Let the colors follow the motion (block matching) before blending "
          + "(default: ${DEFAULT-VALUE}); off assumes a still camera.")
  Switch motion;

  @Option(names = "--search-radius", paramLabel = "CELLS",
      defaultValue = "" + TemporalOptions.DEFAULT_SEARCH_RADIUS,
      description = "How far motion is searched per frame, in cells of the network's output "
          + "(4 network pixels each), 1 to 8 (default: ${DEFAULT-VALUE}).")
  int searchRadius;

  @Option(names = "--batch", paramLabel = "FRAMES", defaultValue = "1",
      description = "Frames per network run (default: ${DEFAULT-VALUE}).")
  int batch;

  @Mixin
  ColorizerOptions colorizer;

  @Mixin
  Verbosity verbosity;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    TemporalOptions options;
    VideoCodec videoCodec;
    try {
      options = new TemporalOptions(temporal == Switch.on, smoothing, cutThreshold,
          motion == Switch.on, searchRadius);
      videoCodec = codec == null ? null : VideoCodec.of(codec);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    // Before the model loads: the cheap mistakes fail at once.
    if (!Files.exists(input)) {
      throw new NoSuchFileException(input.toString());
    }
    if (!force && Files.exists(output)) {
      throw new FileAlreadyExistsException(output.toString());
    }
    if (videoCodec == VideoCodec.AV1) {
      // SVT-AV1 prints its settings to stderr unless told otherwise: warnings and errors only.
      NativeEnvironment.setIfAbsent("SVT_LOG", "2");
    }
        CopyOption[] copy = force ? new CopyOption[] {StandardCopyOption.REPLACE_EXISTING}
        : new CopyOption[0];
    ProgressBar[] bar = new ProgressBar[1];
    VideoColorizer.Builder builder = VideoColorizer.builder().colorizer(colorizer.builder())
        .temporal(options).progress(p -> {
          if (bar[0] == null) {
            bar[0] = Progress.bar("video", Math.max(1, p.totalFrames()), " frames");
          }
          if (p.frames() > bar[0].getMax()) {
            bar[0].maxHint(p.frames());
          }
          bar[0].stepTo(p.frames());
        });
    try {
      builder.batchSize(batch).bitsPerPixel(bitsPerPixel);
      if (videoCodec != null) {
        builder.codec(videoCodec);
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    VideoReport report;
    try (VideoColorizer video = builder.build()) {
      try {
        report = video.colorize(input, output, copy);
      } finally {
        if (bar[0] != null) {
          bar[0].close();
        }
      }
    }
    spec.commandLine().getOut().printf(Locale.ROOT,
        "%s -> %s: %d frames, %d scene cuts, %d audio stream(s) copied, %.1f s (%.1f frames/s)%n",
        input, output, report.frames(), report.sceneCuts(), report.audioStreams(),
        report.elapsedNanos() / 1e9, report.framesPerSecond());
    return 0;
  }
}
