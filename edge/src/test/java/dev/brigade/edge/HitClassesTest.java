package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The hit classifier is built once per snapshot from the cache's session cookies. */
class HitClassesTest {
  static EdgeConfig config(List<String> sessionCookies) {
    CacheSettings d = CacheSettings.DEFAULT;
    return EdgeFixture.edgeConfig(
        SharedUpstreamTest.pool(1, "/health", Duration.ofSeconds(1)),
        Timeouts.DEFAULT,
        Optional.of(
            new CacheSettings(
                d.maxBytes(),
                d.maxObjectBytes(),
                d.grace(),
                d.staleIfDisconnected(),
                d.coalesceWait(),
                "",
                sessionCookies,
                d.trackingCookies())));
  }

  static HttpRequest get(String cookie) {
    HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/cart");
    r.headers().set("Cookie", cookie);
    return r;
  }

  @Test
  void oneClassifierPerSnapshot_rebuiltWhenTheSessionCookiesAreReloaded() {
    EdgeRuntime rt = new EdgeRuntime(config(List.of("SID")), null, Transport.best());
    EdgeRuntime.Snapshot first = rt.snapshot();
    assertThat(first.hitClassifier()).isSameAs(rt.snapshot().hitClassifier());
    assertThat(CacheRules.hitClass(first.hitClassifier(), get("SID=1"), "/cart"))
        .isEqualTo(CacheRules.RED);
    assertThat(CacheRules.hitClass(first.hitClassifier(), get("OTHER=1"), "/cart"))
        .isEqualTo(CacheRules.YELLOW);
    EdgeRuntime.Snapshot reloaded = rt.reload(config(List.of("OTHER")));
    assertThat(CacheRules.hitClass(reloaded.hitClassifier(), get("OTHER=1"), "/cart"))
        .isEqualTo(CacheRules.RED);
    assertThat(CacheRules.hitClass(reloaded.hitClassifier(), get("SID=1"), "/cart"))
        .isEqualTo(CacheRules.YELLOW);
  }
}
