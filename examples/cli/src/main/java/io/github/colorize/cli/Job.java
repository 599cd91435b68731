package io.github.colorize.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One image to colorize and where its result goes.
 *
 * @param input the image file
 * @param output the result file
 */
record Job(Path input, Path output) {

  private static final Set<String> IMAGE_EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff");
  /** Formats we can write; others (gif) are written as png. */
  private static final Set<String> WRITABLE = Set.of("jpg", "jpeg", "png", "bmp", "tif", "tiff");

  /**
   * Expands the inputs (folders recursively, sorted) into jobs.
   *
   * @throws IllegalArgumentException for a missing input, or -o with several images
   */
  static List<Job> plan(List<Path> inputs, Path output, Path outDir, boolean sideBySide) {
    List<Job> jobs = new ArrayList<>();
    for (Path in : inputs) {
      if (Files.isDirectory(in)) {
        for (Path file : imagesUnder(in)) {
          Path relative = in.relativize(file);
          Path target = outDir != null ? outDir.resolve(relative.toString())
              : file.resolveSibling(suffixed(file, sideBySide));
          jobs.add(new Job(file, writable(target)));
        }
      } else if (Files.isRegularFile(in)) {
        Path target = output != null ? output
            : outDir != null ? outDir.resolve(in.getFileName().toString())
            : in.resolveSibling(suffixed(in, sideBySide));
        jobs.add(new Job(in, output != null ? target : writable(target)));
      } else {
        throw new IllegalArgumentException("input " + in + " does not exist");
      }
    }
    if (output != null && jobs.size() != 1) {
      throw new IllegalArgumentException("-o takes a single input image, but " + jobs.size()
          + " were given; use --out-dir for several");
    }
    return jobs;
  }

  private static List<Path> imagesUnder(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).filter(p -> IMAGE_EXTENSIONS.contains(ext(p)))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static String suffixed(Path file, boolean sideBySide) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String extension = dot > 0 ? name.substring(dot) : ".png";
    return stem + (sideBySide ? "-side-by-side" : "-color") + extension;
  }

  /** The same path with a writable image extension (gif and unknown become png). */
  private static Path writable(Path target) {
    if (WRITABLE.contains(ext(target))) {
      return target;
    }
    String name = target.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return target.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".png");
  }

  static String ext(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
