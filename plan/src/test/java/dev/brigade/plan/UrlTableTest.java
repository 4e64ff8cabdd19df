package dev.brigade.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlTableTest {
  private static void add(UrlTable t, String path, long bytes) {
    byte[] b = ("xx" + path).getBytes(StandardCharsets.UTF_8);
    t.add(b, 2, b.length - 2, bytes);
  }

  @Test
  void fewPaths_areCountedExactly() {
    UrlTable t = new UrlTable(16);
    for (int i = 0; i < 1000; i++) {
      add(t, "/p" + i % 10, 3);
    }
    Map<String, long[]> m = UrlTable.newMap();
    t.drainInto(m);
    assertThat(m).hasSize(10);
    assertThat(m.get("/p3")).containsExactly(100, 300);
    assertThat(t.floor()).isZero();
  }

  @Test
  void manyRarePaths_stayBounded_andTheHeavyHittersSurviveWithABoundedUndercount() {
    UrlTable t = new UrlTable(64);
    long[] warm = new long[3];
    for (int i = 0; i < 200_000; i++) {
      if (i % 4 == 0) {
        add(t, "/hot", 1);
      } else if (i % 4 == 1) {
        add(t, "/warm" + i % 3, 1);
        warm[i % 3]++;
      } else {
        add(t, "/rare/" + i, 1); // 100,000 paths seen once
      }
    }
    Map<String, long[]> m = UrlTable.newMap();
    t.drainInto(m);
    assertThat(m.size()).isLessThanOrEqualTo(64);
    assertThat(m.get("/hot")[0]).isEqualTo(50_000);
    for (int w = 0; w < 3; w++) {
      long counted = m.get("/warm" + w)[0];
      long truth = warm[w];
      assertThat(counted).isBetween(truth - t.floor(), truth);
    }
    assertThat(t.floor()).isPositive().isLessThan(10);
  }

  @Test
  void longPaths_areCountedByTheirFirstBytes() {
    UrlTable t = new UrlTable(16);
    add(t, "/" + "a".repeat(300) + "1", 1);
    add(t, "/" + "a".repeat(300) + "2", 1);
    Map<String, long[]> m = UrlTable.newMap();
    t.drainInto(m);
    assertThat(m).hasSize(1);
    assertThat(m.keySet().iterator().next()).hasSize(UrlTable.MAX_KEY);
  }
}
