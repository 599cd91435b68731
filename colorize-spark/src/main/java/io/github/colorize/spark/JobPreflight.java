package io.github.colorize.spark;

import java.io.FileNotFoundException;
import io.github.colorize.image.ImageFormat;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The checks {@link ColorizeJob} makes on the driver before any work, each failing with a
 * one-line {@link JobException}, so that bad arguments cost no cluster time and leave nothing
 * half-written.
 */
final class JobPreflight {

  private JobPreflight() {}

  /** The qualified input folder. */
  static Path inputFolder(String uri, Configuration conf) {
    Path path = new Path(uri);
    try {
      FileSystem fs = path.getFileSystem(conf);
      FileStatus status = fs.getFileStatus(path);
      if (!status.isDirectory()) {
        throw new JobException("input " + uri + " is a file, expected a folder of photos");
      }
      return status.getPath();
    } catch (FileNotFoundException e) {
      throw new JobException("input folder " + uri + " does not exist");
    } catch (IOException e) {
      throw new JobException("cannot read input folder " + uri + ": " + e.getMessage(), e);
    }
  }

  /**
   * The photos under the folder (recursively, by extension, hidden files and folders skipped as
   * Spark's file sources skip them), as URIs, sorted.
   *
   * <p>Walks with {@code listStatus}, not {@code listFiles(folder, true)}: on {@code file:}
   * Hadoop's located statuses read each file's owner and permissions by starting a shell
   * command per file (24 s for 2,000 photos here), which the job never needs.
   */
  static List<String> photos(Path folder, Configuration conf) {
    List<String> photos = new ArrayList<>();
    try {
      FileSystem fs = folder.getFileSystem(conf);
      Deque<Path> folders = new ArrayDeque<>(List.of(folder));
      while (!folders.isEmpty()) {
        for (FileStatus status : fs.listStatus(folders.pop())) {
          Path path = status.getPath();
          if (isHidden(path.getName())) {
            continue;
          }
          if (status.isDirectory()) {
            folders.push(path);
          } else if (OutputNames.isImage(path.getName())) {
            photos.add(path.toUri().toString());
          }
        }
      }
    } catch (IOException e) {
      throw new JobException("cannot list input folder " + folder + ": " + e.getMessage(), e);
    }
    Collections.sort(photos);
    return photos;
  }

  /**
   * Refuses inputs that would be written to one output ({@code a.gif} and {@code a.png} both
   * become {@code a.png}; with {@code --format png} so do {@code a.jpg} and {@code a.png}): one
   * result would replace the other, and every rerun would skip the lost one.
   */
  static void distinctOutputs(List<String> photos, Path folder, ImageFormat format) {
    int root = folder.toUri().getPath().length() + 1;
    Map<String, List<String>> byOutput = new TreeMap<>();
    for (String photo : photos) {
      String relative = URI.create(photo).getPath().substring(root);
      byOutput.computeIfAbsent(OutputNames.outputName(relative, format), k -> new ArrayList<>())
          .add(relative);
    }
    List<String> shared = byOutput.entrySet().stream().filter(e -> e.getValue().size() > 1)
        .map(e -> String.join(" and ", e.getValue()) + " -> " + e.getKey()).toList();
    if (!shared.isEmpty()) {
      throw new JobException(shared.size() + " output name(s) would be written more than once: "
          + String.join("; ", shared.subList(0, Math.min(3, shared.size())))
          + (shared.size() > 3 ? "; ..." : "") + "; rename the inputs or choose --format");
    }
  }

  /**
   * Refuses an output folder inside (or equal to) the input folder, whose results the next run
   * would colorize again, before the output folder is created. Both are compared as fully
   * qualified, normalized paths with symbolic links resolved, so that a relative path, a
   * {@code file:} URI, a trailing slash, {@code ..} or a link to the input are all caught.
   */
  static void outputOutsideInput(String output, Path input, Configuration conf) {
    String out;
    String in;
    try {
      out = resolved(new Path(output), conf);
      in = resolved(input, conf);
    } catch (IOException | IllegalArgumentException e) {
      throw new JobException("cannot use output folder " + output + ": " + e.getMessage(), e);
    }
    if (out.equals(in) || out.startsWith(in.endsWith("/") ? in : in + "/")) {
      throw new JobException("output folder " + output + (out.equals(in) ? " is the input folder "
          : " is inside the input folder ") + input
          + "; its photos would be colorized again by the next run");
    }
  }

  /**
   * The path as a qualified URI string without a trailing slash, normalized ({@code .},
   * {@code ..}), with the symbolic links of its longest existing prefix resolved (the rest does
   * not exist yet, so it holds no links).
   */
  static String resolved(Path path, Configuration conf) throws IOException {
    FileSystem fs = HadoopFiles.fileSystem(path, conf);
    Path qualified = fs.makeQualified(path);
    URI uri = qualified.toUri().normalize();
    if ("file".equals(uri.getScheme())) {
      java.nio.file.Path local = java.nio.file.Path.of(uri.getPath()).normalize();
      java.nio.file.Path existing = local;
      while (existing != null && !java.nio.file.Files.exists(existing)) {
        existing = existing.getParent();
      }
      java.nio.file.Path real = existing == null ? local
          : existing.toRealPath().resolve(existing.relativize(local)).normalize();
      return "file:" + stripSlash(real.toUri().getPath());
    }
    Path existing = new Path(uri);
    String rest = "";
    while (existing.getParent() != null && !fs.exists(existing)) {
      rest = "/" + existing.getName() + rest;
      existing = existing.getParent();
    }
    // File systems with links (HDFS with links enabled, viewfs) resolve them here.
    Path real = fs.exists(existing) ? fs.resolvePath(existing) : existing;
    return stripSlash(real.toUri().normalize().toString()) + rest;
  }

  private static String stripSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static boolean isHidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  /**
   * The qualified output folder, created if missing, after a test write into it (the probe file
   * is removed).
   */
  static Path outputFolder(String uri, Configuration conf) {
    Path path = new Path(uri);
    try {
      FileSystem fs = HadoopFiles.fileSystem(path, conf);
      if (fs.exists(path) && !fs.getFileStatus(path).isDirectory()) {
        throw new JobException("output " + uri + " is a file, expected a folder");
      }
      boolean made;
      try {
        made = fs.mkdirs(path);
      } catch (IOException e) {
        throw new JobException("cannot create output folder " + uri + ": " + e.getMessage(), e);
      }
      if (!made) {
        throw new JobException("cannot create output folder " + uri);
      }
      Path probe = new Path(path, ".colorize-write-test-" + UUID.randomUUID());
      try {
        fs.create(probe, false).close();
      } catch (IOException e) {
        throw new JobException("output folder " + uri + " is not writable: " + e.getMessage(), e);
      } finally {
        fs.delete(probe, false);
      }
      return fs.makeQualified(path);
    } catch (IOException e) {
      throw new JobException("cannot use output folder " + uri + ": " + e.getMessage(), e);
    }
  }

  /** Checks that the model URI names a file, before any executor tries to read it. */
  static void model(String uri, Configuration conf) {
    if (uri == null) {
      return;
    }
    Path path = new Path(uri);
    try {
      FileStatus status = path.getFileSystem(conf).getFileStatus(path);
      if (status.isDirectory()) {
        throw new JobException("model " + uri + " is a folder, expected an .onnx file");
      }
    } catch (FileNotFoundException e) {
      throw new JobException("model " + uri + " does not exist");
    } catch (IOException e) {
      throw new JobException("cannot read model " + uri + ": " + e.getMessage(), e);
    }
  }
}
