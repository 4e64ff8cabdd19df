package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The admin API's /pools answer, written and read through the same records. */
class AdminJsonTest {
  @Test
  void poolsAnswer_readsBackThroughTheSameRecords_withTodaysFieldNames() throws Exception {
    try (EdgeFixture f =
        new EdgeFixture(2, Algorithm.ROUND_ROBIN, HealthSettings.DEFAULT, Timeouts.DEFAULT)) {
      f.get("/news");
      f.adminPost("/pools/app/backends/app2/http/drain", EdgeFixture.TOKEN);
      HttpResponse<byte[]> r =
          f.client.send(
              HttpRequest.newBuilder(f.admin("/pools")).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      String text = new String(r.body(), StandardCharsets.UTF_8);
      assertThat(text)
          .contains(
              "\"name\":\"app\"",
              "\"algorithm\":",
              "\"p50Millis\":",
              "\"p99Millis\":",
              "\"connectErrors\":",
              "\"health\":",
              "\"transitions\":")
          .doesNotContain("\"cache\"");
      AdminJson.Pools pools = AdminJson.read(r.body());
      AdminJson.Pool app = pools.pool("app").orElseThrow();
      assertThat(app.backends()).extracting(AdminJson.Backend::id).contains("app1/http");
      assertThat(app.backends())
          .filteredOn(b -> b.id().equals("app2/http"))
          .extracting(AdminJson.Backend::state)
          .containsExactly("drain");
      assertThat(app.requests()).isGreaterThanOrEqualTo(1);
      assertThat(pools.cacheCounters()).isEmpty();
    }
  }

  @Test
  void cacheCounters_giveTheHitRatio_andAnAnswerWithoutThemReads() throws Exception {
    AdminJson.Cache c = new AdminJson.Cache(3, 1, 0, 0, 2, 1, 1);
    assertThat(c.hitRatio()).contains(0.75);
    AdminJson.Pools back =
        AdminJson.read(
            AdminJson.write(new AdminJson.Pools(java.util.List.of(), c))
                .getBytes(StandardCharsets.UTF_8));
    assertThat(back.cacheCounters()).contains(c);
    assertThat(new AdminJson.Cache(0, 0, 0, 0, 0, 0, 0).hitRatio()).isEqualTo(Optional.empty());
    assertThat(
            AdminJson.read("{\"pools\":[],\"later\":1}".getBytes(StandardCharsets.UTF_8)).pools())
        .isEmpty();
  }

  @Test
  void anAnswerThatIsNotThePools_orTooLong_isAnIOException() {
    assertThatThrownBy(() -> AdminJson.read("[1,2".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> AdminJson.read(new byte[AdminJson.MAX_BYTES + 1]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("over");
  }
}
