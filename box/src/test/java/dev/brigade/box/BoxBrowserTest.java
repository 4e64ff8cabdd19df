package dev.brigade.box;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.brigade.monitor.Status;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in a real headless Chromium, against a real box with a really failing check. */
class BoxBrowserTest {
  @TempDir Path dir;

  private static void waitFor(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void signIn_seeTheFailingCheckOnTop_acknowledgeIt_downtimeAStage_andALiveUpdateArrives()
      throws Exception {
    try (TestBox box = TestBox.start(dir);
        Browser b = Browser.start()) {
      var m = box.box.monitor();
      m.recheck("role:app/http", "test"); // a TCP check to a closed loopback port: CRITICAL
      waitFor(
          () ->
              m.check("app1/http").orElseThrow().lastCheck().isPresent()
                  && m.check("app2/http").orElseThrow().lastCheck().isPresent(),
          "the TCP checks to run");
      var d = b.driver();
      WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(30));
      d.get(box.url);
      assertThat(d.getCurrentUrl()).contains("/login");
      d.findElement(By.id("user")).sendKeys("alice");
      d.findElement(By.id("password")).sendKeys("alice-password");
      d.findElement(By.id("login")).click();
      try {
        wait.until(x -> x.findElements(By.id("grid")).size() == 1);
      } catch (RuntimeException e) {
        throw new AssertionError(d.getCurrentUrl() + " " + d.getPageSource(), e);
      }
      WebElement first = d.findElement(By.cssSelector("#grid tbody tr"));
      assertThat(first.getAttribute("class")).contains("st-critical", "unhandled");
      assertThat(first.getAttribute("data-id")).matches("app[12]/http");
      assertThat(first.findElement(By.cssSelector("td.output")).getText())
          .containsIgnoringCase("refused");
      b.screenshot("box-problems");

      String id = first.getAttribute("data-id");
      first.findElement(By.cssSelector("button.ack")).click();
      wait.until(x -> x.getCurrentUrl().contains("done=ack"));
      assertThat(m.check(id).orElseThrow().acknowledged()).isTrue();
      WebElement row = d.findElement(By.cssSelector("tr[data-id='" + id + "']"));
      assertThat(row.findElement(By.cssSelector("td.badges")).getText()).contains("ack");

      new Select(d.findElement(By.id("group-target"))).selectByValue("stage:staging");
      d.findElement(By.id("group-downtime")).click();
      wait.until(x -> x.getCurrentUrl().contains("done=downtime"));
      assertThat(m.check("app2/http").orElseThrow().inDowntime()).isTrue();
      assertThat(m.check("app1/http").orElseThrow().inDowntime()).isFalse();

      d.get(box.url + "?q=db1");
      wait.until(x -> "on".equals(x.findElement(By.tagName("body")).getAttribute("data-live")));
      d.executeScript("window.stillThisPage = 42;");
      String before = d.findElement(By.id("problem-count")).getText();
      m.submit("db1/backup", Status.CRITICAL, "BACKUP CRITICAL - arrived live");
      wait.until(
          x ->
              x.findElement(By.cssSelector("tr[data-id='db1/backup'] td.output"))
                  .getText()
                  .contains("arrived live"));
      assertThat(d.findElement(By.cssSelector("tr[data-id='db1/backup']")).getAttribute("class"))
          .contains("st-critical");
      assertThat(d.executeScript("return window.stillThisPage;")).isEqualTo(42L);
      wait.until(x -> !x.findElement(By.id("problem-count")).getText().equals(before));
      b.screenshot("box-problems-live");

      d.get(box.url + "services/app1/http");
      assertThat(d.findElement(By.id("state")).getText()).isEqualTo("CRITICAL");
      b.screenshot("box-service");
      d.get(box.url + "hosts/db1");
      assertThat(d.getPageSource()).contains("Host db1");
      b.screenshot("box-host");
      d.get(box.url + "events");
      assertThat(d.findElement(By.id("events")).getText()).contains("ACKNOWLEDGED by alice");
      b.screenshot("box-events");
      d.get(box.url + "login");
      b.screenshot("box-login");
    }
  }

  /**
   * What Chromium does with a {@code Secure} cookie on plain http://127.0.0.1: it keeps it
   * (loopback is a secure context for cookies, Chromium since 89). The box still marks its cookie
   * Secure only over TLS, since a box on a LAN address over plain HTTP would otherwise lose its
   * sessions.
   */
  @Test
  void chromium_keepsASecureCookieSetOverPlainHttpOnLoopback() throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    s.createContext(
        "/",
        x -> {
          String cookie = String.valueOf(x.getRequestHeaders().getFirst("Cookie"));
          byte[] body =
              ("<!doctype html><title>c</title><p id=c>" + cookie.replace("<", "") + "</p>")
                  .getBytes(StandardCharsets.UTF_8);
          if (x.getRequestURI().getPath().equals("/set")) {
            x.getResponseHeaders()
                .add("Set-Cookie", "probe=1; Path=/; Secure; HttpOnly; SameSite=Strict");
          }
          x.getResponseHeaders().set("Content-Type", "text/html");
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    s.start();
    try (Browser b = Browser.start()) {
      String base = "http://127.0.0.1:" + s.getAddress().getPort();
      b.driver().get(base + "/set");
      b.driver().get(base + "/echo");
      assertThat(b.driver().findElement(By.id("c")).getText()).contains("probe=1");
    } finally {
      s.stop(0);
    }
  }
}
