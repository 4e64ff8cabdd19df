package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DNS check against a real dnsmasq on loopback that knows a few test names. */
class DnsCheckTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir static Path dir;
  private static Process dnsmasq;
  private static int port;

  @BeforeAll
  static void startDnsmasq() throws Exception {
    Path bin = Peers.require("/usr/sbin/dnsmasq", "dnsmasq");
    port = Peers.freePort();
    Path log = dir.resolve("dnsmasq.log");
    dnsmasq =
        Peers.start(
            List.of(
                bin.toString(),
                "--no-daemon",
                "--conf-file=/dev/null",
                "--pid-file=" + dir.resolve("dnsmasq.pid"),
                "--port=" + port,
                "--listen-address=127.0.0.1",
                "--bind-interfaces",
                "--no-resolv",
                "--no-hosts",
                "--local=/test.brigade/",
                "--address=/web.test.brigade/127.0.0.5",
                "--host-record=dual.test.brigade,127.0.0.6,fd00::6",
                "--log-facility=-"),
            log);
    Peers.awaitTcp(port, dnsmasq, log, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stopDnsmasq() {
    Peers.stop(dnsmasq);
  }

  @Test
  void responseTimeOverTheCritical_isCritical() {
    CheckResult r =
        DnsCheck.resolve(
            "127.0.0.1",
            port,
            "web.test.brigade",
            Optional.empty(),
            Thresholds.of(null, "0"),
            TIMEOUT);
    assertThat(r.status()).as(r.line()).isEqualTo(Status.CRITICAL);
    assertThat(r.output().text()).startsWith("DNS CRITICAL - ");
  }

  @Test
  void knownName_isOkWithItsAddressAndTime() {
    CheckResult r =
        DnsCheck.resolve("127.0.0.1", port, "web.test.brigade", Optional.empty(), TIMEOUT);
    assertThat(r.status()).as(r.line()).isEqualTo(Status.OK);
    assertThat(r.output().text()).endsWith("web.test.brigade returns 127.0.0.5");
    assertThat(r.output().perf()).extracting(PerfValue::label).containsExactly("time");
  }

  @Test
  void bothFamilies_areReported() {
    CheckResult r =
        DnsCheck.resolve("127.0.0.1", port, "dual.test.brigade", Optional.of("fd00::6"), TIMEOUT);
    assertThat(r.status()).as(r.line()).isEqualTo(Status.OK);
    assertThat(r.output().text()).contains("127.0.0.6").contains("fd00:0:0:0:0:0:0:6");
  }

  @Test
  void otherThanTheExpectedAddress_isCritical() {
    CheckResult r =
        DnsCheck.resolve("127.0.0.1", port, "web.test.brigade", Optional.of("127.0.0.9"), TIMEOUT);
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.output().text()).contains("127.0.0.5, not the expected 127.0.0.9");
  }

  @Test
  void unknownName_isCriticalNamingTheAnswer() {
    CheckResult r =
        DnsCheck.resolve("127.0.0.1", port, "nothing.test.brigade", Optional.empty(), TIMEOUT);
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.output().text()).contains("NXDOMAIN");
  }

  @Test
  void silentServer_isCriticalAfterTheTimeout() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      CheckResult r =
          DnsCheck.resolve(
              "127.0.0.1",
              silent.getLocalPort(),
              "web.test.brigade",
              Optional.empty(),
              Duration.ofMillis(500));
      assertThat(r.status()).isEqualTo(Status.CRITICAL);
    }
  }

  @Test
  void serverThatIsNotAnAddress_isUnknown() {
    CheckResult r =
        DnsCheck.resolve("dns.example", 53, "web.test.brigade", Optional.empty(), TIMEOUT);
    assertThat(r.status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.output().text()).contains("is not an IP address");
  }
}
