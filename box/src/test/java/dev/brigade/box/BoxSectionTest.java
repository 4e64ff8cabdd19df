package dev.brigade.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brigade.box.auth.PasswordHash;
import dev.brigade.box.web.Role;
import dev.brigade.model.ClusterLoader;
import dev.brigade.model.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoxSectionTest {
  @TempDir Path dir;

  private Path model(String box) throws Exception {
    Path f = dir.resolve("brigade.yml");
    Files.writeString(
        f,
        "cluster: c\nroles: { r: {} }\nhosts: { a: { address: 127.0.0.1, roles: [r] } }\n"
            + "stages: { s: { hosts: [a] } }\n"
            + box);
    return f;
  }

  @Test
  void withoutASection_theBoxIsOnLoopback9190_withItsDataNextToTheModel() throws Exception {
    BoxSettings s = new ClusterLoader(Map.of(), List.of()).read(model("")).section(BoxSection.TYPE);
    assertThat(s.address()).isEqualTo("127.0.0.1");
    assertThat(s.port()).isEqualTo(9190);
    assertThat(s.store()).isEqualTo("sqlite");
    var cluster = new ClusterLoader(Map.of(), List.of()).read(model(""));
    assertThat(s.dataDir(cluster)).isEqualTo(dir.toAbsolutePath().resolve(".brigade/box"));
  }

  @Test
  void usersFromTheModelAndAUsersFile_tokens_andLifetimes_areRead() throws Exception {
    String h = PasswordHash.hash("secret-password".toCharArray());
    Files.writeString(dir.resolve("users.txt"), "# ops\ncarol:read:" + h + "\n");
    BoxSettings s =
        new ClusterLoader(Map.of(), List.of())
            .read(
                model(
                    "box:\n  listen: 0.0.0.0:9000\n  session: { idle: 10m, absolute: 2h }\n"
                        + "  users: { alice: { role: operator, password: \""
                        + h
                        + "\" } }\n  users-file: users.txt\n"
                        + "  tokens: { deploy: { role: operator, sha256: "
                        + "ab".repeat(32)
                        + " } }\n  store: jdbc:postgresql://db1/box?user=box&password=s3cret\n"))
            .section(BoxSection.TYPE);
    assertThat(s.users())
        .extracting(BoxSettings.User::name, BoxSettings.User::role)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alice", Role.OPERATOR),
            org.assertj.core.groups.Tuple.tuple("carol", Role.READ));
    assertThat(s.idle()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.tokens()).hasSize(1);
    assertThat(s.toString()).doesNotContain("s3cret").doesNotContain("argon2id");
    assertThat(s.users().getFirst().toString()).doesNotContain("argon2id");
  }

  @Test
  void mistakesInTheUsersFile_areProblemsWithItsFileAndLine() throws Exception {
    Files.writeString(dir.resolve("users.txt"), "alice:operator:$argon2id$x\n\nbob:admin:y\n");
    assertThatThrownBy(
            () ->
                new ClusterLoader(Map.of(), List.of())
                    .read(model("box:\n  users-file: users.txt\n  store: mysql\n")))
        .isInstanceOf(ModelException.class)
        .satisfies(
            e -> {
              List<String> lines = ((ModelException) e).lines();
              assertThat(lines)
                  .anyMatch(
                      l -> l.matches(".*users.txt:1:1: user 'alice': not an Argon2id hash.*"));
              assertThat(lines)
                  .anyMatch(
                      l ->
                          l.matches(
                              ".*users.txt:3:1: role 'admin' of user 'bob' is not read or operator"));
              assertThat(lines)
                  .anyMatch(
                      l ->
                          l.matches(
                              ".*brigade.yml:7:10: 'store' of 'box' is sqlite or a jdbc:postgresql.*"));
            });
  }
}
