package dev.brigade.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLoaderTest {
  @TempDir Path dir;

  private static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void productionExample_loadsWithItsIncludes() throws ModelException {
    Cluster c = new ClusterLoader(Map.of(), List.of()).read(EXAMPLES.resolve("production.yml"));

    assertThat(c.name()).isEqualTo("shop-production");
    assertThat(c.hostsWithRole("edge")).extracting(Host::name).contains("edge1", "edge2");
    assertThat(c.hostsWithRole("app")).hasSize(5);
    assertThat(c.hostsWithRole("memcached")).extracting(Host::name).contains("cache1", "cache2");
    assertThat(c.hostsWithRole("db-replica")).extracting(Host::name).contains("db2", "db3");
    assertThat(c.stages()).containsOnlyKeys("production", "staging");
    assertThat(c.layers()).extracting(Layer::name).containsExactly("edge", "app", "data");
    assertThat(c.host("db1").orElseThrow().ssh().user()).isEqualTo("deploy");
    assertThat(c.host("mgmt1").orElseThrow().ssh().user()).isEqualTo("admin");
    assertThat(c.host("mgmt1").orElseThrow().ssh().key().orElseThrow())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".ssh/brigade_ed25519"));
  }

  @Test
  void productionExample_substitutesSecretDefaults() throws ModelException {
    Cluster c =
        new ClusterLoader(Map.of("DB_MONITOR_PASSWORD", "s3cret"), List.of())
            .read(EXAMPLES.resolve("production.yml"));
    HealthCheck check = c.role("db-master").orElseThrow().service("mysql").orElseThrow().check();
    assertThat(check)
        .isInstanceOfSatisfying(
            HealthCheck.Command.class, cmd -> assertThat(cmd.command()).endsWith("-p s3cret"));
  }

  @Test
  void minimalExample_loads() throws ModelException {
    Cluster c = ModelFiles.load(EXAMPLES.resolve("minimal.yml"));
    Pool app = c.layer("edge").orElseThrow().pool("app").orElseThrow();
    assertThat(c.members(app))
        .extracting(Endpoint::address, Endpoint::port)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("127.0.0.2", 9001),
            org.assertj.core.groups.Tuple.tuple("127.0.0.3", 9001));
    assertThat(c.role("app").orElseThrow().service("http").orElseThrow().check())
        .isEqualTo(
            new HealthCheck.Http("/health", 200, Duration.ofSeconds(5), Duration.ofSeconds(2)));
  }

  @Test
  void poolMembers_stayInTheStageOfTheAskingHost() throws ModelException {
    Cluster c = ModelFiles.load(EXAMPLES.resolve("production.yml"));
    Pool sessions = c.layer("app").orElseThrow().pool("sessions").orElseThrow();

    assertThat(c.members(sessions, c.host("app1").orElseThrow()))
        .extracting(e -> e.host().name())
        .containsExactlyInAnyOrder("cache1", "cache2");
    assertThat(c.members(sessions, c.host("staging1").orElseThrow()))
        .extracting(e -> e.host().name())
        .containsExactly("staging1");
  }

  @Test
  void includes_mergeHostsAcrossFiles() throws ModelException {
    ModelFiles.write(
        dir, "more/extra.yml", "hosts:\n  app3: { address: 10.0.0.13, roles: [app] }\n");
    Path main =
        ModelFiles.write(
            dir,
            "brigade.yml",
            ModelFiles.base("[edge1, app1, app2]", "[edge1, app1, app2, app3]")
                + "include: more/*.yml\n");
    Cluster c = ModelFiles.load(main);
    assertThat(c.hosts()).containsKeys("app3");
  }

  @Test
  void duplicateAcrossIncludes_namesBothFiles() {
    ModelFiles.write(
        dir, "more/extra.yml", "hosts:\n  app1: { address: 10.0.0.13, roles: [app] }\n");
    Path main = ModelFiles.write(dir, "brigade.yml", ModelFiles.BASE + "include: more/extra.yml\n");

    List<Problem> problems = ModelFiles.problems(main);
    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.location().file().toString()).endsWith("more/extra.yml");
              assertThat(p.location().position()).isEqualTo("2:3");
              assertThat(p.message()).contains("duplicate key 'app1'").contains("brigade.yml:17:3");
            });
  }

  @Test
  void includeCycle_isReported() {
    ModelFiles.write(dir, "a.yml", "include: b.yml\n");
    ModelFiles.write(dir, "b.yml", "include: a.yml\n");
    Path main = ModelFiles.write(dir, "brigade.yml", ModelFiles.BASE + "include: a.yml\n");
    assertThat(ModelFiles.problems(main))
        .extracting(Problem::message)
        .anyMatch(m -> m.contains("include cycle"));
  }

  @Test
  void includeThatMatchesNothing_isReported() {
    Path main = ModelFiles.write(dir, "brigade.yml", ModelFiles.BASE + "include: stages/*.yml\n");
    assertThat(ModelFiles.problems(main))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("matches no file"));
  }

  @Test
  void environmentVariables_areSubstitutedWithDefaultsAndEscapes() throws ModelException {
    Path file =
        ModelFiles.write(
            dir,
            "brigade.yml",
            ModelFiles.base("app2.example.com", "\"${APP2:-app2.internal}\"")
                .replace("cluster: shop", "cluster: \"shop-${ENV}-$${literal}\""));
    Cluster c = new ClusterLoader(Map.of("ENV", "prod"), List.of()).read(file);
    assertThat(c.host("app2").orElseThrow().address()).isEqualTo("app2.internal");
    assertThat(c.name()).isEqualTo("shop-prod-${literal}");
  }

  /** A section owned by "another module", to show the SPI: validated with locations, per stage. */
  record Greeting(String text, Map<String, String> perStage) {}

  static final class GreetingSection implements SectionType<Greeting> {
    @Override
    public String key() {
      return "greeting";
    }

    @Override
    public Class<Greeting> valueType() {
      return Greeting.class;
    }

    @Override
    public boolean readsStageOverrides() {
      return true;
    }

    @Override
    public Greeting read(SectionContext ctx) {
      MappingReader r = ctx.reader("'greeting'");
      String text = r.string("text").orElse("hello");
      r.finish();
      Map<String, String> perStage = new java.util.HashMap<>();
      ctx.stageOverrides()
          .forEach(
              (stage, node) -> {
                MappingReader o =
                    MappingReader.of(node, "'greeting' of stage " + stage, ctx.problems());
                o.string("text").ifPresent(t -> perStage.put(stage, t));
                o.finish();
              });
      return new Greeting(text, perStage);
    }
  }

  @Test
  void sections_areReadByTheirOwnersWithStageOverrides() throws ModelException {
    Path file =
        ModelFiles.write(
            dir,
            "brigade.yml",
            ModelFiles.base(
                    "    hosts: [edge1, app1, app2]",
                    "    hosts: [edge1, app1, app2]\n    greeting: { text: hi-prod }")
                + "greeting:\n  text: hi\n");
    Cluster c = new ClusterLoader(Map.of(), List.of(new GreetingSection())).read(file);
    assertThat(c.section(new GreetingSection()))
        .isEqualTo(new Greeting("hi", Map.of("production", "hi-prod")));
  }

  @Test
  void sectionMistakes_areReportedWithTheirPosition() {
    Path file = ModelFiles.write(dir, "brigade.yml", ModelFiles.BASE + "greeting:\n  txt: hi\n");
    assertThatThrownBy(() -> new ClusterLoader(Map.of(), List.of(new GreetingSection())).read(file))
        .isInstanceOfSatisfying(
            ModelException.class,
            e ->
                assertThat(e.lines())
                    .singleElement()
                    .satisfies(
                        line ->
                            assertThat(line)
                                .endsWith(
                                    "brigade.yml:28:3: unknown key 'txt' in 'greeting'; did you mean 'text'?")));
  }

  @Test
  void absentSection_getsItsDefaults() throws ModelException {
    Cluster c =
        new ClusterLoader(Map.of(), List.of(new GreetingSection()))
            .read(ModelFiles.write(dir, "brigade.yml", ModelFiles.BASE));
    assertThat(c.section(new GreetingSection()).text()).isEqualTo("hello");
  }

  @Test
  void reservedSectionOfAnAbsentModule_isKeptRaw() throws ModelException {
    Cluster c =
        ModelFiles.load(
            ModelFiles.write(
                dir,
                "brigade.yml",
                ModelFiles.BASE + "deploy:\n  repository: git@example.com:shop.git\n"));
    assertThat(c.sections().get("deploy")).isInstanceOf(YamlNode.Mapping.class);
  }

  /** A section type that reads no per-stage settings. */
  private static final class PlainSection implements SectionType<String> {
    private final String key;

    PlainSection(String key) {
      this.key = key;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public Class<String> valueType() {
      return String.class;
    }

    @Override
    public String read(SectionContext ctx) {
      MappingReader r = ctx.reader("'" + key + "'");
      String text = r.string("text").orElse("hello");
      r.finish();
      return text;
    }
  }

  @Test
  void stageOverrideOfASectionWithoutPerStageSettings_isRefusedNotIgnored() {
    Path file =
        ModelFiles.write(
            dir,
            "brigade.yml",
            ModelFiles.base(
                "    hosts: [edge1, app1, app2]",
                "    hosts: [edge1, app1, app2]\n    greeting: { text: hi-prod }"));
    assertThatThrownBy(
            () -> new ClusterLoader(Map.of(), List.of(new PlainSection("greeting"))).read(file))
        .isInstanceOfSatisfying(
            ModelException.class,
            e ->
                assertThat(e.lines())
                    .singleElement()
                    .satisfies(
                        line ->
                            assertThat(line)
                                .contains("brigade.yml:22:15: stage 'production' overrides")
                                .contains("no per-stage settings")));
  }

  @Test
  void sectionKeptRaw_isNotFoundByATypeInsteadOfAClassCastException() throws ModelException {
    Cluster c =
        ModelFiles.load(
            ModelFiles.write(dir, "brigade.yml", ModelFiles.BASE + "plan:\n  text: hi\n"));
    assertThatThrownBy(() -> c.section(new PlainSection("plan")))
        .isInstanceOf(java.util.NoSuchElementException.class)
        .hasMessageContaining("'plan' was not read");
  }
}
