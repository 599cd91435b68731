package io.github.colorize.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime's native libraries come from the user cache, unpacked once per version, and no
 * {@code onnxruntime-java*} folder is left in the temp folder. Each check runs in a child JVM, as
 * the library loads once per process.
 */
class NativeLibraryCacheTest {

  /** Starts ONNX Runtime in a child JVM and prints where its libraries came from. */
  public static final class Child {
    private Child() {}

    /** Prints {@code onnxruntime.native.path} once ONNX Runtime runs. */
    public static void main(String[] args) {
      String version = OrtRuntime.environment().getVersion();
      System.out.println(version + " " + System.getProperty(NativeLibraryCache.ORT_PATH_PROPERTY));
    }
  }

  private static String runChild(Path tmp, Path cache) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-Djava.io.tmpdir=" + tmp,
        "-D" + NativeLibraryCache.CACHE_PROPERTY + "=" + cache, "-cp", classpath,
        Child.class.getName()));
    Path out = Files.createTempFile(tmp.getParent(), "child", ".out");
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
    String text = Files.readString(out);
    assertThat(p.exitValue()).as(text).isZero();
    return text.strip();
  }

  private static List<Path> list(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  @Test
  void librariesAreUnpackedOnceIntoTheCacheAndNoTempFolderIsLeft(@TempDir Path dir)
      throws Exception {
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    Path cache = dir.resolve("cache");
    String first = runChild(tmp, cache);
    String version = OrtEnvironment.class.getPackage().getImplementationVersion();
    Path folder = cache.resolve(version).resolve(NativeLibraryCache.platform() + "-cpu");
    assertThat(first).endsWith(" " + folder);
    Path library = folder.resolve(System.mapLibraryName("onnxruntime"));
    assertThat(library).isRegularFile();
    assertThat(list(tmp)).as("nothing left in the temp folder").isEmpty();

    // The second start finds the copy and unpacks nothing.
    FileTime unpacked = Files.getLastModifiedTime(library);
    Files.setLastModifiedTime(library, FileTime.fromMillis(unpacked.toMillis() - 60_000));
    FileTime marked = Files.getLastModifiedTime(library);
    assertThat(runChild(tmp, cache)).endsWith(" " + folder);
    assertThat(Files.getLastModifiedTime(library)).isEqualTo(marked);
    assertThat(list(folder.getParent())).as("no half-unpacked folders").containsExactly(folder);
    assertThat(list(tmp)).isEmpty();
  }

  @Test
  void anIncompleteFolderIsReplaced(@TempDir Path dir) throws Exception {
    Path jar = Path.of(OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    Path first = NativeLibraryCache.ensureUnpacked(jar, dir);
    Path library = first.resolve(System.mapLibraryName("onnxruntime"));
    long size = Files.size(library);
    // As a run killed mid-copy before the rename would leave it, had it written in place.
    Files.delete(first.resolve(".complete"));
    Files.write(library, new byte[10]);
    Path second = NativeLibraryCache.ensureUnpacked(jar, dir);
    assertThat(second).isEqualTo(first);
    assertThat(Files.size(library)).isEqualTo(size);
  }
}
