package io.github.colorize.cli.serve;

import io.github.colorize.Colorizer;
import io.github.colorize.model.ModelMetadata;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * The body of {@code GET /api/info}: what the server runs and accepts.
 *
 * @param model the model and its card
 * @param backend the engine
 * @param device where the network runs, e.g. {@code cpu}
 * @param limits what a request may send
 * @param inputFormats the image formats the decoder reads
 * @param outputFormats the formats {@code format=} takes
 */
record ServerInfo(Model model, Backend backend, String device, Limits limits,
    Set<String> inputFormats, List<String> outputFormats) {

  /** Longest model card summary given. */
  static final int CARD_SUMMARY_CHARS = 400;

  /** The model: where from, its card's first paragraph, how it decodes. */
  record Model(String source, String card, String outputKind, int bins, int inputSize,
      double temperature) {}

  /** The engine by name and version. */
  record Backend(String name, String version) {}

  /** The request limits; the temperature range is the page slider's too. */
  record Limits(long maxUploadBytes, long maxPixels, int maxConcurrent, int queue,
      int minSize, int maxSize, double minTemperature, double maxTemperature) {}

  static ServerInfo of(Colorizer c, ServeConfig config) {
    ModelMetadata m = c.metadata();
    int side = c.networkSize(4096, 4096).width();
    Model model = new Model(c.modelSource(), summary(m.modelCard()), m.outputKind().toString(),
        m.binCount(), side, c.temperature());
    Set<String> formats = new TreeSet<>();
    for (String name : ImageIO.getReaderFormatNames()) {
      formats.add(name.toLowerCase(Locale.ROOT));
    }
    return new ServerInfo(model, new Backend(c.backendName(), c.backendVersion()),
        c.device().toString(), new Limits(config.maxUploadBytes(), config.maxPixels(),
            config.maxConcurrent(), config.queue(), Colorizers.MIN_SIZE, Colorizers.MAX_SIZE,
            ColorizeApi.MIN_TEMPERATURE, ColorizeApi.MAX_TEMPERATURE),
        formats, List.of("png", "jpg"));
  }

  /** The card's first paragraph, cut at a word near {@value #CARD_SUMMARY_CHARS} chars. */
  static String summary(String card) {
    String text = card.strip();
    int paragraph = text.indexOf("\n\n");
    if (paragraph > 0) {
      text = text.substring(0, paragraph);
    }
    text = text.replaceAll("\\s+", " ");
    if (text.length() <= CARD_SUMMARY_CHARS) {
      return text;
    }
    int cut = text.lastIndexOf(' ', CARD_SUMMARY_CHARS);
    return text.substring(0, cut > 0 ? cut : CARD_SUMMARY_CHARS) + " ...";
  }
}
