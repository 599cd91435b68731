package io.github.colorize.training.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.github.colorize.image.ImageDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The image files under one or more folders, found recursively, in a stable order (sorted by
 * path relative to their root, roots in the order given), so that a seed fixes the data order.
 *
 * @param roots the folders scanned
 * @param files the image files found, those of the first root first
 * @param rootCounts how many of {@code files} each root holds, in the order of {@code roots}
 */
public record ImageFolder(List<Path> roots, List<Path> files, List<Integer> rootCounts) {

  public ImageFolder {
    roots = List.copyOf(roots);
    files = List.copyOf(files);
    rootCounts = List.copyOf(rootCounts);
    checkArgument(roots.size() == rootCounts.size(), "%s roots but %s counts", roots.size(),
        rootCounts.size());
    checkArgument(rootCounts.stream().mapToInt(Integer::intValue).sum() == files.size(),
        "root counts %s do not add up to %s files", rootCounts, files.size());
  }

  /**
   * Scans {@code roots} recursively.
   *
   * @throws IllegalArgumentException if a root is not a directory or no image is found
   * @throws UncheckedIOException if a folder cannot be listed
   */
  public static ImageFolder scan(List<Path> roots) {
    checkNotNull(roots, "roots");
    checkArgument(!roots.isEmpty(), "no image folder given");
    List<Path> files = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (Path root : roots) {
      int before = files.size();
      checkArgument(Files.isDirectory(root), "image folder %s does not exist or is not a folder",
          root.toAbsolutePath());
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile)
            .filter(ImageFolder::hasImageExtension)
            .sorted(Comparator.comparing(p -> root.relativize(p).toString()))
            .forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list image folder " + root.toAbsolutePath(), e);
      }
      counts.add(files.size() - before);
    }
    checkArgument(!files.isEmpty(), "no images (%s) found under %s", ImageDecoder.PHOTO_EXTENSIONS, roots);
    return new ImageFolder(roots, files, counts);
  }

  /** Number of images. */
  public int size() {
    return files.size();
  }

  /** Photos per root, in the order of {@link #roots()}. */
  public int[] rootSizes() {
    return rootCounts.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Image number {@code i}. */
  public Path file(int i) {
    return files.get(i);
  }

  /**
   * SHA-256 over the manifest of this data: one line per image with its path relative to its
   * root, its size and the SHA-256 of its bytes. Two folders with the same photos under the same
   * names hash the same, wherever they are.
   */
  public String manifestSha256() {
    Hasher manifest = Hashing.sha256().newHasher();
    for (Path file : files) {
      Path root = roots.stream().filter(file::startsWith).findFirst().orElseThrow();
      try {
        byte[] bytes = Files.readAllBytes(file);
        String line = root.relativize(file).toString().replace('\\', '/') + "\t" + bytes.length
            + "\t" + Hashing.sha256().hashBytes(bytes) + "\n";
        manifest.putString(line, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
      }
    }
    return manifest.hash().toString();
  }

  private static boolean hasImageExtension(Path p) {
    return ImageDecoder.isPhotoName(p.getFileName().toString());
  }
}
