package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README promises that {@code mvn verify} on a machine without the peer packages passes with
 * every peer test skipped and naming its package: this scans every module's test sources for a test
 * that uses a peer (a Nagios plugin, memcached, mariadbd, sshd, nrpe, dnsmasq, ...) without going
 * through a guard that skips (or fails under CI) with the package's name.
 */
class PeerGuardTest {
  /** A peer package: what a test uses of it, and the calls that guard it. */
  record Peer(String debianPackage, Pattern uses, Pattern guards) {}

  static final List<Peer> PEERS =
      List.of(
          new Peer(
              "monitoring-plugins-basic",
              Pattern.compile(
                  "\\bcheck_(dummy|tcp|http|ping|disk|load|procs|users|swap|ssh|dns|smtp|mysql)\\b"
                      + "|/usr/lib/nagios/plugins|PLUGIN_DIR|\\$USER1\\$"),
              Pattern.compile(
                  "requirePlugins\\(|\"monitoring-plugins-basic\"|NrpeAgent\\.(start|requireInstalled)\\(")),
          new Peer(
              "memcached",
              Pattern.compile("/usr/bin/memcached"),
              Pattern.compile("require\\(\"/usr/bin/memcached\"")),
          new Peer(
              "mariadb-server",
              Pattern.compile("mariadbd|mariadb-install-db"),
              Pattern.compile("require\\(\"/usr/sbin/mariadbd\"|MariaDbPair\\.start\\(")),
          new Peer(
              "openssh-server",
              Pattern.compile("/usr/sbin/sshd"),
              Pattern.compile("OpenSshServer|requireSshd\\(")),
          new Peer(
              "nagios-nrpe-server",
              Pattern.compile("/usr/sbin/nrpe"),
              Pattern.compile("require\\(NRPE|NrpeAgent\\.(start|requireInstalled)\\(")),
          new Peer(
              "dnsmasq",
              Pattern.compile("/usr/sbin/dnsmasq"),
              Pattern.compile("require\\(\"/usr/sbin/dnsmasq\"")),
          new Peer(
              "nginx-light",
              Pattern.compile("/usr/sbin/nginx"),
              Pattern.compile("require\\(\"/usr/sbin/nginx\"")),
          new Peer(
              "haproxy",
              Pattern.compile("/usr/sbin/haproxy"),
              Pattern.compile("require\\(\"/usr/sbin/haproxy\"")),
          new Peer(
              "varnish",
              Pattern.compile("/usr/sbin/varnishd"),
              Pattern.compile("require\\(\"/usr/sbin/varnishd\"")));

  private static final Pattern MEMBER = Pattern.compile("(?m)^  (?=@|\\w)");
  private static final Pattern SETUP =
      Pattern.compile("^@(BeforeAll|BeforeEach|RegisterExtension|ExtendWith)\\b");
  private static final Pattern ANNOTATION_ONLY = Pattern.compile("(?s)\\s*@\\w+(\\(.*\\))?\\s*");
  private static final Pattern METHOD_NAME =
      Pattern.compile("\\b(\\w+)\\s*\\([^;{]*\\)\\s*(throws[^{]*)?\\{");

  /**
   * The unguarded uses of peers in one test class: {@code "Class#member uses PACKAGE"} for every
   * member (method or field) that uses a peer while neither it, a setup method of the class, nor a
   * method of the class it calls guards that peer.
   */
  static List<String> unguarded(String name, String source) {
    List<String> out = new ArrayList<>();
    if (!source.contains("@Test") && !source.contains("@ParameterizedTest")) {
      return out; // a helper: its own start methods are the guards that tests call
    }
    String body = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)//.*$", "");
    List<String> members = new ArrayList<>();
    Matcher m = MEMBER.matcher(body);
    int start = -1;
    while (m.find()) {
      if (start >= 0) {
        members.add(body.substring(start, m.start()));
      }
      start = m.start();
    }
    if (start >= 0) {
      members.add(body.substring(start));
    }
    // annotations on lines of their own belong to the member below them
    List<String> joined = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String member : members) {
      pending.append(member);
      if (!ANNOTATION_ONLY.matcher(member).matches()) {
        joined.add(pending.toString().strip());
        pending.setLength(0);
      }
    }
    for (Peer p : PEERS) {
      boolean classGuard =
          joined.stream().anyMatch(x -> SETUP.matcher(x).find() && p.guards().matcher(x).find());
      if (classGuard) {
        continue;
      }
      for (String member : joined) {
        if (!p.uses().matcher(member).find()
            || member.contains("@NamesPeersOnly(")
            || guarded(member, joined, p, 0)
            || callersGuarded(member, joined, p)) {
          continue;
        }
        Matcher n = METHOD_NAME.matcher(member);
        out.add(name + "#" + (n.find() ? n.group(1) : "field") + " uses " + p.debianPackage());
      }
    }
    return out;
  }

  /** True when {@code member} or a method of the class it calls (two levels deep) guards. */
  private static boolean guarded(String member, List<String> all, Peer p, int depth) {
    if (p.guards().matcher(member).find()) {
      return true;
    }
    if (depth == 2) {
      return false;
    }
    for (String other : all) {
      Matcher n = METHOD_NAME.matcher(other);
      if (other != member
          && n.find()
          && Pattern.compile("\\b" + n.group(1) + "\\(").matcher(member).find()
          && guarded(other, all, p, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when {@code helper} is called by a member that guards the peer (a helper writing a model
   * with a plugin in it is also called by tests that never run that check).
   */
  private static boolean callersGuarded(String helper, List<String> all, Peer p) {
    Matcher n = METHOD_NAME.matcher(helper);
    if (helper.startsWith("@Test") || helper.startsWith("@Parameterized") || !n.find()) {
      return false;
    }
    Pattern call = Pattern.compile("\\b" + n.group(1) + "\\(");
    List<String> callers = all.stream().filter(x -> x != helper && call.matcher(x).find()).toList();
    return callers.stream().anyMatch(c -> guarded(c, all, p, 0));
  }

  @Test
  void everyPeerUsingTest_goesThroughAGuard() throws IOException {
    // surefire runs in the module's directory; from the checkout's root, that is the root
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.isDirectory(here.resolve("monitor/src")) ? here : here.getParent();
    List<String> found = new ArrayList<>();
    int scanned = 0;
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.toList()) {
        Path tests = module.resolve("src/test/java");
        if (!Files.isDirectory(tests)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(tests)) {
          for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
            scanned++;
            if (f.endsWith("PeerGuardTest.java")) {
              continue; // this file names every peer on purpose
            }
            found.addAll(unguarded(root.relativize(f).toString(), Files.readString(f)));
          }
        }
      }
    }
    assertThat(scanned).as("test sources scanned under " + root).isGreaterThan(20);
    assertThat(found).as("peer uses without a guard naming the package").isEmpty();
  }

  @Test
  void aPluginInAModelWithoutTheGuard_isFound() {
    String unguarded =
        """
        class XTest {
          @Test
          void plugin() throws Exception {
            start("checks:\\n  slow: { host: app1, type: command, command: \\"check_dummy 1 slow\\" }");
          }

          @Test
          void guarded() throws Exception {
            Peers.requirePlugins();
            start("command: \\"check_dummy 1 slow\\"");
          }
        }
        """;
    assertThat(unguarded("XTest.java", unguarded))
        .containsExactly("XTest.java#plugin uses monitoring-plugins-basic");
  }

  @Test
  void aGuardInASetupMethodOrACalledHelper_covers() {
    String viaSetup =
        """
        class YTest {
          @BeforeAll
          static void needs() {
            Peers.require("/usr/bin/memcached", "memcached");
          }

          @Test
          void run() {
            start("/usr/bin/memcached");
          }
        }
        """;
    String viaHelper =
        """
        class ZTest {
          private void model() {
            Peers.requirePlugins();
          }

          @Test
          void run() {
            model();
            run("$USER1$/check_dummy 0");
          }
        }
        """;
    assertThat(unguarded("YTest.java", viaSetup)).isEmpty();
    assertThat(unguarded("ZTest.java", viaHelper)).isEmpty();
  }
}
