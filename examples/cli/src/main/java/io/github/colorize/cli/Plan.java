package io.github.colorize.cli;

import io.github.colorize.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The inputs of a run expanded into {@link Job}s: folders searched recursively (sorted), results
 * beside their inputs as {@code NAME-color.EXT} or mirrored under {@code --out-dir}.
 *
 * <ul>
 *   <li>Writing beside the inputs, the files this tool itself wrote there are no inputs: a file
 *       that is the {@code -color} (or {@code -side-by-side}) output of another input is
 *       {@linkplain #skipped() skipped}, so a second run does not colorize the first run's
 *       results.
 *   <li>A missing or unreadable input is one failed job; the others are still done.
 *   <li>Two inputs that would be written to one output are {@linkplain #collisions() reported}
 *       before any work.
 * </ul>
 *
 * @param jobs what to do, in order
 * @param skipped earlier results of this tool found among the inputs, left alone
 * @param collisions one line for each output that several inputs would be written to
 */
record Plan(List<Job> jobs, List<Path> skipped, List<String> collisions) {

  /** Formats we can write; others (gif) are written as png. */
  private static final Set<String> WRITABLE = Set.of("jpg", "jpeg", "png", "bmp", "tif", "tiff");
  /** What this tool appends to an output's name when it writes beside the input. */
  private static final List<String> OWN_SUFFIXES = List.of("-color", "-side-by-side");

  /**
   * Expands the inputs into jobs.
   *
   * @throws IllegalArgumentException for -o with several images
   */
  static Plan of(List<Path> inputs, Path output, Path outDir, boolean sideBySide) {
    List<Job> candidates = new ArrayList<>();
    for (Path in : inputs) {
      if (Files.isDirectory(in)) {
        List<Path> files;
        try {
          files = imagesUnder(in);
        } catch (IOException e) {
          candidates.add(Job.failed(in, "cannot list the folder: " + ErrorHandler.describe(e)));
          continue;
        }
        for (Path file : files) {
          Path target = outDir != null ? outDir.resolve(in.relativize(file).toString())
              : file.resolveSibling(suffixed(file, sideBySide));
          candidates.add(Job.of(file, writable(target)));
        }
      } else if (Files.isRegularFile(in)) {
        Path target = output != null ? output
            : outDir != null ? outDir.resolve(in.getFileName().toString())
            : in.resolveSibling(suffixed(in, sideBySide));
        candidates.add(Job.of(in, output != null ? target : writable(target)));
      } else if (Files.exists(in)) {
        candidates.add(Job.failed(in, "not a regular file or folder"));
      } else {
        candidates.add(Job.failed(in, "no such file or folder"));
      }
    }
    if (output != null && candidates.size() != 1) {
      throw new IllegalArgumentException("-o takes a single input image, but "
          + candidates.size() + " were given; use --out-dir for several");
    }
    List<Path> skipped = new ArrayList<>();
    List<Job> jobs = output == null && outDir == null ? withoutOwnOutputs(candidates, skipped)
        : candidates;
    return new Plan(jobs, skipped, collisions(jobs));
  }

  /**
   * The jobs whose input is not a possible output of another input (an earlier run's result,
   * with or without {@code --side-by-side}), those inputs added to {@code skipped}. Only names
   * of this tool's form count ({@code -color}, {@code -side-by-side}): a user's own
   * {@code x-color.jpg} with no {@code x.*} beside it is an input like any other.
   */
  private static List<Job> withoutOwnOutputs(List<Job> candidates, List<Path> skipped) {
    // Every name a run could have written for each input, whatever this run's flags: a result
    // of an earlier run with or without --side-by-side is still a result (and so is a result
    // of a result, e.g. photo-color-side-by-side.jpg, whose "original" photo-color.jpg is
    // itself an input here).
    Set<Path> outputs = new HashSet<>();
    for (Job job : candidates) {
      if (job.output() != null) {
        for (boolean sideBySide : new boolean[] {false, true}) {
          outputs.add(writable(job.input().resolveSibling(suffixed(job.input(), sideBySide)))
              .toAbsolutePath().normalize());
        }
      }
    }
    List<Job> kept = new ArrayList<>();
    for (Job job : candidates) {
      if (job.output() != null && hasOwnSuffix(job.input())
          && outputs.contains(job.input().toAbsolutePath().normalize())) {
        skipped.add(job.input());
      } else {
        kept.add(job);
      }
    }
    return kept;
  }

  private static boolean hasOwnSuffix(Path file) {
    String stem = stem(file.getFileName().toString());
    return OWN_SUFFIXES.stream().anyMatch(stem::endsWith);
  }

  private static List<String> collisions(List<Job> jobs) {
    Map<Path, List<Path>> byOutput = new LinkedHashMap<>();
    for (Job job : jobs) {
      if (job.output() != null) {
        byOutput.computeIfAbsent(job.output().toAbsolutePath().normalize(),
            o -> new ArrayList<>()).add(job.input());
      }
    }
    List<String> lines = new ArrayList<>();
    byOutput.forEach((out, ins) -> {
      if (ins.size() > 1) {
        lines.add(ins.size() + " inputs would be written to " + out + ": " + ins);
      }
    });
    return lines;
  }

  private static List<Path> imagesUnder(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).filter(p -> ImageDecoder.isPhotoName(p.getFileName().toString()))
          .sorted().toList();
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static String stem(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static String suffixed(Path file, boolean sideBySide) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String extension = dot > 0 ? name.substring(dot) : ".png";
    return stem(name) + (sideBySide ? "-side-by-side" : "-color") + extension;
  }

  /** The same path with a writable image extension (gif and unknown become png). */
  private static Path writable(Path target) {
    if (WRITABLE.contains(ext(target))) {
      return target;
    }
    return target.resolveSibling(stem(target.getFileName().toString()) + ".png");
  }

  static String ext(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
