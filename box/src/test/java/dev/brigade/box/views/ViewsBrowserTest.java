package dev.brigade.box.views;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.box.Browser;
import dev.brigade.metrics.Event;
import dev.brigade.metrics.Sample;
import dev.brigade.monitor.CheckView;
import dev.brigade.monitor.Status;
import dev.brigade.plan.DesignLoad;
import dev.brigade.plan.LayerLoad;
import dev.brigade.plan.PlanJson;
import dev.brigade.plan.PlanResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The views in real headless Chromium, under the box's CSP; screenshots in target/screenshots. */
class ViewsBrowserTest {
  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  @TempDir Path tmp;

  static WebDriverWait waiting(Browser b) {
    // the cluster page replaces its picture while the test reads it
    WebDriverWait w = new WebDriverWait(b.driver(), Duration.ofSeconds(20));
    w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return w;
  }

  @Test
  void clusterPage_showsTheLayersWithTheirRequestRates_andAStateChangeArrivesLive()
      throws Exception {
    try (TestBox box = new TestBox(Models.shop(tmp), tmp, NOW);
        RealHost host = new RealHost(box, tmp);
        Browser b = Browser.start()) {
      host.signIn(b.driver());
      Samples.edgeTraffic(box, NOW, 640, 96);
      box.metrics.record(
          "mc1",
          "check.memcached",
          List.of(Sample.gauge("hit_ratio", 94, "%")),
          NOW.minusSeconds(20));
      box.metrics.record(
          "mc2",
          "check.memcached",
          List.of(Sample.gauge("hit_ratio", 91, "%")),
          NOW.minusSeconds(20));
      for (CheckView c : box.monitor.checks()) {
        Status s =
            switch (c.id()) {
              case "app3/http" -> Status.WARNING;
              case "mc2" -> Status.CRITICAL;
              default -> Status.OK;
            };
        box.monitor.submit(c.id(), s, s + " - from the test");
      }
      Files.writeString(tmp.resolve("plan.json"), PlanJson.render(plan()));

      b.driver().get(host.url() + "/cluster");
      WebElement edgeRate =
          b.driver()
              .findElement(By.cssSelector("#cluster-live g.layer[data-layer='edge'] text.rate"));
      assertThat(edgeRate.getText()).isEqualTo("1,280 req/s");
      assertThat(
              b.driver()
                  .findElement(By.cssSelector("#cluster-live g.layer[data-layer='app'] text.rate"))
                  .getText())
          .isEqualTo("192 req/s");
      assertThat(b.driver().findElements(By.cssSelector("#cluster-live g.layer")))
          .extracting(e -> e.getAttribute("data-layer"))
          .containsExactly("edge", "app", "sessions", "database");
      assertThat(b.driver().findElements(By.cssSelector("circle.dot.warning"))).hasSize(1);
      assertThat(b.screenshot("cluster")).isNotEmptyFile();
      // live: app1 fails; the page's script (under the CSP: no inline script) fetches a fresh
      // picture and its dot turns red without a reload
      box.monitor.submit("app1/http", Status.CRITICAL, "HTTP CRITICAL - connection refused");
      box.advance(Duration.ofSeconds(5));
      waiting(b)
          .until(
              d ->
                  d.findElement(By.cssSelector("#cluster-live circle[data-host='app1']"))
                      .getAttribute("class")
                      .contains("critical"));
      assertThat(b.driver().findElement(By.id("cluster-live")).getAttribute("data-refreshed"))
          .isNotNull();
    }
  }

  @Test
  void graphPage_zoomByDragging_narrowsTheRange_andTheNewPictureLoads() throws Exception {
    try (TestBox box = new TestBox(Models.shop(tmp), tmp, NOW);
        RealHost host = new RealHost(box, tmp);
        Browser b = Browser.start()) {
      host.signIn(b.driver());
      Instant t0 = NOW.minus(Duration.ofHours(6));
      Samples.loadOfThreeApps(box, t0, Duration.ofHours(6));
      box.metrics.annotate(
          new Event(NOW.minus(Duration.ofHours(2)), "deploy", "release 42", Optional.empty()));
      b.driver()
          .get(
              host.url()
                  + "/graphs?series=app1/ssh/load1&series=app2/ssh/load1&series=app3/ssh/load1&range=6h");
      WebElement fig = b.driver().findElement(By.id("graph"));
      long from = Long.parseLong(fig.getAttribute("data-from"));
      long to = Long.parseLong(fig.getAttribute("data-to"));
      assertThat(to - from).isEqualTo(Duration.ofHours(6).toMillis());
      assertThat(b.screenshot("graphs")).isNotEmptyFile();

      new Actions(b.driver())
          .moveToElement(fig, -150, 0)
          .clickAndHold()
          .moveByOffset(200, 0)
          .release()
          .perform();
      waiting(b).until(d -> d.getCurrentUrl().contains("from="));
      String url = b.driver().getCurrentUrl();
      assertThat(url).doesNotContain("range=").contains("series=app1/ssh/load1");
      WebElement zoomed = b.driver().findElement(By.id("graph"));
      long zFrom = Long.parseLong(zoomed.getAttribute("data-from"));
      long zTo = Long.parseLong(zoomed.getAttribute("data-to"));
      assertThat(zFrom).isGreaterThan(from);
      assertThat(zTo).isLessThan(to);
      // 200 of the plot's ~706 pixels of six hours: about 1 h 42 min
      assertThat(Duration.ofMillis(zTo - zFrom))
          .isBetween(Duration.ofMinutes(80), Duration.ofMinutes(125));
      assertThat(zoomed.findElements(By.cssSelector("svg polyline.series"))).isNotEmpty();
      assertThat(b.screenshot("graphs-zoomed")).isNotEmptyFile();

      // save it to a dashboard through the form, and see the grid's picture load
      b.driver().findElement(By.cssSelector("form.save-graph input[name='name']")).sendKeys("Load");
      b.driver().findElement(By.cssSelector("form.save-graph button")).click();
      waiting(b).until(d -> d.getCurrentUrl().endsWith("/dashboards/Load"));
      WebElement img = b.driver().findElement(By.cssSelector(".dashboard-grid img"));
      waiting(b)
          .until(
              d ->
                  ((Number)
                              ((org.openqa.selenium.JavascriptExecutor) d)
                                  .executeScript("return arguments[0].naturalWidth", img))
                          .intValue()
                      > 0);
      assertThat(box.dashboards.get("Load").orElseThrow().graphs().getFirst()).contains("from=");
      assertThat(b.screenshot("dashboard")).isNotEmptyFile();
    }
  }

  @Test
  void edgePage_drainButton_drainsTheBackendInTheRealEdge() throws Exception {
    try (LiveEdge live = new LiveEdge();
        TestBox box =
            new TestBox(Models.shopWithOneEdge(tmp, live.port(), live.adminPort()), tmp, NOW);
        RealHost host = new RealHost(box, tmp);
        Browser b = Browser.start()) {
      host.signIn(b.driver());
      for (String p :
          List.of("/static/style.css", "/static/style.css", "/news", "/news", "/products/1")) {
        live.get(p);
      }
      b.driver().get(host.url() + "/edge");
      assertThat(
              b.driver()
                  .findElement(By.cssSelector("tr[data-backend='app2/http']"))
                  .getAttribute("data-state"))
          .isIn("up", "down");
      b.driver()
          .findElement(By.cssSelector("tr[data-backend='app2/http'] button[value='drain']"))
          .click();
      waiting(b).until(d -> !d.findElements(By.id("changed")).isEmpty());
      assertThat(b.driver().findElement(By.id("changed")).getText())
          .contains("app2/http on edge1 is now drain");
      assertThat(live.state("app2/http")).isEqualTo("drain");
      assertThat(
              b.driver()
                  .findElement(By.cssSelector("tr[data-backend='app2/http']"))
                  .getAttribute("data-state"))
          .isEqualTo("drain");
      assertThat(b.screenshot("edge")).isNotEmptyFile();
    }
  }

  static PlanResult plan() {
    return new PlanResult(
        null,
        DesignLoad.of("minute", 1200, 0.3, List.of(0.5, 0.3, 0.2)),
        "all",
        List.of(
            new LayerLoad(
                "edge",
                List.of("edge"),
                1560,
                List.of(),
                List.of(),
                "plan",
                234,
                1000.0,
                3,
                2,
                -1,
                0.78,
                1.56),
            new LayerLoad(
                "app",
                List.of("app"),
                234,
                List.of(),
                List.of(),
                "plan",
                47,
                100.0,
                4,
                3,
                -1,
                0.78,
                1.17),
            new LayerLoad(
                "cache",
                List.of("memcached"),
                1872,
                List.of(),
                List.of(),
                "plan",
                94,
                50000.0,
                2,
                2,
                0,
                0.02,
                0.04),
            new LayerLoad(
                "database",
                List.of("db"),
                47,
                List.of(),
                List.of(),
                "plan",
                0,
                500.0,
                2,
                1,
                -1,
                0.09,
                null)));
  }
}
