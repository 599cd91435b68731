package io.github.colorize.quant;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the small numeric tables this package ships as data (whitespace-separated numbers, one row
 * per line) and checks them against the row count and checksum they were released with.
 */
final class ReferenceTables {

  private ReferenceTables() {}

  /**
   * Loads a classpath resource next to this class, checking its shape and the SHA-256 of its
   * values (as big-endian IEEE doubles, so line endings and number formatting do not matter).
   *
   * @throws IllegalStateException if the resource is missing, malformed or not the released table
   */
  static double[][] loadChecked(String resource, int rows, int columns, String sha256) {
    String name = ReferenceTables.class.getPackageName().replace('.', '/') + "/" + resource;
    try (InputStream in = ReferenceTables.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("classpath resource " + name + " is missing");
      }
      double[][] table;
      try {
        table = parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)),
            "classpath resource " + name, columns);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      if (table.length != rows) {
        throw new IllegalStateException(String.format(
            "classpath resource %s has %d rows, expected %d", name, table.length, rows));
      }
      String actual = sha256(table);
      if (!actual.equals(sha256)) {
        throw new IllegalStateException(String.format("classpath resource %s is not the released"
            + " table: SHA-256 of its values is %s, expected %s", name, actual, sha256));
      }
      return table;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read classpath resource " + name, e);
    }
  }

  /**
   * Parses rows of {@code columns} numbers; blank lines are skipped.
   *
   * @throws IllegalArgumentException naming the source and line of a malformed row
   */
  static double[][] parse(BufferedReader reader, String source, int columns) throws IOException {
    List<double[]> rows = new ArrayList<>();
    String line;
    int lineNumber = 0;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] fields = trimmed.split("\\s+");
      if (fields.length != columns) {
        throw new IllegalArgumentException(String.format("%s line %d has %d numbers, expected %d:"
            + " '%s'", source, lineNumber, fields.length, columns, trimmed));
      }
      double[] row = new double[columns];
      for (int c = 0; c < columns; c++) {
        try {
          row[c] = Double.parseDouble(fields[c]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(String.format("%s line %d: '%s' is not a number",
              source, lineNumber, fields[c]), e);
        }
        if (!Double.isFinite(row[c])) {
          throw new IllegalArgumentException(String.format("%s line %d: %s is not finite",
              source, lineNumber, fields[c]));
        }
      }
      rows.add(row);
    }
    return rows.toArray(new double[0][]);
  }

  /** SHA-256 of the values, row by row, as big-endian IEEE doubles, in lowercase hex. */
  static String sha256(double[][] table) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      ByteBuffer buffer = ByteBuffer.allocate(Double.BYTES);
      for (double[] row : table) {
        for (double v : row) {
          buffer.clear();
          buffer.putDouble(v);
          digest.update(buffer.array());
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
