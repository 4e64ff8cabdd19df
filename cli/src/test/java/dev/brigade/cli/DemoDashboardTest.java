package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brigade.box.Browser;
import dev.brigade.edge.AdminJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The whole demo through its dashboard, in real Chromium, as the issue tells it: sign in with the
 * printed one-time password, see the layers with traffic, stop an application instance from the
 * dashboard, watch the edge route around it and the monitor alert, then bring it back. Screenshots
 * of each step go to {@code target/screenshots/demo-*.png} (the README's cluster picture is one).
 */
class DemoDashboardTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void stopAnInstanceFromTheDashboard_theEdgeRoutesAroundIt_theMonitorAlerts_thenBringItBack()
      throws Exception {
    try (Browser browser = Browser.start()) {
      StringWriter out = new StringWriter();
      // --for bounds it; the test interrupts it when done (the demo stops everything it started)
      Thread demo =
          Thread.ofPlatform()
              .name("demo-under-test")
              .start(
                  () ->
                      Brigade.run(
                          new String[] {
                            "demo", "--for", "300s", "--traffic-peak", "40", "--day-length", "120s"
                          },
                          new PrintWriter(out, true),
                          new PrintWriter(new StringWriter(), true)));
      try {
        Matcher box = until(out, "Box:    (http://127\\.0\\.0\\.1:\\d+/) .*password (\\S+) ");
        Matcher admin = until(out, "admin  (http://127\\.0\\.0\\.1:\\d+/)pools");
        String url = box.group(1);
        WebDriver d = browser.driver();

        d.get(url + "login");
        d.findElement(By.id("user")).sendKeys("admin");
        d.findElement(By.id("password")).sendKeys(box.group(2));
        d.findElement(By.id("login")).click();
        awaitTrue(() -> d.getPageSource().contains("Sign out"), "signed in");

        // the layers, with traffic from the generator scraped off the edge
        d.get(url + "cluster");
        awaitTrue(
            () -> {
              d.navigate().refresh();
              return d.getPageSource().matches("(?s).*[1-9][0-9.]* req/s.*");
            },
            "the cluster page shows requests per second");
        assertThat(d.getPageSource())
            .contains("data-layer=\"edge\"")
            .contains("data-layer=\"app\"");
        browser.screenshot("demo-cluster");

        // stop app2 from the demo's page
        d.get(url + "demo");
        d.findElement(By.xpath("//form[input[@name='instance' and @value='app2']]//button"))
            .click();
        awaitTrue(
            () -> backendState(admin.group(1), "app2/http").equals("down"),
            "the edge takes app2 out");
        awaitTrue(
            () -> checkState(url, d, "app2/http").equals("CRITICAL HARD"),
            "the monitor finds app2 down (hard)");
        d.get(url);
        assertThat(d.findElement(By.tagName("main")).getText()).contains("app2");
        browser.screenshot("demo-problems-app2-down");
        d.get(url + "edge");
        browser.screenshot("demo-edge-app2-down");

        // every request still answers while app2 is down: the edge routes around it
        HttpClient c = HttpClient.newHttpClient();
        Matcher edge = until(out, "edge   (http://127\\.0\\.0\\.1:\\d+/)");
        for (int i = 0; i < 20; i++) {
          HttpResponse<String> r =
              c.send(
                  HttpRequest.newBuilder(URI.create(edge.group(1) + "account")).build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.headers().firstValue("X-Served-By")).isNotEqualTo("app2");
        }

        // and back
        d.get(url + "demo");
        d.findElement(By.xpath("//form[input[@name='instance' and @value='app2']]//button"))
            .click();
        awaitTrue(() -> backendState(admin.group(1), "app2/http").equals("up"), "app2 is back in");
        awaitTrue(() -> checkState(url, d, "app2/http").startsWith("OK"), "the monitor sees it");
      } finally {
        demo.interrupt(); // the demo stops what it started (its finally block), then returns
        demo.join(Duration.ofSeconds(60));
        assertThat(demo.isAlive()).as("the demo stopped").isFalse();
      }
    }
  }

  /** The edge's state of one backend, through its admin API as an operator's script reads it. */
  private static String backendState(String admin, String id) throws Exception {
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(admin + "pools")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    return AdminJson.read(r.body()).pools().stream()
        .flatMap(p -> p.backends().stream())
        .filter(b -> b.id().equals(id))
        .map(b -> b.state().toLowerCase(java.util.Locale.ROOT))
        .findFirst()
        .orElse("none");
  }

  /** A check's state and state type from the box's JSON API, in the signed-in browser. */
  private static String checkState(String url, WebDriver d, String id) throws Exception {
    d.get(url + "api/checks?q=" + id);
    JsonNode items = JSON.readTree(d.findElement(By.tagName("body")).getText()).path("items");
    for (JsonNode c : items) {
      if (c.path("id").asText().equals(id)) {
        return c.path("state").asText() + " " + c.path("stateType").asText();
      }
    }
    return "none";
  }

  private static Matcher until(StringWriter out, String regex) throws InterruptedException {
    Pattern p = Pattern.compile(regex);
    long end = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < end) {
      Matcher m = p.matcher(out.toString());
      if (m.find()) {
        return m;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the demo never printed /" + regex + "/:\n" + out);
  }

  private static void awaitTrue(Callable<Boolean> condition, String what) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < end) {
      if (condition.call()) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("waited " + WAIT + " in vain: " + what);
  }
}
