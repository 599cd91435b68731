package io.github.colorize.training.train;

import io.github.colorize.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws the loss curve (raw and smoothed) and the validation AuC of a run to a PNG. */
public final class LossPlot {

  private LossPlot() {}

  /** Writes {@code file} (PNG) atomically from the log's rows. */
  public static void write(Path file, String title, List<TrainingLog.Step> steps,
      List<TrainingLog.Validation> validations) throws IOException {
    if (steps.isEmpty()) {
      return;
    }
    XYChart chart = new XYChartBuilder().width(900).height(500).title(title)
        .xAxisTitle("iteration").yAxisTitle("loss").build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    chart.getStyler().setMarkerSize(6);
    chart.getStyler().setYAxisDecimalPattern("#0.00");
    // Plain iteration numbers, spaced so that 5-digit labels never run together.
    chart.getStyler().setXAxisDecimalPattern("#0");
    chart.getStyler().setXAxisTickMarkSpacingHint(120);
    int n = steps.size();
    double[] x = new double[n];
    double[] loss = new double[n];
    double[] smooth = new double[n];
    double ema = steps.get(0).loss();
    double alpha = 2.0 / (Math.min(200, Math.max(2, n / 20)) + 1);
    for (int i = 0; i < n; i++) {
      x[i] = steps.get(i).iteration();
      loss[i] = steps.get(i).loss();
      ema = alpha * loss[i] + (1 - alpha) * ema;
      smooth[i] = ema;
    }
    XYSeries raw = chart.addSeries("loss", x, loss);
    raw.setLineColor(new java.awt.Color(0, 0, 0, 40));
    raw.setMarker(SeriesMarkers.NONE);
    chart.addSeries("loss (moving average)", x, smooth).setMarker(SeriesMarkers.NONE);
    if (!validations.isEmpty()) {
      double[] vx = validations.stream().mapToDouble(TrainingLog.Validation::iteration).toArray();
      double[] auc = validations.stream().mapToDouble(TrainingLog.Validation::aucRebalanced)
          .toArray();
      XYSeries val = chart.addSeries("val rebalanced AuC %", vx, auc);
      val.setYAxisGroup(1);
      val.setMarker(SeriesMarkers.CIRCLE);
      chart.setYAxisGroupTitle(1, "rebalanced AuC (%)");
    }
    AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out,
        BitmapEncoder.BitmapFormat.PNG));
  }
}
