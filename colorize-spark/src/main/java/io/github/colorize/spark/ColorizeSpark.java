package io.github.colorize.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Colorizes photos on Spark: rows of Spark's {@code binaryFile} source in, one result row per
 * photo out.
 *
 * <pre>{@code
 * Dataset<Row> photos = spark.read().format("binaryFile")
 *     .option("recursiveFileLookup", "true").load("hdfs:///archive/scans");
 * Dataset<Row> colored = ColorizeSpark.colorize(photos, ColorizeOptions.builder()
 *     .model("hdfs:///models/colorize.onnx").temperature(0.38).build());
 * }</pre>
 *
 * <p>Each executor JVM builds one {@link io.github.colorize.Colorizer} for the options on first
 * use (reading the model once), shares it among its tasks, and closes it when the JVM exits. Each
 * run of the network uses {@code spark.task.cpus} engine threads. A photo that cannot be read
 * becomes a {@code failed} row; it never fails the job. Outputs are byte for byte what
 * {@code Colorizer.colorize(in, out)} writes on one machine with the same options.
 */
public final class ColorizeSpark {

  /** {@code done}: {@link #OUTPUT} holds the colorized photo. */
  public static final String DONE = "done";
  /** {@code skipped}: nothing to do (a row without content, or an output that exists). */
  public static final String SKIPPED = "skipped";
  /** {@code failed}: {@link #ERROR} says why. */
  public static final String FAILED = "failed";

  /** Column: the input's path, as given. */
  public static final String PATH = "path";
  /** Column: the encoded colorized photo (binary), or null. */
  public static final String OUTPUT = "output";
  /** Column: {@link #DONE}, {@link #SKIPPED} or {@link #FAILED}. */
  public static final String STATUS = "status";
  /** Column: why the photo failed, naming it, or null. */
  public static final String ERROR = "error";
  /** Column: the photo's width (after EXIF orientation), or null. */
  public static final String WIDTH = "width";
  /** Column: the photo's height (after EXIF orientation), or null. */
  public static final String HEIGHT = "height";
  /** Column: milliseconds spent on the photo. */
  public static final String MILLIS = "millis";

  /** The schema of {@link #colorize}'s result. */
  public static final StructType RESULT_SCHEMA = schema(DataTypes.BinaryType);

  private ColorizeSpark() {}

  /**
   * Colorizes each row's {@code content}. Lazy, as Spark is: nothing runs until an action. Rows
   * whose content is null are {@code skipped}.
   *
   * @param images rows with at least {@code path} (string) and {@code content} (binary), as the
   *     {@code binaryFile} source gives them
   * @return one row per input row with the columns of {@link #RESULT_SCHEMA}
   * @throws IllegalArgumentException if {@code images} lacks those columns
   */
  public static Dataset<Row> colorize(Dataset<Row> images, ColorizeOptions options) {
    checkNotNull(images, "images");
    checkNotNull(options, "options");
    StructType schema = images.schema();
    checkColumn(schema, PATH, DataTypes.StringType);
    checkColumn(schema, "content", DataTypes.BinaryType);
    HadoopConf conf = new HadoopConf(images.sparkSession().sparkContext().hadoopConfiguration());
    return images.select(PATH, "content")
        .mapPartitions(new ColorizeRows(options, conf), Encoders.row(RESULT_SCHEMA));
  }

  /** The result schema with {@code output} of the given type (binary here, a URI in reports). */
  static StructType schema(org.apache.spark.sql.types.DataType outputType) {
    return new StructType(new StructField[] {
        DataTypes.createStructField(PATH, DataTypes.StringType, false),
        DataTypes.createStructField(OUTPUT, outputType, true),
        DataTypes.createStructField(STATUS, DataTypes.StringType, false),
        DataTypes.createStructField(ERROR, DataTypes.StringType, true),
        DataTypes.createStructField(WIDTH, DataTypes.IntegerType, true),
        DataTypes.createStructField(HEIGHT, DataTypes.IntegerType, true),
        DataTypes.createStructField(MILLIS, DataTypes.LongType, false)});
  }

  private static void checkColumn(StructType schema, String name,
      org.apache.spark.sql.types.DataType type) {
    boolean found = Arrays.stream(schema.fields())
        .anyMatch(f -> f.name().equals(name) && f.dataType().equals(type));
    checkArgument(found, "images have no %s column of type %s (their schema: %s); read them with"
        + " spark.read().format(\"binaryFile\")", name, type.simpleString(),
        schema.simpleString());
  }
}
