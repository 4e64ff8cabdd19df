package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.model.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edge's configuration comes from the model; its section is validated like the rest. */
class EdgeConfigTest {
  @TempDir Path dir;

  private Cluster load(String edgeSection) throws IOException, ModelException {
    Path file = dir.resolve("brigade.yml");
    Files.writeString(
        file,
        Files.readString(Path.of("../examples/production.yml"))
                .replace(
                    "include:\n  - production/",
                    "include:\n  - " + Path.of("../examples/production").toAbsolutePath() + "/")
                .replace(
                    "  - production/stages.yml",
                    "  - " + Path.of("../examples/production/stages.yml").toAbsolutePath())
            + edgeSection);
    return new ClusterLoader(Map.of("EDGE_TOKEN", "0123456789abcdef0123"), List.of()).read(file);
  }

  @Test
  void productionEdge_balancesOverItsOwnStagesAppServers() throws Exception {
    Cluster c = load("");
    EdgeConfig edge1 = EdgeConfig.from(c, "edge1");
    assertThat(edge1.listen().getPort()).isEqualTo(80);
    assertThat(edge1.admin().getPort()).isEqualTo(8089);
    PoolConfig app = edge1.pool("app").orElseThrow();
    assertThat(app.backends())
        .extracting(BackendConfig::id)
        .containsExactly("app1/http", "app2/http", "app3/http", "app4/http");
    assertThat(app.healthPath()).isEqualTo("/health");
    assertThat(app.probeInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(edge1.routes()).containsExactly(new Route("", "", "app"));

    EdgeConfig staging = EdgeConfig.from(c, "staging1");
    assertThat(staging.pool("app").orElseThrow().backends())
        .extracting(BackendConfig::id)
        .containsExactly("staging1/http");
  }

  @Test
  void edgeSection_setsAlgorithmsWeightsBackupsRoutesAndToken() throws Exception {
    Cluster c =
        load(
            """
        edge:
          admin: { token: "${EDGE_TOKEN}" }
          timeouts: { connect: 1s, first-byte: 5s, tunnel-idle: 10m }
          pools:
            app: { algorithm: least-conn, weights: { app1: 3 }, backups: [app4], affinity: cookie, health: { window: 5, threshold: 2, slow-start: 20s } }
          routes:
            - { path: /search, pool: search }
            - { pool: app }
        """);
    EdgeConfig e = EdgeConfig.from(c, "edge2");
    PoolConfig app = e.pool("app").orElseThrow();
    assertThat(app.algorithm()).isEqualTo(Algorithm.LEAST_CONN);
    assertThat(app.affinityCookie()).isEqualTo("BRIGADE_BACKEND");
    assertThat(app.backends())
        .filteredOn(BackendConfig::backup)
        .extracting(BackendConfig::id)
        .containsExactly("app4/http");
    assertThat(app.backends())
        .filteredOn(b -> b.id().equals("app1/http"))
        .extracting(BackendConfig::weight)
        .containsExactly(3);
    assertThat(app.health()).isEqualTo(new HealthSettings(5, 2, 0, 0, 3, Duration.ofSeconds(20)));
    assertThat(e.timeouts().connect()).isEqualTo(Duration.ofSeconds(1));
    assertThat(e.timeouts().tunnelIdle()).isEqualTo(Duration.ofMinutes(10));
    assertThat(Timeouts.DEFAULT.tunnelIdle()).isEqualTo(Duration.ofHours(1));
    assertThat(e.adminToken()).isEqualTo("0123456789abcdef0123");
    assertThat(e.routes())
        .containsExactly(new Route("", "/search", "search"), new Route("", "", "app"));
  }

  @Test
  void compression_isOnByDefault_andSetUnderEdgeCompression() throws Exception {
    EdgeConfig on = EdgeConfig.from(load("edge:\n  cache: { size: 16MB }\n"), "edge2");
    assertThat(on.cache().orElseThrow().compression()).isEqualTo(Compression.DEFAULT);
    EdgeConfig set =
        EdgeConfig.from(
            load(
                """
        edge:
          cache: { size: 16MB }
          compression: { gzip: true, level: 9, min-length: 1KB, types: [text/html, application/json] }
        """
                    .replace("1KB", "1024")),
            "edge2");
    Compression c = set.cache().orElseThrow().compression();
    assertThat(c.level()).isEqualTo(9);
    assertThat(c.minLength()).isEqualTo(1024);
    assertThat(c.types()).containsExactly("text/html", "application/json");
    EdgeConfig off =
        EdgeConfig.from(
            load("edge:\n  cache: { size: 16MB }\n  compression: { gzip: false }\n"), "edge2");
    assertThat(off.cache().orElseThrow().compression().gzip()).isFalse();
    assertThatThrownBy(() -> load("edge:\n  cache: { size: 16MB }\n  compression: { level: 12 }\n"))
        .isInstanceOf(ModelException.class);
  }

  @Test
  void edgeSectionMistakes_areModelProblemsWithPositions() {
    assertThatThrownBy(
            () ->
                load(
                    """
        edge:
          pools:
            ap: { algorithm: roundrobin }
          routes:
            - { path: search, pool: app }
          timeout: { connect: 1s }
        """))
        .isInstanceOfSatisfying(
            ModelException.class,
            ex ->
                assertThat(ex.lines())
                    .anyMatch(
                        l ->
                            l.matches(
                                ".*brigade.yml:[0-9]+:5: edge pool 'ap' is not a pool of any layer.*"))
                    .anyMatch(
                        l ->
                            l.contains(
                                "'algorithm' of edge pool 'ap' is 'roundrobin'; did you mean 'round-robin'?"))
                    .anyMatch(l -> l.contains("route path must start with '/'"))
                    .anyMatch(
                        l ->
                            l.contains(
                                "unknown key 'timeout' in 'edge'; did you mean 'timeouts'?")));
  }

  @Test
  void unknownNode_namesTheEdgeHosts() throws Exception {
    Cluster c = load("");
    assertThatThrownBy(() -> EdgeConfig.from(c, "edge9"))
        .hasMessageContaining("no host 'edge9'")
        .hasMessageContaining("edge1, edge2");
    assertThatThrownBy(() -> EdgeConfig.from(c, "db1"))
        .hasMessageContaining("has the role of no layer with pools");
  }
}
