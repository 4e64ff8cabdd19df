package dev.brigade.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or broken files give one clear problem, never an exception or a hang. */
class YamlLimitsTest {
  @TempDir Path dir;

  private Problem onlyProblem(String text) {
    List<Problem> problems = ModelFiles.problems(ModelFiles.write(dir, "brigade.yml", text));
    assertThat(problems).hasSize(1);
    return problems.getFirst();
  }

  @Test
  void aliasBomb_isRefused() {
    StringBuilder b = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      b.append("a").append(i).append(": &a").append(i).append(" [");
      b.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
    }
    assertThat(onlyProblem(b.toString()).message()).startsWith("YAML");
  }

  @Test
  void aliasBombWithinTheAliasLimit_isRefusedByItsExpandedSize() {
    // 33 levels of 3 aliases: 99 aliases (under SnakeYAML's 100) in ~1 KB, 3^33 values expanded.
    StringBuilder b = new StringBuilder("a0: &a0 [x, x, x]\n");
    for (int i = 1; i < 34; i++) {
      String prev = "*a" + (i - 1);
      b.append("a").append(i).append(": &a").append(i);
      b.append(" [").append(prev).append(", ").append(prev).append(", ").append(prev).append("]\n");
    }
    assertThat(b.length()).isLessThan(1024);
    Problem p = onlyProblem(b.toString());
    assertThat(p.message()).contains("expands to more than " + YamlFile.MAX_NODES);
    assertThat(p.location().line()).isGreaterThan(1);
  }

  @Test
  void aliasesUsedAFewTimes_areStillAccepted() throws ModelException {
    String yaml =
        ModelFiles.base("roles: [app, cache] }", "roles: &r [app, cache] }")
            .replace("roles: [app] }", "roles: *r }");
    Cluster cluster = ModelFiles.load(ModelFiles.write(dir, "brigade.yml", yaml));
    assertThat(cluster.hosts().get("app2").roles()).hasSize(2);
  }

  @Test
  void deepNesting_isRefused() {
    String deep = "x: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
    Problem p = onlyProblem(deep);
    assertThat(p.message()).containsAnyOf("nesting", "YAML");
  }

  @Test
  void tooLargeFile_isRefusedBeforeParsing() {
    Problem p = onlyProblem("# " + "x".repeat(YamlFile.MAX_BYTES) + "\n");
    assertThat(p.message()).contains("larger than");
  }

  @Test
  void invalidUtf8_isRefused() throws IOException {
    Path file = dir.resolve("brigade.yml");
    Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
    assertThat(ModelFiles.problems(file))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("UTF-8"));
  }

  @Test
  void twoDocuments_areRefused() {
    assertThat(onlyProblem(ModelFiles.BASE + "---\ncluster: other\n").message())
        .contains("one YAML document");
  }

  @Test
  void emptyFile_isRefused() {
    assertThat(onlyProblem("# nothing here\n").message()).isEqualTo("file is empty");
  }

  @Test
  void topLevelList_isRefused() {
    assertThat(onlyProblem("- hosts\n- roles\n").message()).contains("must be a mapping");
  }

  @Test
  void mergeKeys_areRefusedWithAHint() {
    String yaml =
        ModelFiles.base("roles: [app, cache] }", "roles: [app, cache], labels: &l { rack: r1 } }")
            .replace("roles: [app] }", "roles: [app], labels: { <<: *l } }");
    Problem p = onlyProblem(yaml);
    assertThat(p.message()).contains("merge keys");
    assertThat(p.hint()).contains("include");
  }
}
