package dev.brigade.box;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The login throttle over HTTP: the sixth wrong password is 429 with Retry-After. */
class LoginLimitTest {
  @TempDir Path dir;

  @Test
  void afterFiveWrongPasswords_evenTheRightOneIs429WithRetryAfter() throws Exception {
    try (TestBox box = TestBox.start(dir)) {
      WebClient c = new WebClient(box.url);
      for (int i = 0; i < 5; i++) {
        assertThat(c.login("alice", "wrong-" + i)).isEqualTo(401);
      }
      String form = c.get("/login").body();
      HttpResponse<String> r =
          c.send(
              HttpRequest.newBuilder(URI.create(box.url + "login"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Origin", c.base)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "csrf="
                              + WebClient.token(form)
                              + "&user=alice&password=alice-password")));
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()))
          .isBetween(1L, 900L);
      assertThat(r.body()).contains("Too many failed sign-ins");
      assertThat(new WebClient(box.url).login("bob", "bob-password")).isEqualTo(303);
    }
  }
}
