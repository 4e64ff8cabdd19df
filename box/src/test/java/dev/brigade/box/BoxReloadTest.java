package dev.brigade.box;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.ClusterLoader;
import dev.brigade.monitor.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoxReloadTest {
  @TempDir Path dir;

  @Test
  void aFailedReload_keepsTheOldModel_andAGoodOne_keepsEveryState() throws Exception {
    try (TestBox t = TestBox.start(dir)) {
      Box box = t.box;
      box.monitor().submit("db1/backup", Status.CRITICAL, "BACKUP CRITICAL");
      var bad =
          box.reload(
              () -> {
                throw new IllegalArgumentException("the model has 1 problems, first: x");
              });
      assertThat(bad.ok()).isFalse();
      assertThat(bad.message()).startsWith("reload failed, still running the previous model");
      assertThat(box.cluster().hosts()).containsKey("app1");
      Path model = dir.resolve("brigade.yml");
      Files.writeString(
          model,
          Files.readString(model)
              .replace(
                  "  db1: { address: 127.0.0.1, roles: [db] }\n",
                  "  db1: { address: 127.0.0.1, roles: [db] }\n  db2: { address: 127.0.0.1, roles: [db] }\n")
              .replace(
                  "production: { hosts: [app1, db1] }", "production: { hosts: [app1, db1, db2] }"));
      var good = box.reload(() -> new ClusterLoader(Map.of(), List.of()).read(model));
      assertThat(good.ok()).as(good.message()).isTrue();
      assertThat(box.cluster().hosts()).containsKey("db2");
      assertThat(box.monitor().check("db1/backup").orElseThrow().state()).isEqualTo("CRITICAL");
      WebClient c = new WebClient(t.url);
      assertThat(c.login("alice", "alice-password")).isEqualTo(303);
      assertThat(c.get("/hosts/db2").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void annotationsAndPerfdata_showOnTheTimelineAndAsGraphsOfTheCheck() throws Exception {
    try (TestBox t = TestBox.start(dir)) {
      Box box = t.box;
      box.monitor()
          .annotate(Instant.now(), "deploy", "production: r42 by alice", Optional.of("db1"));
      box.monitor().submit("db1/backup", Status.OK, "BACKUP OK | size=2048B;;;0 took=12.5s");
      WebClient c = new WebClient(t.url);
      assertThat(c.login("bob", "bob-password")).isEqualTo(303);
      BoxJson.Events e =
          BoxJson.read(c.get("/api/events?kind=annotation").body(), BoxJson.Events.class);
      assertThat(e.items())
          .anySatisfy(
              x -> {
                assertThat(x.text()).isEqualTo("deploy: production: r42 by alice");
                assertThat(x.target()).isEqualTo("db1");
                assertThat(x.source()).isEqualTo("metrics");
              });
      String page = c.get("/services/db1/backup").body();
      assertThat(page)
          .contains("<svg")
          .contains("/graphs?series=db1%2Fcheck.backup%2Fsize")
          .contains("/graphs?series=db1%2Fcheck.backup%2Ftook");
      assertThat(c.get("/events?kind=annotation").body()).contains("r42 by alice");
    }
  }
}
