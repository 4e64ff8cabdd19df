package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MuninGraphsTest {
  @Test
  void config_ofAPlainPlugin_givesOneGraphWithFieldTypesAndBounds() throws Exception {
    Map<String, MuninGraphs.Graph> g =
        MuninGraphs.config(
            "if_eth0",
            List.of(
                "graph_title eth0 traffic",
                "graph_vlabel bits in (-) / out (+) per ${graph_period}",
                "down.label received",
                "down.type DERIVE",
                "down.min 0",
                "down.max 1000000000",
                "up.label sent",
                "up.type COUNTER"),
            "test");
    assertThat(g).containsOnlyKeys("if_eth0");
    MuninGraphs.Field down = g.get("if_eth0").fields().get("down");
    assertThat(down.kind()).isEqualTo(Kind.DERIVE);
    assertThat(down.min()).isZero();
    assertThat(down.max()).isEqualTo(1e9);
    assertThat(g.get("if_eth0").fields().get("up").kind()).isEqualTo(Kind.COUNTER);
    assertThat(g.get("if_eth0").title()).isEqualTo("eth0 traffic");
  }

  @Test
  void multigraph_splitsConfigAndValuesIntoGraphs() throws Exception {
    Map<String, MuninGraphs.Graph> g =
        MuninGraphs.config(
            "diskstats",
            List.of("multigraph disk_a", "x.label x", "multigraph disk_b", "y.type ABSOLUTE"),
            "test");
    assertThat(g).containsOnlyKeys("disk_a", "disk_b");
    assertThat(g.get("disk_b").fields().get("y").kind()).isEqualTo(Kind.ABSOLUTE);
    Map<String, Map<String, Double>> v =
        MuninGraphs.values(
            "diskstats",
            List.of("multigraph disk_a", "x.value 42", "multigraph disk_b", "y.value U"),
            "test");
    assertThat(v.get("disk_a")).containsEntry("x", 42.0);
    assertThat(v.get("disk_b").get("y")).isNaN();
  }

  @Test
  void values_withTheNodesOwnTimestamp_takeTheValue() throws Exception {
    assertThat(MuninGraphs.values("p", List.of("a.value 1700000000:12.5"), "t").get("p"))
        .containsEntry("a", 12.5);
  }

  @Test
  void tooManyFields_isAOneLineErrorNamingTheLine() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i <= MuninGraphs.MAX_FIELDS; i++) {
      lines.add("f" + i + ".value 1");
    }
    assertThatThrownBy(() -> MuninGraphs.values("p", lines, "munin-node web1 fetch p"))
        .isInstanceOf(InputLimitException.class)
        .hasMessage("munin-node web1 fetch p line 5001: more than 5000 values");
  }

  @Test
  void aBadMultigraphName_isRefused() {
    assertThatThrownBy(() -> MuninGraphs.config("p", List.of("multigraph ../../etc"), "node"))
        .hasMessageContaining("node line 1: bad multigraph name");
  }
}
