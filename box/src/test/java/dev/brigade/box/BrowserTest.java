package dev.brigade.box;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The browser fixture itself: Debian's Chromium loads a loopback page and clicks on it. */
class BrowserTest {
  @Test
  void chromiumLoadsALoopbackPage_runsItsScript_andTakesAScreenshot() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    byte[] page =
        ("<!doctype html><title>fixture</title><button id=b>press</button><p id=p>before</p>"
                + "<script>document.getElementById('b').onclick=()=>"
                + "document.getElementById('p').textContent='after'</script>")
            .getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/",
        x -> {
          x.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          x.sendResponseHeaders(200, page.length);
          x.getResponseBody().write(page);
          x.close();
        });
    server.start();
    try (Browser b = Browser.start()) {
      b.driver().get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
      assertThat(b.driver().getTitle()).isEqualTo("fixture");
      b.driver().findElement(By.id("b")).click();
      assertThat(b.driver().findElement(By.id("p")).getText()).isEqualTo("after");
      assertThat(b.screenshot("fixture")).isNotEmptyFile();
    } finally {
      server.stop(0);
    }
  }
}
