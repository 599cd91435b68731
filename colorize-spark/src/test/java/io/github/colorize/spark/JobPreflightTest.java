package io.github.colorize.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobPreflightTest {

  @TempDir
  Path dir;

  @Test
  void photosAreListedRecursivelySortedWithoutHiddenOnes() throws IOException {
    for (String name : List.of("b.jpg", "a/c.PNG", "a/deep/d.tif", "notes.txt", ".e.jpg",
        "_f.jpg", ".cache/g.jpg", "_tmp/h.jpg", "a/.i/j.jpg")) {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.write(file, new byte[] {1});
    }
    List<String> photos = JobPreflight.photos(
        new org.apache.hadoop.fs.Path(dir.toUri()), new Configuration());
    assertThat(photos).containsExactly(dir.resolve("a/c.PNG").toUri().toString(),
        dir.resolve("a/deep/d.tif").toUri().toString(), dir.resolve("b.jpg").toUri().toString());
  }
}
