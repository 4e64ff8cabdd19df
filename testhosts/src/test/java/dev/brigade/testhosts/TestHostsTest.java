package dev.brigade.testhosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixture itself, checked with the machine's own ssh client and HTTP, not Brigade's code. */
class TestHostsTest {

  @Test
  void hosts_areSeparateMachinesReachedOverSshWithCheckedHostKeys() throws Exception {
    String namespace;
    try (TestHosts hosts = TestHosts.named("th", 2).start()) {
      for (TestHost h : hosts.hosts()) {
        String out =
            Commands.run(ssh(hosts, h, "hostname; echo $$; id -u"), Duration.ofSeconds(30));
        assertThat(out.lines().toList()).first().isEqualTo(h.name());
        assertThat(out.lines().toList()).last().isEqualTo("0");
      }
      // PID 1 inside is sshd, and the two hosts' files are apart
      assertThat(hosts.get(0).shell("cat /proc/1/comm").strip()).isEqualTo("sshd");
      hosts.get(0).write("/srv/mark", "one\n", "644");
      assertThat(hosts.get(1).tryShell("test -e /srv/mark").exitCode()).isNotZero();
      namespace = hosts.get(0).namespace();
      assertThat(Path.of("/run/netns", namespace)).exists();
    }
    assertThat(Path.of("/run/netns", namespace)).doesNotExist();
  }

  @Test
  void serviceManagedDaemon_answersOverTheVeth_andACutLinkMakesTheHostUnreachable()
      throws Exception {
    try (TestHosts hosts = TestHosts.named("th", 1).start()) {
      TestHost h = hosts.get(0);
      h.write("/srv/www/health", "ok\n", "644");
      h.write("/etc/init.d/web", WEB_INIT, "755");
      h.shell("service web start");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> r = awaitHttp(http, "http://" + h.address() + ":8080/health");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("ok\n");

      h.cutLink();
      try (Socket s = new Socket()) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> s.connect(new InetSocketAddress(h.address(), 22), 1500))
            .isInstanceOf(java.io.IOException.class);
      }
      h.restoreLink();
      assertThat(awaitHttp(http, "http://" + h.address() + ":8080/health").statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void changedHostKey_isRefusedByStrictHostKeyChecking() throws Exception {
    try (TestHosts hosts = TestHosts.named("th", 1).start()) {
      TestHost h = hosts.get(0);
      h.changeHostKey();
      ShellResult r = Commands.result(ssh(hosts, h, "true"), null, Duration.ofSeconds(30));
      assertThat(r.exitCode()).isEqualTo(255);
      assertThat(r.output()).contains("HOST IDENTIFICATION HAS CHANGED");
    }
  }

  @Test
  void mirror_isTakenFromAptsSources() {
    assertThat(
            RootFilesystem.mirrorIn(
                List.of(
                    "Types: deb",
                    "URIs: http://deb.debian.org/debian-security",
                    "URIs: http://mirror.example/debian")))
        .contains("http://mirror.example/debian");
    assertThat(
            RootFilesystem.mirrorIn(List.of("deb http://ftp.de.debian.org/debian bookworm main")))
        .contains("http://ftp.de.debian.org/debian");
    assertThat(RootFilesystem.mirrorIn(List.of("# nothing"))).isEmpty();
  }

  static final String WEB_INIT =
      """
      #!/bin/sh
      ### BEGIN INIT INFO
      # Provides: web
      # Required-Start:
      # Required-Stop:
      # Default-Start: 2 3 4 5
      # Default-Stop: 0 1 6
      # Short-Description: busybox httpd for tests
      ### END INIT INFO
      case "$1" in
        start) start-stop-daemon --start --quiet --pidfile /run/web.pid --make-pidfile \\
                 --background --exec /bin/busybox -- httpd -f -p 8080 -h /srv/www ;;
        stop) start-stop-daemon --stop --quiet --pidfile /run/web.pid --remove-pidfile --retry 5 ;;
        restart) "$0" stop; "$0" start ;;
        *) echo "usage: $0 start|stop|restart" >&2; exit 3 ;;
      esac
      """;

  private static HttpResponse<String> awaitHttp(HttpClient http, String url) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException e) {
        if (System.nanoTime() > end) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  private static List<String> ssh(TestHosts hosts, TestHost h, String command) {
    assertThat(Files.exists(hosts.knownHosts())).isTrue();
    return List.of(
        "ssh",
        "-i",
        hosts.clientKey().toString(),
        "-o",
        "UserKnownHostsFile=" + hosts.knownHosts(),
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        "BatchMode=yes",
        "-o",
        "ConnectTimeout=5",
        "root@" + h.address(),
        command);
  }
}
