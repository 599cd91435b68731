package io.github.colorize.cli.serve;

import static io.github.colorize.cli.serve.ServeTestSupport.get;
import static io.github.colorize.cli.serve.ServeTestSupport.json;
import static io.github.colorize.cli.serve.ServeTestSupport.photoPng;
import static io.github.colorize.cli.serve.ServeTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.cli.ColorizeCommand;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code colorize serve} as its own process: it starts from the command line, and SIGTERM lets a
 * request in flight finish before the process ends.
 */
class ServeProcessTest {

  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+/)");

  @Test
  void sigtermFinishesTheRequestInFlight() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    // Kept in target/ to read after a failure.
    Path err = Path.of("target", "serve-process-stderr.txt");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", classPath, ColorizeCommand.class.getName(), "serve", "--port", "0",
        "--max-concurrent", "1").redirectError(err.toFile()).start();
    try {
      String url = null;
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          url = m.group(1);
          break;
        }
      }
      assertThat(url).as("stderr: %s", Files.readString(err)).isNotNull();
      // Big enough to take a while: it is still in work when the signal comes.
      byte[] photo = photoPng("motor-cars-ireland.jpg", 1600);
      String api = url + "api/colorize";
      CompletableFuture<HttpResponse<byte[]>> inFlight = CompletableFuture.supplyAsync(() -> {
        try {
          return post(api, photo, "image/png");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (json(get(url + "api/health")).get("requestsInFlight").getAsInt() == 0) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(5);
      }
      process.destroy(); // SIGTERM
      HttpResponse<byte[]> answer = inFlight.get(120, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(ServeTestSupport.read(answer.body()).getWidth()).isEqualTo(1600);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("exit status after SIGTERM").isZero();
      List<String> log = Files.readAllLines(err);
      assertThat(log).anyMatch(l -> l.contains("colorize serve: stopped"))
          .anyMatch(l -> l.contains("\"POST /api/colorize\" 200"));
    } finally {
      process.destroyForcibly();
    }
  }
}
