package io.github.colorize.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

  @TempDir Path dir;

  @Test
  void scansRecursivelyInStableOrderAndSkipsOtherFiles() throws Exception {
    Files.createDirectories(dir.resolve("b/sub"));
    Files.write(dir.resolve("b/sub/z.PNG"), new byte[] {1});
    Files.write(dir.resolve("a.jpg"), new byte[] {2});
    Files.write(dir.resolve("b/c.jpeg"), new byte[] {3});
    Files.write(dir.resolve("notes.txt"), new byte[] {4});

    ImageFolder folder = ImageFolder.scan(List.of(dir));

    assertThat(folder.files()).extracting(p -> dir.relativize(p).toString().replace('\\', '/'))
        .containsExactly("a.jpg", "b/c.jpeg", "b/sub/z.PNG");
  }

  @Test
  void manifestHashDependsOnContentAndNamesNotLocation(@TempDir Path other) throws Exception {
    Files.write(dir.resolve("a.jpg"), new byte[] {1, 2, 3});
    Files.write(other.resolve("a.jpg"), new byte[] {1, 2, 3});
    String first = ImageFolder.scan(List.of(dir)).manifestSha256();
    assertThat(ImageFolder.scan(List.of(other)).manifestSha256()).isEqualTo(first);

    Files.write(other.resolve("a.jpg"), new byte[] {1, 2, 4});
    assertThat(ImageFolder.scan(List.of(other)).manifestSha256()).isNotEqualTo(first);
  }

  @Test
  void rejectsMissingAndEmptyFolders() {
    assertThatThrownBy(() -> ImageFolder.scan(List.of(dir.resolve("missing"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    assertThatThrownBy(() -> ImageFolder.scan(List.of(dir)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no images");
  }
}
