package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** Which requests the edge forwards as upgrades, without sockets. */
class UpgradeRequestTest {
  private static HttpRequest req(HttpMethod m, HttpVersion v, String... headers) {
    HttpRequest r = new DefaultHttpRequest(v, m, "/ws");
    for (int i = 0; i < headers.length; i += 2) {
      r.headers().add(headers[i], headers[i + 1]);
    }
    return r;
  }

  private static HttpRequest get(String... headers) {
    return req(HttpMethod.GET, HttpVersion.HTTP_1_1, headers);
  }

  @Test
  void aWebSocketHandshake_isAnUpgrade() {
    assertThat(
            UpgradeRequest.token(
                get("Connection", "Upgrade", "Upgrade", "websocket"), false, false))
        .isEqualTo("websocket");
    assertThat(
            UpgradeRequest.token(
                get("Connection", "keep-alive, upgrade", "Upgrade", "WebSocket"), false, false))
        .isEqualTo("WebSocket");
    assertThat(
            UpgradeRequest.token(
                get("Connection", "upgrade", "Upgrade", "foo/2, bar"), false, false))
        .isEqualTo("foo/2, bar");
  }

  @Test
  void withoutTheRightConditions_itIsNot() {
    assertThat(UpgradeRequest.token(get("Upgrade", "websocket"), false, false)).isNull();
    assertThat(UpgradeRequest.token(get("Connection", "upgrade"), false, false)).isNull();
    assertThat(UpgradeRequest.token(get("Connection", "upgrade", "Upgrade", "h2c"), false, false))
        .isNull();
    assertThat(
            UpgradeRequest.token(
                get("Connection", "upgrade", "Upgrade", "websocket, H2C"), false, false))
        .isNull();
    assertThat(
            UpgradeRequest.token(get("Connection", "upgrade", "Upgrade", "websocket"), true, false))
        .as("a body")
        .isNull();
    assertThat(
            UpgradeRequest.token(get("Connection", "upgrade", "Upgrade", "websocket"), false, true))
        .as("an HTTP/2 stream")
        .isNull();
    assertThat(
            UpgradeRequest.token(
                req(
                    HttpMethod.POST,
                    HttpVersion.HTTP_1_1,
                    "Connection",
                    "upgrade",
                    "Upgrade",
                    "websocket"),
                false,
                false))
        .isNull();
    assertThat(
            UpgradeRequest.token(
                req(
                    HttpMethod.GET,
                    HttpVersion.HTTP_1_0,
                    "Connection",
                    "upgrade",
                    "Upgrade",
                    "websocket"),
                false,
                false))
        .isNull();
    assertThat(
            UpgradeRequest.token(
                get("Connection", "upgrade", "Upgrade", "websocket", "Content-Length", "0"),
                false,
                false))
        .isNull();
    assertThat(
            UpgradeRequest.token(
                get("Connection", "upgrade", "Upgrade", "web socket"), false, false))
        .isNull();
    assertThat(UpgradeRequest.token(get("Connection", "upgrade", "Upgrade", "a,,b"), false, false))
        .isNull();
    assertThat(
            UpgradeRequest.token(
                get("Connection", "upgrade", "Upgrade", "x".repeat(UpgradeRequest.MAX_VALUE + 1)),
                false,
                false))
        .isNull();
    assertThat(
            UpgradeRequest.token(
                get("Connection", "upgrade", "Upgrade", "websocket", "Upgrade", "websocket"),
                false,
                false))
        .as("two Upgrade fields")
        .isNull();
  }

  @Test
  void the101_mustNameAProtocolAskedFor() {
    assertThat(UpgradeRequest.accepted("websocket", "websocket")).isTrue();
    assertThat(UpgradeRequest.accepted("websocket", "WebSocket")).isTrue();
    assertThat(UpgradeRequest.accepted("foo/2, bar", "bar")).isTrue();
    assertThat(UpgradeRequest.accepted("websocket", "h2c")).isFalse();
    assertThat(UpgradeRequest.accepted("websocket", null)).isFalse();
    assertThat(UpgradeRequest.accepted("websocket", " ")).isFalse();
  }
}
