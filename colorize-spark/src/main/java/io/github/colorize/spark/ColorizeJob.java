package io.github.colorize.spark;

import io.github.colorize.image.ImageDecoder;
import io.github.colorize.image.ImageFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Colorizes a folder tree of photos on Spark into another, mirroring the relative paths.
 *
 * <pre>
 * spark-submit --class io.github.colorize.spark.ColorizeJob colorize-spark-job.jar \
 *     --input hdfs:///archive/scans --output hdfs:///archive/colorized
 * java -jar examples/spark/target/colorize-spark.jar --input DIR --output DIR   # local[*]
 * </pre>
 *
 * <p>Each output is written atomically (a hidden temporary file in the same folder, then a
 * rename; on object stores in place, see {@link WriteMode}). Outputs that exist are skipped
 * unless {@code --overwrite}, so a rerun after a crash does only what is missing; temporary files
 * a killed task left are removed. A photo that cannot be read is a {@code failed} row, never a
 * failed job. Each run writes its own report, {@code _reports/<UTC time>.parquet} (one row per
 * photo: path, output, status, error, width, height, millis) into the output folder and prints
 * one summary line. Exit status 0 when the job ran (failed photos are in the report), 1 when it
 * could not run, 2 for bad arguments.
 */
@Command(name = "colorize-spark", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Colorizes every photo under --input into --output on Spark.")
public final class ColorizeJob implements Callable<Integer> {

  /**
   * The folder of the reports in the output folder: one Parquet report per run, named by the
   * run's start in UTC, e.g. {@code _reports/2026-12-07T14-05-03Z.parquet}, so that names sort
   * by time.
   */
  public static final String REPORTS = "_reports";

  private static final DateTimeFormatter REPORT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);

  /** Loopback, where a local master binds unless the user chose otherwise. */
  static final String LOOPBACK = "127.0.0.1";

  /** Output formats of {@code --format}. */
  enum Format {
    JPG(ImageFormat.JPEG), PNG(ImageFormat.PNG);

    final ImageFormat format;

    Format(ImageFormat format) {
      this.format = format;
    }
  }

  @Option(names = "--input", required = true, paramLabel = "URI",
      description = "Folder of photos (searched recursively): a path or file:, hdfs:, s3a: URI.")
  String input;

  @Option(names = "--output", required = true, paramLabel = "URI",
      description = "Folder for the results, with the input's relative paths.")
  String output;

  @Option(names = "--model", paramLabel = "URI",
      description = "ONNX model file, or the name of a model pulled on this machine (eccv16, "
          + "see 'colorize models'; default: the embedded model).")
  String model;

  @Option(names = "--backend", paramLabel = "NAME",
      description = "Engine that runs the network, e.g. onnx or dl4j (default: the best on the"
          + " class path).")
  String backend;

  @Option(names = "--temperature", paramLabel = "T",
      description = "Annealed-mean temperature: 0 = vivid mode, 1 = flat mean (default: the "
          + "model's).")
  Double temperature;

  @Option(names = "--size", paramLabel = "N",
      description = "Network input side, a multiple of 8 (default: the model's).")
  Integer size;

  @Option(names = "--format", paramLabel = "jpg|png",
      description = "Output format (default: the input's; gif becomes png).")
  Format format;

  @Option(names = "--overwrite", description = "Redo photos whose output exists.")
  boolean overwrite;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Spark partitions (default: 4 per core, at least one per 1000 photos).")
  Integer partitions;

  @Option(names = "--write-mode", paramLabel = "auto|rename|direct",
      description = "How outputs are written: rename (a hidden temporary file, then renamed:"
          + " atomic on hdfs and local disks), direct (in place: atomic on object stores, where"
          + " a rename is a copy), auto (direct for s3a, gs, wasb, abfs...; rename otherwise;"
          + " the default).")
  WriteMode writeMode = WriteMode.AUTO;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master, e.g. local[4] or spark://host:7077 (default: the one "
          + "spark-submit gives, else local[*]).")
  String master;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** The session {@link #main} started, to stop before the JVM exits. */
  private static volatile SparkContext started;

  /** Runs the job; the JVM exits with its status. */
  public static void main(String[] args) {
    // What Spark's launcher sets on Java 17 (Arrow's buffers); harmless where it is set already.
    if (System.getProperty("io.netty.tryReflectionSetAccessible") == null) {
      System.setProperty("io.netty.tryReflectionSetAccessible", "true");
    }
    int status = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    // Only a session this run started: touching Spark otherwise would start its logging.
    if (started != null) {
      started.stop();
    }
    System.exit(status);
  }

  /**
   * Runs the job in this JVM, on the running Spark context if there is one (it is left
   * running), else on a new one.
   *
   * @return the exit status
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new ColorizeJob());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, command, parsed) -> {
      command.getErr().println("colorize-spark: error: " + oneLine(e));
      command.getErr().flush();
      return 1;
    });
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    // A model name (eccv16) becomes its file in this machine's model cache; on a cluster every
    // executor must see that path too.
    model = io.github.colorize.model.catalog.ModelNames.resolve(model)
        .map(path -> path.toUri().toString()).orElse(model);
    ColorizeOptions options = options();
    // Every check before Spark starts: a bad argument costs no cluster time and prints one
    // line, not Spark's start-up logging first.
    Configuration conf = hadoopConf();
    Path in = JobPreflight.inputFolder(input, conf);
    JobPreflight.model(model, conf);
    List<String> photos = JobPreflight.photos(in, conf);
    if (photos.isEmpty()) {
      throw new JobException("no photos (" + String.join(", ", ImageDecoder.PHOTO_EXTENSIONS)
          + ") under input folder " + input);
    }
    JobPreflight.distinctOutputs(photos, in, options.format());
    JobPreflight.outputOutsideInput(output, in, conf);
    // Spark starts while the colorizer loads: each takes seconds, mostly on one thread.
    FutureTask<SparkContext> starting = new FutureTask<>(this::sparkContext);
    Thread starter = new Thread(starting, "colorize-spark-start");
    starter.setContextClassLoader(Thread.currentThread().getContextClassLoader());
    starter.setDaemon(true);
    starter.start();
    try {
      // Fails a bad model here, once, rather than in every task; in local mode the tasks then
      // share this colorizer.
      ExecutorColorizers.get(options, conf,
          Integer.parseInt(System.getProperty("spark.task.cpus", "1")));
    } catch (RuntimeException e) {
      throw new JobException("cannot use model " + (model == null ? "(embedded)" : model)
          + (backend == null ? "" : " on backend " + backend) + ": " + oneLine(e), e);
    }
    Path out = JobPreflight.outputFolder(output, conf);
    WriteMode mode = writeMode.resolve(out.toUri().getScheme());
    FileSystem outFs = outputFileSystem(out, conf);
    // Outputs of earlier runs are skipped; those this run's retried tasks write are done. The
    // walk also removes the temporary files of a killed earlier run.
    Set<String> existing = scan(outFs, out).outputs();
    int root = in.toUri().getPath().length() + 1;
    List<PhotoTask> tasks = new ArrayList<>(photos.size());
    for (String photo : photos) {
      String relative = URI.create(photo).getPath().substring(root);
      tasks.add(new PhotoTask(photo,
          !overwrite && existing.contains(OutputNames.outputName(relative, options.format()))));
    }
    Path report = reportPath(outFs, out);

    SparkContext spark = started(starting);
    conf = spark.hadoopConfiguration();
    long start = System.nanoTime();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark);
    int slices = partitions != null ? partitions
        : Math.min(photos.size(), Math.max(jsc.defaultParallelism() * 4,
            (photos.size() + 999) / 1000));
    List<long[]> parts = jsc.parallelize(tasks, slices).mapPartitionsWithIndex(
        new ColorizeFiles(options, new HadoopConf(conf), in.toString(), out.toString(),
            report.toString(), overwrite, mode), false).collect();
    // Tasks that died (killed executors) leave their temporary files: remove them.
    scan(outFs, out);
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] counts = new long[3];
    for (long[] part : parts) {
      for (int i = 0; i < counts.length; i++) {
        counts[i] += part[i];
      }
    }
    long done = counts[0];
    long skipped = counts[1];
    long failed = counts[2];
    spec.commandLine().getOut().printf(Locale.ROOT,
        "colorize-spark: done %d, skipped %d, failed %d, %.2f photos/s (%d photos in %.1f s);"
            + " report %s%n", done, skipped, failed, (done + failed) / seconds, photos.size(),
        seconds, report);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static FileSystem outputFileSystem(Path out, Configuration conf) {
    try {
      return HadoopFiles.fileSystem(out, conf);
    } catch (IOException e) {
      throw new JobException("cannot use output folder " + out + ": " + e.getMessage(), e);
    }
  }

  private static OutputScan.Result scan(FileSystem fs, Path out) {
    try {
      return OutputScan.scan(fs, out);
    } catch (IOException e) {
      throw new JobException("cannot list output folder " + out + ": " + e.getMessage(), e);
    }
  }

  /** This run's report, {@code _reports/<now>.parquet}, with a suffix if that name is taken. */
  private static Path reportPath(FileSystem fs, Path out) {
    String time = REPORT_TIME.format(Instant.now());
    try {
      Path report = new Path(out, REPORTS + "/" + time + ".parquet");
      for (int i = 2; fs.exists(report); i++) {
        report = new Path(out, REPORTS + "/" + time + "-" + i + ".parquet");
      }
      return report;
    } catch (IOException e) {
      throw new JobException("cannot use report folder " + new Path(out, REPORTS) + ": "
          + e.getMessage(), e);
    }
  }

  private ColorizeOptions options() {
    ColorizeOptions.Builder builder = ColorizeOptions.builder();
    try {
      if (model != null) {
        builder.model(model);
      }
      if (backend != null) {
        builder.backend(backend);
      }
      if (temperature != null) {
        builder.temperature(temperature);
      }
      if (size != null) {
        builder.size(size);
      }
      if (format != null) {
        builder.format(format.format);
      }
      if (partitions != null && partitions < 1) {
        throw new IllegalArgumentException("--partitions is " + partitions + ", expected >= 1");
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    return builder.build();
  }

  /**
   * What the driver's Hadoop configuration will be: the defaults and {@code spark.hadoop.*} of
   * the system properties, where spark-submit puts the driver's configuration. (Not from a
   * SparkConf: making one starts Spark's logging, before the one line a bad argument gets.)
   */
  private static Configuration hadoopConf() {
    Configuration conf = new Configuration();
    String prefix = "spark.hadoop.";
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith(prefix)) {
        conf.set(name.substring(prefix.length()), System.getProperty(name));
      }
    }
    return conf;
  }

  /** The context {@code starting} made, or its failure as one line. */
  private static SparkContext started(FutureTask<SparkContext> starting) {
    try {
      return starting.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobException("interrupted while Spark started", e);
    } catch (ExecutionException e) {
      throw new JobException("cannot start Spark: " + oneLine(e.getCause()), e.getCause());
    }
  }

  /**
   * The running Spark context, or a new one. The job uses Spark's core only, not Spark SQL:
   * starting Spark SQL costs more than colorizing a few hundred photos.
   */
  private SparkContext sparkContext() {
    // Before Spark's configuration classes load: their defaults look up the machine's first
    // outside address (and warn that Spark "uses" it) unless a host name is set. SparkConf
    // reads spark.* from the system properties, as here.
    if ((master != null ? master : System.getProperty("spark.master", "local[*]"))
        .startsWith("local") && System.getProperty("spark.driver.host") == null
        && System.getenv("SPARK_LOCAL_IP") == null
        && System.getenv("SPARK_LOCAL_HOSTNAME") == null) {
      org.apache.spark.util.Utils.setCustomHostname(LOOPBACK);
    }
    SparkConf sparkConf = sparkConf(master);
    // A session of the caller's (the tests') holds a context already: use it, leave it running.
    boolean fresh = SparkSession.getActiveSession().isEmpty()
        && SparkSession.getDefaultSession().isEmpty();
    SparkContext context = SparkContext.getOrCreate(sparkConf);
    if (fresh) {
      started = context;
    }
    return context;
  }

  /**
   * The job's Spark configuration: {@code spark.*} system properties (what spark-submit gives),
   * the master ({@code master} if not null, else spark-submit's, else {@code local[*]}). A local
   * master binds and advertises loopback only (unless {@code spark.driver.host} or {@code
   * spark.driver.bindAddress} are set): one machine needs no outside interface, and Spark's
   * default would pick the machine's first outside address. A cluster's settings are left alone.
   */
  static SparkConf sparkConf(String master) {
    SparkConf sparkConf = new SparkConf().setAppName("colorize");
    if (master != null) {
      sparkConf.setMaster(master);
    } else if (!sparkConf.contains("spark.master")) {
      sparkConf.setMaster("local[*]");
    }
    if (sparkConf.get("spark.master").startsWith("local")) {
      if (!sparkConf.contains("spark.driver.host")) {
        sparkConf.set("spark.driver.host", LOOPBACK);
      }
      if (!sparkConf.contains("spark.driver.bindAddress")) {
        sparkConf.set("spark.driver.bindAddress", LOOPBACK);
      }
      if (!sparkConf.contains("spark.ui.enabled")) {
        // One machine, one short run: the web UI's start-up is not worth its seconds.
        sparkConf.set("spark.ui.enabled", "false");
      }
    }
    return sparkConf;
  }

  /** The failure's message on one line (a list such as the backends found joins the line). */
  private static String oneLine(Throwable e) {
    return PhotoColorizer.describe(e).lines().map(String::strip).filter(l -> !l.isEmpty())
        .collect(Collectors.joining(" "));
  }

}
