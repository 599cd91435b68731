package io.github.colorize.cli.serve;

import static io.github.colorize.cli.serve.ServeTestSupport.photoPng;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.colorize.Colorizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: Debian's chromium and chromium-driver, headless. Upload a photo,
 * wait for the result, move the temperature slider and see the result change, upload a broken
 * file and see the error. Leaves a screenshot in target/serve-page.png (the README's).
 *
 * <p>Without chromedriver the test is skipped on a developer's machine, and fails under CI
 * (CI=true), whose {@code .ci/run} installs the packages.
 */
class ServePageBrowserTest {

  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private static ColorizeServer server;
  private static WebDriver browser;

  @BeforeAll
  static void start() {
    boolean present = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    if (!present) {
      String why = "the browser test needs Debian's chromium and chromium-driver ("
          + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail("CI=true but " + why);
      }
      Assumptions.abort(why);
    }
    server = new ColorizeServer(ServeConfig.builder().port(0).build(),
        ServeTestSupport.colorizer(), size -> Colorizer.builder().inputSize(size).build())
        .start();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--disable-gpu", "--window-size=1200,900", "--hide-scrollbars");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private static WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  /** A fingerprint of the pixels the page shows as the result (drawn through a canvas). */
  private static String pixels() {
    return String.valueOf(((JavascriptExecutor) browser).executeScript(
        "const img = document.getElementById('color');"
            + "const c = document.createElement('canvas');"
            + "c.width = img.naturalWidth; c.height = img.naturalHeight;"
            + "const g = c.getContext('2d'); g.drawImage(img, 0, 0);"
            + "const d = g.getImageData(0, 0, c.width, c.height).data;"
            + "let h = 0; for (let i = 0; i < d.length; i++) { h = (h * 31 + d[i]) | 0; }"
            + "return c.width + 'x' + c.height + ':' + h;"));
  }

  /** Whether the result decoded at {@code temperature} is shown ("1" and "1.00" are equal). */
  private static boolean resultShownAt(String temperature) {
    WebElement img = browser.findElement(By.id("color"));
    String shown = img.getAttribute("data-temperature");
    return shown != null && Double.parseDouble(temperature) == Double.parseDouble(shown)
        && Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript(
            "const i = document.getElementById('color'); return i.complete && i.naturalWidth > 0;"));
  }

  @Test
  void uploadSliderDownloadAndErrors(@TempDir Path tmp) throws Exception {
    browser.get(server.url());
    waitUpTo(30).until(b -> b.findElement(By.id("model")).getText().startsWith("Model:"));
    String start = browser.findElement(By.id("temperature")).getAttribute("value");

    Path photo = Files.write(tmp.resolve("killarney.png"), photoPng("killarney-1910.jpg", 480));
    browser.findElement(By.id("file")).sendKeys(photo.toString());
    waitUpTo(120).until(b -> b.findElement(By.id("result")).isDisplayed()
        && resultShownAt(start));
    waitUpTo(30).until(b -> Boolean.TRUE.equals(((JavascriptExecutor) b).executeScript(
        "const i = document.getElementById('lightness'); return i.complete && i.naturalWidth > 0;")));
    assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
    String before = pixels();
    assertThat(before).startsWith("480x");
    WebElement download = browser.findElement(By.id("download"));
    assertThat(download.getAttribute("href")).startsWith("blob:");
    assertThat(download.getAttribute("download")).isEqualTo("killarney-color.png");

    Path shot = Path.of("target", "serve-page.png");
    Files.createDirectories(shot.getParent());
    Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), shot,
        StandardCopyOption.REPLACE_EXISTING);

    // The slider to 0 (the mode) with the keyboard, as a person would: a re-decode, no upload.
    browser.findElement(By.id("temperature")).sendKeys(Keys.HOME);
    waitUpTo(60).until(b -> resultShownAt("0.00"));
    String after = pixels();
    assertThat(after).startsWith("480x").isNotEqualTo(before);
    assertThat(server.uploadsHeld()).isEqualTo(1);

    // A broken file: the decoder's message appears on the page.
    byte[] png = Files.readAllBytes(photo);
    Path broken = Files.write(tmp.resolve("broken.png"), Arrays.copyOf(png, png.length / 4));
    browser.findElement(By.id("file")).sendKeys(broken.toString());
    waitUpTo(60).until(b -> b.findElement(By.id("error")).isDisplayed());
    assertThat(browser.findElement(By.id("error")).getText())
        .contains("cannot read image broken.png", "unreadable_image", "400");
    Path text = Files.writeString(tmp.resolve("notes.png"), "this is not an image");
    browser.findElement(By.id("file")).sendKeys(text.toString());
    waitUpTo(60).until(b -> b.findElement(By.id("error")).getText().contains("notes.png"));
    assertThat(browser.findElement(By.id("error")).getText())
        .contains("not an image in a readable format", "415");
  }
}
