package io.github.colorize.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  private long filesIn(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.count();
    }
  }

  @Test
  void writesAndReplaces() throws Exception {
    Path target = dir.resolve("a.bin");
    AtomicFiles.write(target, out -> out.write(new byte[] {1, 2}));
    AtomicFiles.write(target, out -> out.write(new byte[] {3}));
    assertThat(Files.readAllBytes(target)).containsExactly(3);
    assertThat(filesIn(dir)).isEqualTo(1);
  }

  @Test
  void writeNewRefusesAnExistingFile() throws Exception {
    Path target = dir.resolve("a.bin");
    AtomicFiles.writeNew(target, out -> out.write(7));
    assertThatThrownBy(() -> AtomicFiles.writeNew(target, out -> out.write(8)))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readAllBytes(target)).containsExactly(7);
    assertThat(filesIn(dir)).isEqualTo(1);
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporary() throws Exception {
    Path target = dir.resolve("a.bin");
    Files.write(target, new byte[] {9});
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      out.write(new byte[1000]);
      throw new IOException("disk on fire");
    })).hasMessage("disk on fire");
    assertThat(Files.readAllBytes(target)).containsExactly(9);
    assertThat(filesIn(dir)).isEqualTo(1);
  }

  @Test
  void aWrittenFileGetsTheSamePermissionsAsAnyNewFile() throws Exception {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions only");
    Path reference = Files.createFile(dir.resolve("reference"));
    Path target = dir.resolve("photo.jpg");
    AtomicFiles.writeNew(target, out -> out.write(1));
    AtomicFiles.write(dir.resolve("written.jpg"), out -> out.write(1));
    // Temp files are owner-only (rw-------); a user's output must not inherit that.
    assertThat(Files.getPosixFilePermissions(target))
        .isEqualTo(Files.getPosixFilePermissions(reference))
        .isEqualTo(Files.getPosixFilePermissions(dir.resolve("written.jpg")));
  }

  @Test
  void aMissingFolderIsAnError() {
    assertThatThrownBy(() -> AtomicFiles.write(dir.resolve("no/such/a.bin"), out -> out.write(1)))
        .isInstanceOf(NoSuchFileException.class);
  }
}
