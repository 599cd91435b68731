package io.github.colorize.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.Colorizer;
import io.github.colorize.ModelSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on an in-process HDFS (one name node, one data node, on 127.0.0.1): photos, model,
 * outputs and report on {@code hdfs://}, outputs identical to one machine's, reruns skipping,
 * both write modes, and an unreachable name node refused in one line.
 */
class HdfsTest {

  private static final int SIZE = 64;

  @TempDir
  static Path dir;

  private static MiniDFSCluster cluster;
  private static FileSystem hdfs;
  private static String root;

  @BeforeAll
  static void startHdfs() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    // No web UIs: nothing listens but the name and data nodes' RPC and transfer ports.
    conf.setBoolean("dfs.webhdfs.enabled", false);
    cluster = new MiniDFSCluster.Builder(conf, dir.resolve("hdfs").toFile())
        .numDataNodes(1).build();
    cluster.waitActive();
    hdfs = cluster.getFileSystem();
    root = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  @Test
  void photosModelOutputsAndReportOnHdfsAsOnOneMachine() throws Exception {
    Path local = dir.resolve("photos");
    List<String> photos = TestPhotos.write(local, 4);
    hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()),
        new org.apache.hadoop.fs.Path(root + "/archive/in"));
    Path model = dir.resolve("model.onnx");
    try (InputStream in = ModelSource.class.getClassLoader()
        .getResourceAsStream(ModelSource.DEFAULT_MODEL_RESOURCE)) {
      Files.copy(in, model);
    }
    hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(model.toUri()),
        new org.apache.hadoop.fs.Path(root + "/models/colorize.onnx"));
    String[] args = {"--input", root + "/archive/in", "--output", root + "/archive/out",
        "--model", root + "/models/colorize.onnx", "--size", String.valueOf(SIZE)};

    Result first = run(args);
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("colorize-spark: done 4, skipped 0, failed 3, ")
        .contains("report " + root + "/archive/out/_reports/");
    try (Colorizer colorizer = Colorizer.builder().model(model).inputSize(SIZE).build()) {
      for (String photo : photos.subList(0, 4)) {
        Path expected = dir.resolve("expected/" + photo);
        Files.createDirectories(expected.getParent());
        colorizer.colorize(local.resolve(photo), expected);
        assertThat(read(root + "/archive/out/" + photo)).as(photo)
            .isEqualTo(Files.readAllBytes(expected));
      }
    }
    assertThat(files(root + "/archive/out")).as("no temporary file left")
        .noneMatch(f -> f.endsWith(".tmp"))
        .filteredOn(f -> !f.contains("/_reports/")).hasSize(4);
    List<String> reports = files(root + "/archive/out/_reports");
    assertThat(SharedSpark.session().read().parquet(reports.get(0).replaceFirst("/part-.*", ""))
        .count()).isEqualTo(7);

    Result rerun = run(args);
    assertThat(rerun.out()).as(rerun.err()).startsWith(
        "colorize-spark: done 0, skipped 4, failed 3, ");

    // HDFS refuses to rename onto an existing file: --overwrite replaces it all the same.
    hdfs.delete(new org.apache.hadoop.fs.Path(root + "/archive/out/" + photos.get(0)), false);
    try (var out = hdfs.create(new org.apache.hadoop.fs.Path(root + "/archive/out/"
        + photos.get(0)))) {
      out.write(new byte[] {1, 2, 3});
    }
    Result overwrite = run(concat(args, "--overwrite"));
    assertThat(overwrite.out()).as(overwrite.err()).startsWith(
        "colorize-spark: done 4, skipped 0, failed 3, ");
    assertThat(read(root + "/archive/out/" + photos.get(0)))
        .isEqualTo(Files.readAllBytes(dir.resolve("expected/" + photos.get(0))));

    // Written in place (as on object stores): the same bytes, no temporary files either.
    String[] direct = args.clone();
    direct[3] = root + "/archive/direct";
    Result inPlace = run(concat(direct, "--write-mode", "direct"));
    assertThat(inPlace.out()).as(inPlace.err()).startsWith(
        "colorize-spark: done 4, skipped 0, failed 3, ");
    for (String photo : photos.subList(0, 4)) {
      assertThat(read(root + "/archive/direct/" + photo)).as(photo)
          .isEqualTo(Files.readAllBytes(dir.resolve("expected/" + photo)));
    }
    assertThat(files(root + "/archive/direct")).noneMatch(f -> f.endsWith(".tmp"));

    assertThat(LoopbackSockets.ofThisProcess()).as("HDFS and Spark sockets of this JVM")
        .allMatch(LoopbackSockets.Socket::loopbackOnly);
  }

  @Test
  void anUnreachableNameNodeIsOneErrorLine() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path output = dir.resolve("never-written");
    String input = "hdfs://127.0.0.1:" + port + "/archive/in";
    // Hadoop's client retries a refused connection 10 times, a second apart, by default.
    System.setProperty("spark.hadoop.ipc.client.connect.max.retries", "0");
    Result result;
    try {
      result = run("--input", input, "--output", output.toString());
    } finally {
      System.clearProperty("spark.hadoop.ipc.client.connect.max.retries");
    }
    assertThat(result.status()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines().toList()).singleElement().asString()
        .startsWith("colorize-spark: error: cannot read input folder " + input + ": ")
        .contains("Connection refused");
    assertThat(output).doesNotExist();
  }

  private static byte[] read(String uri) throws IOException {
    return HadoopFiles.read(hdfs, new org.apache.hadoop.fs.Path(uri));
  }

  private static List<String> files(String uri) throws IOException {
    List<String> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it =
        hdfs.listFiles(new org.apache.hadoop.fs.Path(uri), true);
    while (it.hasNext()) {
      files.add(it.next().getPath().toString());
    }
    return files;
  }

  private static String[] concat(String[] args, String... more) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private record Result(int status, String out, String err) {}

  private static Result run(String... args) {
    SharedSpark.session();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = ColorizeJob.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(status, out.toString(), err.toString());
  }
}
