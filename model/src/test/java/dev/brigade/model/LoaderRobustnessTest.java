package dev.brigade.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever a user writes, loading ends in a model or in problems with positions, never a crash: the
 * valid model mangled by random insertions of YAML's special characters. Each case is a fixed seed,
 * so a failure names the seed that reproduces it.
 */
class LoaderRobustnessTest {
  private static final List<String> JUNK =
      List.of(
          ":", "- ", "  ", "\n", "{", "}", "[", "]", "\"", "'", "&a ", "*a", "#", "x", "${X}", "\t",
          "? ", "!!int ", "|", ">", "%", "@", "`", "0", "-1", "99999", "~", "null", ",", "\u00e9",
          "\u0000", "<<: ", "---\n", "...\n", "\r");

  @TempDir Path dir;

  static IntStream seeds() {
    return IntStream.rangeClosed(1, 500);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void mangledModel_givesProblemsWithPositionsNeverExceptions(int seed) throws IOException {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder(ModelFiles.BASE);
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits; i++) {
      text.insert(random.nextInt(text.length() + 1), JUNK.get(random.nextInt(JUNK.size())));
    }
    Path file = dir.resolve("brigade.yml");
    Files.writeString(file, text);
    try {
      new ClusterLoader(Map.of(), List.of()).read(file);
    } catch (ModelException e) {
      assertThat(e.problems()).isNotEmpty();
      for (Problem p : e.problems()) {
        assertThat(p.location().line()).isPositive();
        assertThat(p.location().column()).isPositive();
        assertThat(p.format()).doesNotContain("\n").startsWith(file.toString());
      }
    }
  }
}
