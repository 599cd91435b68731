package io.github.colorize.cli;

import io.github.colorize.model.catalog.ModelNotDownloadedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns an exception into one clear line (and a stack trace only with --verbose). */
final class ErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    if (e instanceof CommandLine.ParameterException p) {
      cli.getErr().println("colorize: " + p.getMessage());
      cli.getErr().println("Try '" + cli.getCommandSpec().qualifiedName() + " --help'.");
      return 2;
    }
    if (e instanceof ModelNotDownloadedException) {
      // The exact line: how to get the model, nothing else.
      cli.getErr().println(e.getMessage());
      return 1;
    }
    cli.getErr().println("colorize: error: " + describe(e));
    if (Verbosity.enabled) {
      e.printStackTrace(cli.getErr());
    } else {
      cli.getErr().println("(run with --verbose for details)");
    }
    return 1;
  }

  /** A one-line description: the message, or the exception type for messages that are bare. */
  static String describe(Throwable e) {
    if (e instanceof NoSuchFileException n) {
      return "no such file: " + n.getFile();
    }
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + " exists (pass --force to replace it)";
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName()
          + (e.getCause() != null ? ": " + describe(e.getCause()) : "");
    }
    return message;
  }
}
