package io.github.colorize.training.eval;

import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The result of evaluating a model on an image folder, beside the gray baseline (ab = 0) on the
 * same pixels.
 *
 * @param model what was evaluated (a file name)
 * @param images images scored
 * @param failed images that could not be read
 * @param noColor grayscale images, left out of the scores (no colors to compare with)
 * @param pixels pixels scored
 * @param prior which prior weighted the rebalanced AuC ("model" or "imagenet")
 * @param temperature the annealed-mean temperature used
 * @param result the model's metrics
 * @param gray the gray baseline's metrics
 */
public record EvaluationReport(String model, int images, int failed, int noColor, long pixels,
    String prior, double temperature, Metrics result, Metrics gray) {

  /** A report of photos that all had color. */
  public EvaluationReport(String model, int images, int failed, long pixels, String prior,
      double temperature, Metrics result, Metrics gray) {
    this(model, images, failed, 0, pixels, prior, temperature, result, gray);
  }

  /**
   * One JSON object: {@code images}, {@code failed}, {@code noColor}, {@code auc}, {@code aucRebalanced}, {@code psnrAb},
   * {@code gray.auc}, {@code gray.aucRebalanced}, {@code gray.psnrAb}, and what was evaluated.
   */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model", model);
    json.put("images", images);
    json.put("failed", failed);
    json.put("noColor", noColor);
    json.put("pixels", pixels);
    json.put("prior", prior);
    json.put("temperature", temperature);
    json.put("auc", result.auc());
    json.put("aucRebalanced", result.aucRebalanced());
    json.put("psnrAb", result.psnrAb());
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("auc", gray.auc());
    g.put("aucRebalanced", gray.aucRebalanced());
    g.put("psnrAb", gray.psnrAb());
    json.put("gray", g);
    return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
        .toJson(json);
  }

  /** A small table for people. */
  public String toTable() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%s on %d images (%d unreadable%s), T = %.3g, "
        + "rebalanced with the %s prior%n", model, images, failed, noColor == 0 ? ""
            : ", " + noColor + " grayscale left out", temperature, prior));
    s.append(String.format(Locale.ROOT, "%-10s %8s %16s %10s%n", "", "AuC %", "rebalanced AuC %",
        "PSNR ab"));
    s.append(row("model", result)).append(row("gray", gray));
    s.append(String.format(Locale.ROOT, "%-10s %+8.2f %+16.2f %+10.2f%n", "vs gray",
        result.auc() - gray.auc(), result.aucRebalanced() - gray.aucRebalanced(),
        result.psnrAb() - gray.psnrAb()));
    return s.toString();
  }

  private static String row(String name, Metrics m) {
    return String.format(Locale.ROOT, "%-10s %8.2f %16.2f %10.2f%n", name, m.auc(),
        m.aucRebalanced(), m.psnrAb());
  }
}
