package io.github.colorize.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One local[2] Spark session for all the tests of this module, configured as the job configures
 * a local master: starting one costs seconds, so it is started once and stopped when the test JVM
 * exits.
 */
final class SharedSpark {

  private static SparkSession session;

  private SharedSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      // The job's own configuration of a local master: loopback only, no web UI.
      session = SparkSession.builder().config(ColorizeJob.sparkConf("local[2]"))
          .appName("colorize-spark-tests")
          .config("spark.sql.shuffle.partitions", "2")
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop, "spark-tests-stop"));
    }
    return session;
  }
}
