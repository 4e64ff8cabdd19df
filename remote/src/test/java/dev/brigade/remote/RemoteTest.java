package dev.brigade.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.Host;
import dev.brigade.model.SshSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RemoteTest {
  @RegisterExtension static final OpenSshServer server = new OpenSshServer();

  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @TempDir Path tmp;

  private final List<Remote> opened = new ArrayList<>();

  @AfterEach
  void closeRemotes() {
    opened.forEach(Remote::close);
  }

  private Path knownHosts(String... lines) throws IOException {
    Path file = tmp.resolve("known_hosts");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private RemoteOptions options(Path knownHosts) {
    return RemoteOptions.defaults()
        .withKnownHosts(knownHosts)
        .withIdentityFiles(List.of())
        .withConnectTimeout(Duration.ofSeconds(5));
  }

  private Remote open(RemoteOptions options) {
    Remote remote = Remote.open(options);
    opened.add(remote);
    return remote;
  }

  private Remote trusting() throws IOException {
    return open(options(knownHosts(server.knownHostsLine("127.0.0.1"))));
  }

  @Test
  void command_givesExitCodeAndStdoutAndStderrApart() throws IOException {
    Host web1 = server.host("web1");

    Outcome outcome = trusting().run(web1, "echo out; echo err >&2; echo more", TEN_SECONDS);

    assertThat(outcome).isInstanceOf(Outcome.Completed.class);
    Outcome.Completed done = (Outcome.Completed) outcome;
    assertThat(done.exitCode()).isZero();
    assertThat(done.stdout()).isEqualTo("out\nmore\n");
    assertThat(done.stderr()).isEqualTo("err\n");
    assertThat(done.truncated()).isFalse();
    assertThat(done.host()).isEqualTo(web1);
    assertThat(outcome.succeeded()).isTrue();
  }

  @Test
  void nonZeroExit_isCompletedWithThatCodeAndDescribedWithStderr() throws IOException {
    Outcome outcome =
        trusting().run(server.host("web1"), "echo broken config >&2; exit 3", TEN_SECONDS);

    assertThat(outcome).isInstanceOf(Outcome.Completed.class);
    assertThat(((Outcome.Completed) outcome).exitCode()).isEqualTo(3);
    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.describe())
        .startsWith("web1 (127.0.0.1:" + server.port() + "): command failed with exit code 3")
        .contains("broken config");
  }

  @Test
  void command_readsEndOfFileOnStdin() throws IOException {
    Outcome outcome = trusting().run(server.host("web1"), "cat; echo after", TEN_SECONDS);

    assertThat(((Outcome.Completed) outcome).stdout()).isEqualTo("after\n");
  }

  @Test
  void unknownHostKey_isRefusedUnderStrictNamingTheFingerprint() throws Exception {
    Path knownHosts = tmp.resolve("nothing-here");
    Remote remote = open(options(knownHosts).withHostKeyPolicy(HostKeyPolicy.STRICT));

    Outcome outcome = remote.run(server.host("web1"), "true", TEN_SECONDS);

    assertThat(outcome).isInstanceOf(Outcome.HostKeyUnknown.class);
    String fingerprint = server.hostKeyFingerprint();
    assertThat(((Outcome.HostKeyUnknown) outcome).fingerprint()).isEqualTo(fingerprint);
    assertThat(outcome.describe())
        .isEqualTo(
            "host key of web1 (127.0.0.1:"
                + server.port()
                + ") is not in "
                + knownHosts
                + ": "
                + fingerprint
                + "; verify it, then add it: ssh-keyscan -p "
                + server.port()
                + " 127.0.0.1 >> "
                + knownHosts);
    assertThat(knownHosts).doesNotExist();
    assertThat(remote.sessionsOpened()).isZero();
  }

  @Test
  void acceptNew_addsTheUnknownKeyToKnownHostsAndThenWorks() throws IOException {
    Path knownHosts = tmp.resolve("ssh/known_hosts");
    Remote remote = open(options(knownHosts).withHostKeyPolicy(HostKeyPolicy.ACCEPT_NEW));

    Outcome outcome = remote.run(server.host("web1"), "echo hi", TEN_SECONDS);

    assertThat(outcome.succeeded()).as(outcome.describe()).isTrue();
    assertThat(Files.readAllLines(knownHosts)).containsExactly(server.knownHostsLine("127.0.0.1"));
    Remote strict = open(options(knownHosts).withHostKeyPolicy(HostKeyPolicy.STRICT));
    assertThat(strict.run(server.host("web1"), "echo hi", TEN_SECONDS).succeeded()).isTrue();
  }

  @Test
  void hashedKnownHostsEntry_isMatched() throws Exception {
    Path knownHosts = knownHosts(server.knownHostsLine("127.0.0.1"));
    OpenSshServer.exec("ssh-keygen", "-H", "-f", knownHosts.toString());
    assertThat(Files.readString(knownHosts)).startsWith("|1|").doesNotContain("127.0.0.1");

    Outcome outcome = open(options(knownHosts)).run(server.host("web1"), "true", TEN_SECONDS);

    assertThat(outcome.succeeded()).as(outcome.describe()).isTrue();
  }

  @Test
  void changedHostKey_isRefusedNamingBothFingerprints() throws Exception {
    try (OpenSshServer other = new OpenSshServer().start()) {
      // known_hosts has the first server's key for the second server's [127.0.0.1]:port
      Path knownHosts = knownHosts("[127.0.0.1]:" + other.port() + " " + server.hostKey());
      Remote remote = open(options(knownHosts).withHostKeyPolicy(HostKeyPolicy.ACCEPT_NEW));

      Outcome outcome = remote.run(other.host("web2"), "true", TEN_SECONDS);

      assertThat(outcome)
          .isEqualTo(
              new Outcome.HostKeyChanged(
                  other.host("web2"),
                  knownHosts,
                  server.hostKeyFingerprint(),
                  other.hostKeyFingerprint()));
      assertThat(outcome.describe())
          .contains("CHANGED")
          .contains(server.hostKeyFingerprint())
          .contains(other.hostKeyFingerprint())
          .contains("ssh-keygen -R '[127.0.0.1]:" + other.port() + "'");
      assertThat(Files.readAllLines(knownHosts)).hasSize(1); // not replaced, nothing added
    }
  }

  @Test
  void connection_isReusedForLaterCommands() throws IOException {
    Remote remote = trusting();
    Host web1 = server.host("web1");

    assertThat(remote.run(web1, "true", TEN_SECONDS).succeeded()).isTrue();
    assertThat(remote.run(web1, "echo again", TEN_SECONDS).succeeded()).isTrue();
    assertThat(
            remote.upload(web1, Files.writeString(tmp.resolve("f"), "x"), tmp + "/g").succeeded())
        .isTrue();

    assertThat(remote.sessionsOpened()).isEqualTo(1);
  }

  @Test
  void brokenConnection_isReopenedTransparently() throws IOException {
    Remote remote = trusting();
    Host web1 = server.host("web1");
    assertThat(remote.run(web1, "true", TEN_SECONDS).succeeded()).isTrue();

    // kill this connection's sshd process (the shell's parent) under the kept session
    remote.run(web1, "kill -9 $PPID", TEN_SECONDS);
    Outcome after = remote.run(web1, "echo back", TEN_SECONDS);

    assertThat(after.succeeded()).as(after.describe()).isTrue();
    assertThat(((Outcome.Completed) after).stdout()).isEqualTo("back\n");
    assertThat(remote.sessionsOpened()).isEqualTo(2);
  }

  @Test
  void wrongKey_isAuthFailed() throws Exception {
    Path stranger = OpenSshServer.keygen(tmp.resolve("stranger"));
    Host web1 = server.host("web1");
    Host withWrongKey =
        new Host(
            "web1",
            "127.0.0.1",
            new SshSettings(web1.ssh().user(), server.port(), Optional.of(stranger)),
            List.of(),
            Map.of(),
            List.of());

    Outcome outcome = trusting().run(withWrongKey, "true", TEN_SECONDS);

    assertThat(outcome).isInstanceOf(Outcome.AuthFailed.class);
    assertThat(outcome.describe())
        .startsWith("cannot log in to web1 (127.0.0.1:" + server.port() + ") as ")
        .contains(stranger.toString());
  }

  @Test
  void hostWithoutKey_logsInWithTheFirstIdentityFileThatExists() throws IOException {
    Host web1 = server.host("web1");
    Host keyless =
        new Host(
            "web1",
            "127.0.0.1",
            new SshSettings(web1.ssh().user(), server.port(), Optional.empty()),
            List.of(),
            Map.of(),
            List.of());
    Remote remote =
        open(
            options(knownHosts(server.knownHostsLine("127.0.0.1")))
                .withIdentityFiles(List.of(tmp.resolve("id_missing"), server.clientKey())));

    Outcome outcome = remote.run(keyless, "true", TEN_SECONDS);

    assertThat(outcome.succeeded()).as(outcome.describe()).isTrue();
  }

  @Test
  void missingKeyFile_isAuthFailedNamingIt() throws IOException {
    Host web1 = server.host("web1");
    Path missing = tmp.resolve("no-such-key");
    Host host =
        new Host(
            "web1",
            "127.0.0.1",
            new SshSettings(web1.ssh().user(), server.port(), Optional.of(missing)),
            List.of(),
            Map.of(),
            List.of());

    Outcome outcome = trusting().run(host, "true", TEN_SECONDS);

    assertThat(outcome).isInstanceOf(Outcome.AuthFailed.class);
    assertThat(outcome.describe()).contains(missing.toString());
  }

  @Test
  void closedPort_isConnectFailed() throws IOException {
    int closed;
    try (var socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Host host =
        new Host(
            "web9",
            "127.0.0.1",
            new SshSettings("root", closed, Optional.of(server.clientKey())),
            List.of(),
            Map.of(),
            List.of());

    Outcome outcome = trusting().run(host, "true", TEN_SECONDS);

    assertThat(outcome).isInstanceOf(Outcome.ConnectFailed.class);
    assertThat(outcome.describe())
        .startsWith("cannot connect to web9 (127.0.0.1:" + closed + "): ")
        .containsIgnoringCase("refused")
        .endsWith("check that the host is up and sshd listens on port " + closed);
  }

  @Test
  void timedOutCommand_isStoppedWithItsChildren() throws Exception {
    String sleep = "sleep 30." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    Remote remote = trusting();
    assertThat(remote.run(server.host("web1"), "true", TEN_SECONDS).succeeded()).isTrue();
    long start = System.nanoTime();

    // a compound command: the shell stays the sleep's parent, so the whole group must die
    Outcome outcome =
        remote.run(
            server.host("web1"), "echo started; " + sleep + "; echo never", Duration.ofSeconds(1));

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(outcome)
        .isEqualTo(new Outcome.TimedOut(server.host("web1"), Duration.ofSeconds(1), "started\n"));
    // 1 s, then waiting for the shell to start and to say its pid, a second shell for kill and
    // its exit: fast, but where ~/.bashrc is slow (pyenv init: 1 s) that is paid twice
    assertThat(took).isLessThan(Duration.ofSeconds(8));
    assertThat(outcome.describe()).contains("still running after 1.0 s");
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (running(sleep) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(running(sleep))
        .as("'%s' still running on the server %s", sleep, server.log())
        .isFalse();
  }

  private static boolean running(String command) throws IOException, InterruptedException {
    Process pgrep = new ProcessBuilder("pgrep", "-f", command).start();
    pgrep.getInputStream().readAllBytes();
    return pgrep.waitFor() == 0;
  }

  @Test
  void output_isCutAtTheLimitAndFlaggedTruncated() throws IOException {
    Remote remote =
        open(options(knownHosts(server.knownHostsLine("127.0.0.1"))).withMaxOutputBytes(1000));

    Outcome outcome =
        remote.run(
            server.host("web1"),
            "head -c 3000000 /dev/zero | tr '\\0' a; echo small >&2",
            TEN_SECONDS);

    Outcome.Completed done = (Outcome.Completed) outcome;
    assertThat(done.exitCode()).isZero();
    assertThat(done.stdout()).hasSize(1000).matches("a+");
    assertThat(done.stderr()).isEqualTo("small\n");
    assertThat(done.truncated()).isTrue();
    assertThat(outcome.describe()).contains("output truncated");
  }

  @Test
  void runAll_fansOutAtMostParallelismAtATimeAndAnswersInHostOrder() throws IOException {
    Path knownHosts =
        knownHosts(server.knownHostsLine("127.0.0.1"), server.knownHostsLine("127.0.0.2"));
    Remote remote = open(options(knownHosts).withParallelism(2));
    List<Host> hosts =
        List.of(
            server.host("web1", "127.0.0.1"),
            server.host("web2", "127.0.0.2"),
            server.host("web3", "127.0.0.1"));
    List<String> progress = Collections.synchronizedList(new ArrayList<>());
    // each host notes when it starts and ends; with parallelism 2 no three overlap
    Path journal = tmp.resolve("journal");
    String command =
        "echo start >> " + journal + "; sleep 0.7; echo end >> " + journal + "; hostname";

    Map<Host, Outcome> outcomes =
        remote.runAll(
            hosts,
            command,
            TEN_SECONDS,
            (host, outcome, done, total) ->
                progress.add(host.name() + " " + outcome.succeeded() + " " + done + "/" + total));

    assertThat(outcomes.keySet()).containsExactlyElementsOf(hosts);
    assertThat(outcomes.values()).allMatch(Outcome::succeeded);
    assertThat(progress)
        .hasSize(3)
        .allMatch(line -> line.contains(" true "))
        .anyMatch(line -> line.endsWith(" 1/3"))
        .anyMatch(line -> line.endsWith(" 2/3"))
        .last()
        .satisfies(line -> assertThat(line).endsWith(" 3/3"));
    int running = 0;
    int most = 0;
    for (String line : Files.readAllLines(journal)) {
      running += line.equals("start") ? 1 : -1;
      most = Math.max(most, running);
    }
    assertThat(most).isEqualTo(2);
  }

  @Test
  void upload_writesTheFileWhichCatThenShows() throws IOException {
    Remote remote = trusting();
    Host web1 = server.host("web1");
    Path local = Files.writeString(tmp.resolve("app.conf"), "listen 8080\n");
    Path target = Files.createDirectories(tmp.resolve("remote")).resolve("app.conf");
    Files.writeString(target, "old contents\n");

    Outcome uploaded = remote.upload(web1, local, target.toString());

    assertThat(uploaded.succeeded()).as(uploaded.describe()).isTrue();
    Outcome cat = remote.run(web1, "cat " + target, TEN_SECONDS);
    assertThat(((Outcome.Completed) cat).stdout()).isEqualTo("listen 8080\n");
    try (var files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target); // no temporary file left behind
    }
  }

  @Test
  void upload_intoMissingDirectory_failsAndSaysSo() throws IOException {
    Path local = Files.writeString(tmp.resolve("app.conf"), "x\n");
    String target = tmp + "/no/such/dir/app.conf";

    Outcome outcome = trusting().upload(server.host("web1"), local, target);

    assertThat(outcome).isInstanceOf(Outcome.UploadFailed.class);
    assertThat(outcome.describe())
        .startsWith("upload to web1 (127.0.0.1:" + server.port() + "):" + target + " failed: ");
  }
}
