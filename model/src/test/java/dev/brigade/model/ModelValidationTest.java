package dev.brigade.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One kind of mistake per case: each gives one error at the right line and column. */
class ModelValidationTest {
  @TempDir Path dir;

  @Test
  void baseModel_isValid() throws ModelException {
    Cluster c = ModelFiles.load(ModelFiles.write(dir, "brigade.yml", ModelFiles.BASE));
    assertThat(c.hosts()).containsOnlyKeys("edge1", "app1", "app2");
    assertThat(c.members(c.layer("edge").orElseThrow().pools().getFirst()))
        .extracting(Endpoint::id)
        .containsExactly("app1/http", "app2/http");
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        mistake(
            "unknown top-level key",
            ModelFiles.base("roles:", "rols:"),
            "2:1",
            "unknown key 'rols' in the model",
            "did you mean 'roles'?"),
        mistake(
            "unknown host key",
            ModelFiles.base("roles: [edge]", "role: [edge]"),
            "16:31",
            "unknown key 'role' in host 'edge1'",
            "did you mean 'roles'?"),
        mistake(
            "wrong type: port is a word",
            ModelFiles.base("port: 8080", "port: http"),
            "9:15",
            "'port' of service 'app/http' must be a whole number from 1 to 65535, not 'http'",
            ""),
        mistake(
            "port out of range",
            ModelFiles.base("port: 8080", "port: 70000"),
            "9:15",
            "must be a whole number from 1 to 65535, not '70000'",
            ""),
        mistake(
            "wrong type: roles is a mapping",
            ModelFiles.base("roles: [app]", "roles: {app: 1}"),
            "18:45",
            "'roles' of host 'app2' must be a list, not a mapping",
            ""),
        mistake(
            "wrong type: hosts is a value",
            ModelFiles.base("hosts: [edge1, app1, app2]", "hosts: edge1"),
            "21:12",
            "'hosts' of stage 'production' must be a list",
            ""),
        mistake(
            "host in no stage",
            ModelFiles.base("[edge1, app1, app2]", "[edge1, app1]"),
            "18:3",
            "host 'app2' is in no stage",
            "add it to the hosts of a stage: production"),
        mistake(
            "role that does not exist",
            ModelFiles.base("roles: [app]", "roles: [ap]"),
            "18:46",
            "role 'ap' of app2 does not exist",
            "did you mean 'app'?"),
        mistake(
            "stage lists a host that does not exist",
            ModelFiles.base("[edge1, app1, app2]", "[edge1, app1, app2, app3]"),
            "21:32",
            "host 'app3' of stage 'production' does not exist",
            "did you mean"),
        mistake(
            "duplicate port on a host",
            ModelFiles.base("memcached: { port: 11211 }", "memcached: { port: 8080 }"),
            "17:31",
            "host 'app1': port 8080 is used by both app/http and cache/memcached",
            ""),
        mistake(
            "address that does not parse",
            ModelFiles.base("10.0.0.11", "10.0.0.300"),
            "17:20",
            "address '10.0.0.300' of host 'app1' is not an IPv4 address ('300' is not a number from 0 to 255)",
            ""),
        mistake(
            "address with a bad DNS label",
            ModelFiles.base("app2.example.com", "app2_.example.com"),
            "18:20",
            "invalid DNS label 'app2_'",
            ""),
        mistake(
            "duplicate host",
            ModelFiles.base("  app2: {", "  app1: { address: 10.0.0.12, roles: [app] }\n  app2: {"),
            "18:3",
            "duplicate key 'app1' in 'hosts' (first at 17:3)",
            ""),
        mistake(
            "missing address",
            ModelFiles.base("address: 10.0.0.1, ", ""),
            "16:10",
            "host 'edge1' needs 'address'",
            ""),
        mistake(
            "unknown protocol",
            ModelFiles.base("protocol: http }", "protocol: htp }"),
            "5:35",
            "'protocol' of service 'edge/http' is 'htp'",
            "did you mean 'http'?"),
        mistake(
            "bad duration",
            ModelFiles.base("expect: 200 }", "expect: 200, interval: 10 seconds }"),
            "11:68",
            "'interval' of check of service 'http' must be a duration",
            ""),
        mistake(
            "layer role does not exist",
            ModelFiles.base("role: edge\n", "role: egde\n"),
            "24:11",
            "role 'egde' of layer 'edge' does not exist",
            "did you mean 'edge'?"),
        mistake(
            "pool service does not exist",
            ModelFiles.base("app: { role: app }", "app: { role: app, service: https }"),
            "26:34",
            "role 'app' has no service 'https'",
            "did you mean 'http'?"),
        mistake(
            "invalid host name",
            ModelFiles.base("  app2: {", "  App 2: {").replace("app1, app2]", "app1, App 2]"),
            "18:3",
            "host name 'App 2' is not valid",
            "lower-case"),
        mistake(
            "env variable not set",
            ModelFiles.base("app2.example.com", "\"${APP2_ADDRESS}\""),
            "18:20",
            "environment variable APP2_ADDRESS is not set",
            "export APP2_ADDRESS=..."),
        mistake(
            "YAML syntax error",
            ModelFiles.base("roles: [app]", "roles: [app"),
            "18:50",
            "YAML syntax",
            "indentation"),
        mistake(
            "check path without slash",
            ModelFiles.base("path: /health", "path: health"),
            "11:36",
            "check path must start with '/'",
            ""),
        mistake(
            "parent cycle",
            ModelFiles.base("roles: [edge] }", "roles: [edge], parents: [edge1] }"),
            "16:55",
            "host 'edge1' is its own parent through 'edge1'",
            ""),
        mistake(
            "stage with no hosts",
            ModelFiles.base("layers:", "  staging: { hosts: [] }\nlayers:"),
            "22:3",
            "stage 'staging' has no hosts",
            ""));
  }

  private static Arguments mistake(
      String kind, String yaml, String position, String message, String hint) {
    return Arguments.of(kind, yaml, position, message, hint);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void eachMistake_isOneLineWithItsPosition(
      String kind, String yaml, String position, String message, String hint) {
    List<Problem> problems = ModelFiles.problems(ModelFiles.write(dir, "brigade.yml", yaml));

    assertThat(problems).as(kind).hasSize(1);
    Problem p = problems.getFirst();
    assertThat(p.location().position()).as(p.format()).isEqualTo(position);
    assertThat(p.message()).as(p.format()).contains(message);
    assertThat(p.hint()).as(p.format()).contains(hint);
    assertThat(p.format())
        .startsWith(dir.resolve("brigade.yml") + ":" + position + ": ")
        .doesNotContain("\n");
  }

  @Test
  void severalMistakes_areAllReportedInFileOrder() {
    String yaml =
        ModelFiles.base("roles:", "rols:")
            .replace("10.0.0.11", "10.0.0.300")
            .replace("[edge1, app1, app2]", "[edge1, app1, app2, app9]");

    List<Problem> problems = ModelFiles.problems(ModelFiles.write(dir, "brigade.yml", yaml));

    assertThat(problems)
        .extracting(p -> p.location().line())
        .isSorted()
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(problems).extracting(Problem::message).anyMatch(m -> m.contains("'rols'"));
    assertThat(problems).extracting(Problem::message).anyMatch(m -> m.contains("10.0.0.300"));
    assertThat(problems).extracting(Problem::message).anyMatch(m -> m.contains("'app9'"));
  }

  @Test
  void missingFile_isOneProblemNamingIt() {
    List<Problem> problems = ModelFiles.problems(dir.resolve("nope.yml"));
    assertThat(problems)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.format())
                    .endsWith("nope.yml:1:1: no such file; check the path or pass -c FILE"));
  }
}
