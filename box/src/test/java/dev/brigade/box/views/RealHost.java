package dev.brigade.box.views;

import dev.brigade.box.BoxServer;
import dev.brigade.box.BoxSettings;
import dev.brigade.box.auth.PasswordHash;
import dev.brigade.box.store.BoxStore;
import dev.brigade.box.web.BoxContext;
import dev.brigade.box.web.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The views on the box's own server, as a user meets them: sign-in, roles, the CSRF check, the
 * layout and the Content-Security-Policy; every page the service loader finds. For the browser
 * tests (PageHost serves a page alone, for tests through {@code handle}).
 */
final class RealHost implements AutoCloseable {
  static final String USER = "operator";
  static final String PASSWORD = "operator-password";

  private final BoxStore store;
  private final BoxServer server;

  RealHost(BoxContext box, Path dir) throws Exception {
    store = BoxStore.open("sqlite", dir.resolve("box-store"));
    server =
        BoxServer.start(
            box,
            BoxServer.Options.loopback(
                store,
                List.of(
                    new BoxSettings.User(
                        USER, Role.OPERATOR, PasswordHash.hash(PASSWORD.toCharArray())))));
  }

  /** The base URL, e.g. {@code http://127.0.0.1:PORT} (no trailing slash). */
  String url() {
    String u = server.url();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  /** Signs in through the login page, as a person would. */
  void signIn(WebDriver d) {
    d.get(url() + "/login");
    d.findElement(By.id("user")).sendKeys(USER);
    d.findElement(By.id("password")).sendKeys(PASSWORD);
    d.findElement(By.id("login")).click();
    new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.getPageSource().contains("Sign out"));
  }

  @Override
  public void close() throws java.sql.SQLException {
    server.close();
    store.close();
  }
}
