package io.github.colorize.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing outputs on the local file system: atomic, and without Hadoop's per-file {@code chmod}
 * process (which doubled the job's CPU time per photo).
 */
class HadoopFilesTest {

  @TempDir
  Path dir;

  /** Hadoop's raw local file system, counting the mode changes it is asked for. */
  private final AtomicInteger permissionsSet = new AtomicInteger();
  private RawLocalFileSystem fs;

  @BeforeEach
  void openFileSystem() throws IOException {
    fs = new RawLocalFileSystem() {
      @Override
      public void setPermission(org.apache.hadoop.fs.Path path, FsPermission permission)
          throws IOException {
        permissionsSet.incrementAndGet();
        super.setPermission(path, permission);
      }
    };
    fs.initialize(java.net.URI.create("file:///"), new Configuration());
  }

  @Test
  void localOutputsAreRenamedIntoPlaceWithoutSettingTheirModeFileByFile() throws IOException {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(
        dir.resolve("a/b/photo.jpg").toUri());
    HadoopFiles.write(fs, target, new byte[] {1, 2, 3}, WriteMode.RENAME);
    HadoopFiles.write(fs, target, new byte[] {4, 5}, WriteMode.RENAME);

    assertThat(dir.resolve("a/b/photo.jpg")).hasBinaryContent(new byte[] {4, 5});
    assertThat(dir.resolve("a/b")).as("no temporary file left")
        .isDirectoryNotContaining(p -> !p.getFileName().toString().equals("photo.jpg"));
    assertThat(Files.isReadable(dir.resolve("a/b/photo.jpg"))).isTrue();
    // Each would have been a chmod process (the job jar has no Hadoop native library).
    assertThat(permissionsSet).hasValue(0);
  }

  @Test
  void directLocalOutputsReplaceInPlace() throws IOException {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(
        dir.resolve("photo.png").toUri());
    HadoopFiles.write(fs, target, new byte[] {1, 2, 3}, WriteMode.DIRECT);
    HadoopFiles.write(fs, target, new byte[] {9}, WriteMode.DIRECT);

    assertThat(dir.resolve("photo.png")).hasBinaryContent(new byte[] {9});
    assertThat(dir).isDirectoryContaining(p -> p.getFileName().toString().equals("photo.png"))
        .isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("."));
    assertThat(permissionsSet).hasValue(0);
  }

  @Test
  void createKeepsAnExistingFileUnlessToldToReplaceIt() throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(
        dir.resolve("part-00000.parquet").toUri());
    try (FSDataOutputStream out = HadoopFiles.create(fs, path, false)) {
      out.write(new byte[] {1, 2, 3});
      assertThat(out.getPos()).as("Parquet reads the position").isEqualTo(3);
    }
    assertThatThrownBy(() -> HadoopFiles.create(fs, path, false))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("part-00000.parquet");
    try (FSDataOutputStream out = HadoopFiles.create(fs, path, true)) {
      out.write(7);
    }
    assertThat(dir.resolve("part-00000.parquet")).hasBinaryContent(new byte[] {7});
    assertThat(permissionsSet).hasValue(0);
  }
}
