package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.testing.WebhookClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Live Logs in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * which {@code .ci/run} installs): a new event appears without reload, its detail opens, a replay
 * shows the next attempt.
 */
class LiveLogsBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** Counts what it handles. */
  static final class Counting {
    final AtomicInteger handled = new AtomicInteger();

    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) {
      handled.incrementAndGet();
    }
  }

  private HookyServer server;
  private ChromeDriver browser;

  @BeforeEach
  void start() {
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the browser test needs Debian's chromium and chromium-driver: apt-get install chromium"
            + " chromium-driver (.ci/run installs them)");
    server = TestServers.builder().handlers(new Counting()).start();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // No network but loopback here: keep Chromium from reaching out at start.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,800");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aNewEventAppearsLiveAndItsReplayShowsTheNextAttempt() throws Exception {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    browser.get(server.consoleUrl().orElseThrow().toString());
    wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));
    assertTrue(!browser.getCurrentUrl().contains("token="),
        "the token leaves the address bar: " + browser.getCurrentUrl());

    WebhookClient webhooks = TestServers.client(server);
    assertEquals(200, webhooks.send(TestServers.sms("browser-1")).statusCode());

    By row = By.cssSelector("tr[data-event-id='browser-1']");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "handled"));
    // The last hour at a glance: counts, and the chart's bar for this minute.
    wait.until(ExpectedConditions.textToBe(By.cssSelector("li[data-count='received'] b"), "1"));
    wait.until(ExpectedConditions.textToBe(By.cssSelector("li[data-count='handled'] b"), "1"));
    assertEquals(1, browser.findElements(By.cssSelector("#chart rect.bar.received")).size());
    assertTrue(browser.findElements(By.cssSelector("#chart rect.bar.failures")).isEmpty());
    browser.findElement(row).click();
    WebElement detail = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
    wait.until(ExpectedConditions.textToBePresentInElement(detail, "attempt 1"));

    browser.findElement(By.id("replay")).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();

    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "attempt 2"));
    String detailText = browser.findElement(By.id("detail")).getText();
    assertTrue(detailText.contains("replayed"), detailText);
    assertTrue(detailText.contains("signed with key 1 of 1"), detailText);

    Path screenshot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Path kept = Path.of("target", "live-logs.png");
    Files.createDirectories(kept.getParent());
    Files.copy(screenshot, kept, StandardCopyOption.REPLACE_EXISTING);

    // A narrow window stacks the list over the detail instead of squeezing both.
    browser.manage().window().setSize(new Dimension(420, 900));
    WebElement list = browser.findElement(By.cssSelector("section.list"));
    assertTrue(list.getRect().getY() < detail.getRect().getY(),
        "in a narrow window the detail goes below the list");
    Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
        Path.of("target", "live-logs-narrow.png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aQuarantinedDeliveryShowsItsReasonAndItsRawBodyAsText() throws Exception {
    try (QuarantineFixture admin = new QuarantineFixture()) {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
      browser.get(admin.consoleUrl());
      By row = By.cssSelector("tr[data-event-id='" + QuarantineFixture.EVENT_ID + "']");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "quarantined"));
      assertEquals("status quarantined", browser.findElement(row)
          .findElement(By.cssSelector("td.status")).getAttribute("class"));

      browser.findElement(row).click();
      WebElement detail = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
      wait.until(ExpectedConditions.textToBePresentInElement(detail, "Body (raw, as received)"));
      String text = detail.getText();
      assertTrue(text.contains("quarantined because"), text);
      assertTrue(text.contains("expecting double-quote to start field name"), text);
      assertTrue(text.contains("j***@example.com"), "redacted: " + text);
      assertTrue(text.contains("<script>alert(1)</script>"), "shown as text: " + text);
      assertTrue(browser.findElements(By.cssSelector("#detail script")).isEmpty(),
          "never as markup");

      new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("status")))
          .selectByVisibleText("quarantined");
      browser.findElement(By.cssSelector("#filters button:not([type])")).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "quarantined"));
      Files.createDirectories(Path.of("target"));
      Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
          Path.of("target", "live-logs-quarantined.png"), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
