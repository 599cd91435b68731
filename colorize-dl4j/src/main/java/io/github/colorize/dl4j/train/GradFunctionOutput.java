package io.github.colorize.dl4j.train;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.nd4j.autodiff.samediff.SameDiff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a SameDiff gradient function without its console noise: {@code createGradFunction()} in
 * 1.0.0-M2.1 prints "Added differentiated op ..." to {@code System.out} for every op. While it runs,
 * those lines go to this class's TRACE log; every other line printed meanwhile (by any thread) is
 * passed on to the real {@code System.out} unchanged.
 */
final class GradFunctionOutput {

  private static final Logger LOG = LoggerFactory.getLogger(GradFunctionOutput.class);
  private static final String NOISE = "Added differentiated op ";

  private GradFunctionOutput() {}

  static synchronized void create(SameDiff sd) {
    PrintStream original = System.out;
    PrintStream filter = new PrintStream(new LineFilter(original), true, StandardCharsets.UTF_8);
    System.setOut(filter);
    try {
      sd.createGradFunction();
    } finally {
      filter.flush();
      System.setOut(original);
    }
  }

  /** Splits what is written into lines, logs the noise and forwards the rest. */
  private static final class LineFilter extends java.io.OutputStream {
    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineFilter(PrintStream target) {
      this.target = target;
    }

    @Override
    public synchronized void write(int b) {
      line.write(b);
      if (b == '\n') {
        emit();
      }
    }

    @Override
    public synchronized void flush() {
      if (line.size() > 0) {
        emit();
      }
      target.flush();
    }

    private void emit() {
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      if (text.startsWith(NOISE)) {
        LOG.trace("{}", text.strip());
      } else {
        target.print(text);
      }
    }
  }
}
