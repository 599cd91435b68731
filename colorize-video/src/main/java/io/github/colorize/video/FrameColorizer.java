package io.github.colorize.video;

import io.github.colorize.decode.AnnealedMeanDecoder;
import io.github.colorize.image.Photo;
import io.github.colorize.pipeline.AbPlanes;
import io.github.colorize.pipeline.ColorizationPipeline;
import io.github.colorize.pipeline.PreparedImage;
import io.github.colorize.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Colorizes a video's frames in order, in batches: the photo pipeline's stages ({@link
 * ColorizationPipeline}: full-resolution L, the network, H, bilinear ab joined with the ORIGINAL
 * L) with the {@link TemporalFilter} between the network and H. Not thread-safe: one per video.
 */
final class FrameColorizer {

  private final ColorizationPipeline pipeline;
  private final TemporalFilter filter;
  private final AnnealedMeanDecoder decoder;

  FrameColorizer(ColorizationPipeline pipeline, TemporalOptions options) {
    this.pipeline = pipeline;
    this.filter = options.enabled() ? new TemporalFilter(options) : null;
    this.decoder = pipeline.outputsLogits()
        ? AnnealedMeanDecoder.of(pipeline.gamut(), pipeline.temperature()) : null;
  }

  /** The frames colorized, in order (the network runs once on all of them). */
  List<int[]> colorize(List<VideoFrame> frames) {
    List<PreparedImage> prepared = new ArrayList<>(frames.size());
    for (VideoFrame f : frames) {
      prepared.add(pipeline.prepare(Photo.ofArgb(f.width(), f.height(), f.argb(), false,
          "frame@" + f.timestampMicros())));
    }
    FloatTensor output = pipeline.runNetwork(pipeline.stack(prepared));
    List<int[]> out = new ArrayList<>(frames.size());
    for (int k = 0; k < frames.size(); k++) {
      PreparedImage image = prepared.get(k);
      FloatTensor ab;
      if (filter == null) {
        ab = pipeline.decode(output.item(k));
      } else {
        TemporalFilter.Step step = filter.apply(output.item(k), image.lightness(),
            image.size().width(), image.size().height());
        // Logits averaged are logits again: H decodes them as the network's own.
        ab = decoder != null ? decoder.decodeLogits(step.smoothed()) : step.smoothed();
      }
      AbPlanes planes = pipeline.upsample(ab, image.size());
      out.add(pipeline.compose(image, planes));
    }
    return out;
  }

  /** Scene cuts found so far (0 without temporal smoothing). */
  long cuts() {
    return filter == null ? 0 : filter.cuts();
  }
}
