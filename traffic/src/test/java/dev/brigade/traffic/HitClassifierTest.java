package dev.brigade.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HitClassifierTest {
  private final HitClassifier rules = HitClassifier.DEFAULT;

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "GET, /static/style.css, GREEN",
    "GET, /img/Logo.PNG, GREEN",
    "HEAD, /app.js?v=42, GREEN",
    "GET, /fonts/a.woff2, GREEN",
    "GET, /, YELLOW",
    "GET, /news, YELLOW",
    "GET, /products/42?sort=price, YELLOW",
    "GET, /search?q=style.css, YELLOW",
    "GET, /v1.2/items, YELLOW",
    "GET, /archive.tar, YELLOW",
    "GET, /static.css/, YELLOW",
    "POST, /cart, RED",
    "PUT, /static/style.css, RED",
    "DELETE, /news, RED",
    "-, /style.css, GREEN",
  })
  void classifiesByMethodAndPath(String method, String path, HitClass expected) {
    assertThat(rules.classify(method, path, null)).isEqualTo(expected);
  }

  @Test
  void sessionCookie_makesAnyPageRed() {
    assertThat(rules.classify("GET", "/news", "_ga=1; PHPSESSID=abc")).isEqualTo(HitClass.RED);
    assertThat(rules.classify("GET", "/style.css", "JSESSIONID=x")).isEqualTo(HitClass.RED);
  }

  @Test
  void prefixPattern_matchesDrupalStyleSessionNames() {
    assertThat(rules.classify("GET", "/node/1", "SESS3f2a9c=v")).isEqualTo(HitClass.RED);
    assertThat(rules.classify("GET", "/node/1", "SSESSx=v; other=1")).isEqualTo(HitClass.RED);
  }

  @Test
  void otherCookies_leaveTheClassAlone() {
    assertThat(rules.classify("GET", "/news", "_ga=GA1.2; theme=dark")).isEqualTo(HitClass.YELLOW);
    assertThat(rules.classify("GET", "/news", "PHPSESSIDX=1")).isEqualTo(HitClass.YELLOW);
    assertThat(rules.classify("GET", "/news", "")).isEqualTo(HitClass.YELLOW);
    assertThat(rules.classify("GET", "/news", ";;  ; =x")).isEqualTo(HitClass.YELLOW);
  }

  @Test
  void cookieValueNamedLikeASession_isNotASession() {
    assertThat(rules.classify("GET", "/news", "theme=PHPSESSID")).isEqualTo(HitClass.YELLOW);
  }

  @Test
  void configuredNames_replaceTheDefaults() {
    HitClassifier own = new HitClassifier(List.of("sid"));
    assertThat(own.classify("GET", "/a", "sid=1")).isEqualTo(HitClass.RED);
    assertThat(own.classify("GET", "/a", "PHPSESSID=1")).isEqualTo(HitClass.YELLOW);
  }

  @Test
  void worksOnAnyCharSequence() {
    assertThat(rules.classify(new StringBuilder("GET"), new StringBuilder("/a.css"), null))
        .isEqualTo(HitClass.GREEN);
  }
}
