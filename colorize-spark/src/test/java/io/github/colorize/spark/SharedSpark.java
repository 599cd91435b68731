package io.github.colorize.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One local[2] Spark session for all the tests of this module: starting one costs seconds, so
 * it is started once and stopped when the test JVM exits.
 */
final class SharedSpark {

  private static SparkSession session;

  private SharedSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder().master("local[2]").appName("colorize-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop, "spark-tests-stop"));
    }
    return session;
  }
}
