package io.github.colorize.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task of the job run twice on one partition, as Spark does when an executor dies. */
class ColorizeFilesTest {

  @TempDir
  Path dir;

  @Test
  void aRetriedTaskCountsEachPhotoOnceAsDoneAndPublishesOneReportPart() throws Exception {
    Path in = dir.resolve("in");
    List<String> names = TestPhotos.write(in, 4);
    Configuration conf = new Configuration();
    List<String> photos = JobPreflight.photos(new org.apache.hadoop.fs.Path(in.toUri()), conf);
    assertThat(photos).hasSize(7);
    Path out = dir.resolve("out");
    Path report = out.resolve("_reports/run.parquet");
    ColorizeFiles task = new ColorizeFiles(ColorizeOptions.builder().size(64).build(),
        new HadoopConf(conf), "file:" + in, "file:" + out, "file:" + report, false,
        WriteMode.RENAME);
    List<PhotoTask> fresh = photos.stream().map(p -> new PhotoTask(p, false)).toList();

    // The first attempt dies at its fourth photo, as a task on a killed executor does.
    Iterator<PhotoTask> dying = new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public PhotoTask next() {
        if (next == 3) {
          throw new IllegalStateException("executor lost");
        }
        return fresh.get(next++);
      }
    };
    assertThatThrownBy(() -> task.call(0, dying)).hasMessage("executor lost");
    assertThat(out.resolve("box-a/1910/photo 02.jpg")).as("written before it died").exists();
    assertThat(report).as("a dead attempt publishes no report part").isEmptyDirectory();

    long[] retry = task.call(0, fresh.iterator()).next();
    assertThat(retry).as("done, skipped, failed").containsExactly(4, 0, 3);
    Map<String, String> statuses = statuses(report);
    assertThat(statuses).hasSize(7);
    for (String good : names.subList(0, 4)) {
      assertThat(statuses.get(in.resolve(good).toString())).as(good).isEqualTo("done");
      assertThat(out.resolve(good)).exists();
    }
    try (Stream<Path> files = Files.walk(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }

    // Outputs that existed when a run started are skipped, not read; unreadable photos retried.
    List<PhotoTask> rerun = photos.stream()
        .map(p -> new PhotoTask(p, !p.contains("broken"))).toList();
    assertThat(task.call(0, rerun.iterator()).next()).containsExactly(0, 4, 3);
  }

  private static Map<String, String> statuses(Path report) {
    Map<String, String> statuses = new HashMap<>();
    for (Row row : SharedSpark.session().read().parquet(report.toString()).collectAsList()) {
      String path = row.getString(0).replaceFirst("^file:", "");
      assertThat(statuses.put(path, row.getString(2))).as("once: " + path).isNull();
    }
    return statuses;
  }
}
