package io.github.colorize.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local run binds and talks on 127.0.0.1 only; a cluster's settings are left alone. */
class LoopbackTest {

  @TempDir
  Path dir;

  @Test
  void localMastersBindLoopbackUnlessTheUserChoseAnAddress() {
    SparkConf local = ColorizeJob.sparkConf("local[2]");
    assertThat(local.get("spark.driver.host")).isEqualTo("127.0.0.1");
    assertThat(local.get("spark.driver.bindAddress")).isEqualTo("127.0.0.1");
    SparkConf cluster = ColorizeJob.sparkConf("spark://archive-master:7077");
    assertThat(cluster.contains("spark.driver.host")).isFalse();
    assertThat(cluster.contains("spark.driver.bindAddress")).isFalse();
    System.setProperty("spark.driver.host", "10.1.2.3");
    try {
      assertThat(ColorizeJob.sparkConf("local[2]").get("spark.driver.host"))
          .isEqualTo("10.1.2.3");
    } finally {
      System.clearProperty("spark.driver.host");
    }
  }

  @Test
  void aLocalJobBindsAndTalksOnLoopbackOnly() throws Exception {
    assertThat(LoopbackSockets.available()).as("Linux /proc").isTrue();
    Path in = dir.resolve("in");
    TestPhotos.write(in, 4);
    SparkContext spark = SharedSpark.session().sparkContext();
    java.io.StringWriter err = new java.io.StringWriter();
    int status = ColorizeJob.run(new String[] {"--input", in.toString(), "--output",
        dir.resolve("out").toString(), "--size", "32"}, new java.io.PrintWriter(
        new java.io.StringWriter()), new java.io.PrintWriter(err));
    assertThat(status).as(err.toString()).isZero();

    assertThat(spark.conf().get("spark.driver.host")).isEqualTo("127.0.0.1");
    int driverPort = Integer.parseInt(spark.conf().get("spark.driver.port"));
    List<LoopbackSockets.Socket> sockets = LoopbackSockets.ofThisProcess();
    assertThat(sockets).as("Spark's driver RPC listens on loopback")
        .anyMatch(s -> s.listening() && s.localPort() == driverPort
            && s.local().isLoopbackAddress());
    assertThat(sockets).as("every socket of this JVM").allMatch(
        LoopbackSockets.Socket::loopbackOnly);
  }
}
