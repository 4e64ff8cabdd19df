package dev.brigade.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.Host;
import dev.brigade.model.SshSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchesTest {
  private static Host host(String name, String role) {
    return new Host(name, "10.0.0.1", SshSettings.DEFAULT, List.of(role), Map.of(), List.of());
  }

  private static DeploySettings settings(BatchSize batch, Map<String, Optional<BatchSize>> roles) {
    Map<String, RoleHooks> hooks = new LinkedHashMap<>();
    roles.forEach(
        (r, b) ->
            hooks.put(
                r,
                new RoleHooks(
                    r,
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    b)));
    return new DeploySettings(
        "/repo",
        "main",
        "/srv/app",
        5,
        List.of(),
        List.of(),
        hooks,
        batch,
        true,
        Duration.ofHours(2),
        Duration.ofMinutes(1),
        3,
        Duration.ofSeconds(1),
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void defaultBatch_switchesEveryHostOfEveryRoleAtOnce() {
    List<Host> hosts = List.of(host("a1", "app"), host("a2", "app"), host("w1", "web"));
    Map<String, Optional<BatchSize>> roles = new LinkedHashMap<>();
    roles.put("app", Optional.empty());
    roles.put("web", Optional.empty());
    assertThat(Batches.plan(hosts, settings(BatchSize.ALL, roles))).containsExactly(hosts);
  }

  @Test
  void countAndPercent_cutEachRoleIntoBatches_roleByRole() {
    List<Host> hosts =
        List.of(
            host("a1", "app"),
            host("a2", "app"),
            host("a3", "app"),
            host("w1", "web"),
            host("w2", "web"));
    Map<String, Optional<BatchSize>> roles = new LinkedHashMap<>();
    roles.put("app", Optional.of(new BatchSize.Count(2)));
    roles.put("web", Optional.empty());
    List<List<Host>> plan = Batches.plan(hosts, settings(new BatchSize.Percent(50), roles));
    assertThat(plan.stream().map(b -> b.stream().map(Host::name).toList()).toList())
        .containsExactly(List.of("a1", "a2"), List.of("a3"), List.of("w1"), List.of("w2"));
  }

  @Test
  void batchSize_parsesCountsAndPercentages_andRoundsPercentagesUp() {
    assertThat(BatchSize.parse("2")).contains(new BatchSize.Count(2));
    assertThat(BatchSize.parse("25%")).contains(new BatchSize.Percent(25));
    assertThat(BatchSize.parse("0")).isEmpty();
    assertThat(BatchSize.parse("150%")).isEmpty();
    assertThat(BatchSize.parse("two")).isEmpty();
    assertThat(new BatchSize.Percent(25).of(5)).isEqualTo(2);
    assertThat(new BatchSize.Percent(1).of(3)).isEqualTo(1);
    assertThat(new BatchSize.Count(10).of(3)).isEqualTo(3);
  }
}
