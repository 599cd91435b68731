package io.github.colorize.training.train;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CSV log of a run: one row per step ({@code train.csv}) and one per validation
 * ({@code validation.csv}). On resume, rows past the checkpoint's step are dropped so the log
 * reads as one uninterrupted run.
 */
public final class TrainingLog implements AutoCloseable {

  static final String TRAIN_HEADER = "iteration,epoch,loss,images_per_second,learning_rate,"
      + "elapsed_seconds";
  static final String VALIDATION_HEADER = "iteration,images,auc,auc_rebalanced,psnr_ab,"
      + "gray_auc,gray_auc_rebalanced";

  /** One step's row. */
  public record Step(long iteration, double epoch, double loss, double imagesPerSecond,
      double learningRate, double elapsedSeconds) {}

  /** One validation's row. */
  public record Validation(long iteration, int images, double auc, double aucRebalanced,
      double psnrAb, double grayAuc, double grayAucRebalanced) {}

  private final Path trainCsv;
  private final Path validationCsv;
  private final BufferedWriter train;
  private final BufferedWriter validation;
  private final List<Step> steps = new ArrayList<>();
  private final List<Validation> validations = new ArrayList<>();

  private TrainingLog(Path dir, long keepThrough) throws IOException {
    Files.createDirectories(dir);
    this.trainCsv = dir.resolve("train.csv");
    this.validationCsv = dir.resolve("validation.csv");
    for (String line : truncate(trainCsv, TRAIN_HEADER, keepThrough)) {
      String[] f = line.split(",");
      steps.add(new Step(Long.parseLong(f[0]), Double.parseDouble(f[1]),
          Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
          Double.parseDouble(f[5])));
    }
    for (String line : truncate(validationCsv, VALIDATION_HEADER, keepThrough)) {
      String[] f = line.split(",");
      validations.add(new Validation(Long.parseLong(f[0]), Integer.parseInt(f[1]),
          Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
          Double.parseDouble(f[5]), Double.parseDouble(f[6])));
    }
    this.train = Files.newBufferedWriter(trainCsv, StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    this.validation = Files.newBufferedWriter(validationCsv, StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }

  /**
   * Opens the logs in {@code dir}, keeping rows up to iteration {@code keepThrough} (0 for a new
   * run: the files start over).
   */
  public static TrainingLog open(Path dir, long keepThrough) throws IOException {
    checkNotNull(dir, "dir");
    return new TrainingLog(dir, keepThrough);
  }

  /** Rewrites {@code file} with its header and the rows whose iteration is <= keepThrough. */
  private static List<String> truncate(Path file, String header, long keepThrough)
      throws IOException {
    List<String> kept = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("iteration")) {
          continue;
        }
        try {
          if (Long.parseLong(line.substring(0, line.indexOf(','))) <= keepThrough) {
            kept.add(line);
          }
        } catch (RuntimeException e) {
          // A row cut short by a kill: drop it.
        }
      }
    }
    List<String> content = new ArrayList<>();
    content.add(header);
    content.addAll(kept);
    Files.write(file, content, StandardCharsets.UTF_8);
    return kept;
  }

  /** Appends a step row. */
  public void step(Step s) throws IOException {
    steps.add(s);
    train.write(String.format(Locale.ROOT, "%d,%.5f,%.6f,%.3f,%.3g,%.1f%n", s.iteration(),
        s.epoch(), s.loss(), s.imagesPerSecond(), s.learningRate(), s.elapsedSeconds()));
  }

  /** Appends a validation row. */
  public void validation(Validation v) throws IOException {
    validations.add(v);
    validation.write(String.format(Locale.ROOT, "%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f%n",
        v.iteration(), v.images(), v.auc(), v.aucRebalanced(), v.psnrAb(), v.grayAuc(),
        v.grayAucRebalanced()));
    validation.flush();
  }

  /** Flushes both files (at checkpoints). */
  public void flush() throws IOException {
    train.flush();
    validation.flush();
  }

  /** Every step logged, resumed rows included. */
  public List<Step> steps() {
    return List.copyOf(steps);
  }

  /** Every validation logged, resumed rows included. */
  public List<Validation> validations() {
    return List.copyOf(validations);
  }

  @Override
  public void close() throws IOException {
    try {
      train.close();
    } finally {
      validation.close();
    }
  }
}
