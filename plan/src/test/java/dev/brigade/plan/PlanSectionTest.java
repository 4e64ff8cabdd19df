package dev.brigade.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.model.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanSectionTest {
  @TempDir Path dir;

  private static final String CORE =
      """
      roles:
        app: { services: { http: { port: 8080, protocol: http } } }
      hosts:
        a1: { address: 10.0.0.1, roles: [app] }
      stages:
        production: { hosts: [a1] }
      """;

  private Cluster load(String plan) throws Exception {
    Path model = dir.resolve("brigade.yml");
    Files.writeString(model, CORE + plan);
    return new ClusterLoader(Map.of(), List.of(PlanSection.TYPE)).read(model);
  }

  @Test
  void absentSection_givesTheDefaults() throws Exception {
    assertThat(load("").section(PlanSection.TYPE)).isEqualTo(PlanSettings.DEFAULT);
  }

  @Test
  void everySetting_isRead() throws Exception {
    PlanSettings s =
        load("""
                plan:
                  growth: 50%
                  percentile: 90
                  basis: hour
                  stage: production
                  zone: Europe/Berlin
                  layers:
                    edge: { capacity: 2000, hit-rate: { green: 0.99, yellow: 0.7 } }
                    app: { roles: [app], capacity: 25 }
                    cache: { per-request: 8, hit-rate: 95%, from: app }
                    search: {}
                """)
            .section(PlanSection.TYPE);
    assertThat(s.growth()).isEqualTo(0.5);
    assertThat(s.percentile()).isEqualTo(90);
    assertThat(s.basis()).isEqualTo("hour");
    assertThat(s.stage()).contains("production");
    assertThat(s.zone()).contains(ZoneId.of("Europe/Berlin"));
    assertThat(s.layers().get("edge").hitRates()).contains(new HitRates(0.99, 0.7, 0));
    assertThat(s.layers().get("edge").capacity()).contains(2000.0);
    assertThat(s.layers().get("app").roles()).contains(List.of("app"));
    assertThat(s.layers().get("cache").hitRates()).contains(HitRates.all(0.95));
    assertThat(s.layers().get("cache").perRequest()).contains(8.0);
    assertThat(s.layers().get("search")).isEqualTo(PlanSettings.LayerSettings.EMPTY);
    assertThat(s.layers().get("app").from()).isEqualTo(Optional.empty());
  }

  @Test
  void mistakes_areReportedWithFileLineAndColumn() {
    Path model = dir.resolve("brigade.yml");
    assertThatThrownBy(
            () ->
                load(
                    """
                    plan:
                      growth: lots
                      basis: day
                      stage: prod
                      zone: Mars/Olympus
                      layers:
                        databse: { capacity: 10 }
                        app: { roles: [web], capacity: 0, colour: red }
                        edge: { from: app, hit-rate: 1.5 }
                    """))
        .isInstanceOf(ModelException.class)
        .satisfies(
            e ->
                assertThat(((ModelException) e).lines())
                    .containsExactly(
                        model
                            + ":8:11: 'growth' of 'plan' must be a number from 0.0 to 100.0, not 'lots'",
                        model
                            + ":9:10: 'basis' of 'plan' is 'day'; expected one of: hour, minute, second",
                        model
                            + ":10:10: stage 'prod' of 'plan' does not exist; the stages are: production",
                        model
                            + ":11:9: zone 'Mars/Olympus' of 'plan' is not a time zone; write a region"
                            + " such as Europe/Berlin, or an offset such as +01:00",
                        model
                            + ":13:5: unknown key 'databse' in 'plan.layers'; did you mean 'database'?",
                        model
                            + ":14:19: role 'web' of plan layer 'app' does not exist; the roles are: app",
                        model
                            + ":14:36: 'capacity' of plan layer 'app' must be a number from 0.001 to"
                            + " 1.0E9, not '0'",
                        model
                            + ":14:39: unknown key 'colour' in plan layer 'app'; expected one of:"
                            + " capacity, from, hit-rate, per-request, roles",
                        model
                            + ":15:19: plan layer 'edge' cannot receive from 'app'; a layer receives"
                            + " from one further out: cdn",
                        model
                            + ":15:34: 'hit-rate' of plan layer 'edge' must be a number from 0.0 to"
                            + " 1.0, not '1.5'"));
  }
}
