package io.github.colorize.model.quantize;

import static com.google.common.base.Preconditions.checkArgument;

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
 * The photos of a calibration folder: every file below it with a photo's extension, in order of
 * their paths relative to the folder; at most {@code limit} of them, spread evenly over that order
 * (so that a folder sorted by source or subject is sampled across).
 *
 * @param folder the folder
 * @param files the chosen photos
 */
record CalibrationSet(Path folder, List<Path> files) {

  CalibrationSet {
    files = List.copyOf(files);
  }

  /**
   * Scans {@code folder}.
   *
   * @throws IllegalArgumentException if it is not a folder or holds no file with a photo's
   *     extension
   */
  static CalibrationSet scan(Path folder, int limit) {
    checkArgument(Files.isDirectory(folder), "calibration folder %s is not a folder", folder);
    List<Path> all;
    try (Stream<Path> walk = Files.walk(folder)) {
      all = walk.filter(Files::isRegularFile)
          .filter(p -> ImageDecoder.isPhotoName(p.getFileName().toString()))
          .sorted(Comparator.comparing(p -> folder.relativize(p).toString())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list calibration folder " + folder, e);
    }
    checkArgument(!all.isEmpty(), "calibration folder %s holds no photo (files ending in %s)",
        folder, ImageDecoder.PHOTO_EXTENSIONS);
    List<Path> chosen = new ArrayList<>();
    int n = Math.min(limit, all.size());
    for (int k = 0; k < n; k++) {
      chosen.add(all.get((int) ((long) k * all.size() / n)));
    }
    return new CalibrationSet(folder, chosen);
  }

  /**
   * SHA-256 (hex) of the list of {@code used} photos: their paths relative to the folder, with
   * '/' separators, one per line, in order. It identifies the calibration set without naming the
   * machine it was on.
   */
  String sha256(List<Path> used) {
    StringBuilder text = new StringBuilder();
    for (Path p : used) {
      text.append(folder.relativize(p).toString().replace('\\', '/')).append('\n');
    }
    return Hashing.sha256().hashString(text, StandardCharsets.UTF_8).toString();
  }
}
