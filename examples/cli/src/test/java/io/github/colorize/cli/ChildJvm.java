package io.github.colorize.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test classpath in a new JVM and collects what it printed. */
final class ChildJvm {

  private ChildJvm() {}

  /** Exit status, standard output and standard error of a child. */
  record Result(int status, String out, String err) {}

  /** Starts a child without waiting: its output goes to child.out and child.err in workDir. */
  static Process start(Path workDir, List<String> jvmOptions, Class<?> main, String... args)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(workDir.resolve("child.out").toFile())
        .redirectError(workDir.resolve("child.err").toFile()).start();
  }

  static Result run(Path workDir, List<String> jvmOptions, Class<?> main, String... args)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(main.getName());
    command.addAll(List.of(args));
    Path out = workDir.resolve("child.out");
    Path err = workDir.resolve("child.err");
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the child JVM " + main.getName() + " ran over 120 s");
    }
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
