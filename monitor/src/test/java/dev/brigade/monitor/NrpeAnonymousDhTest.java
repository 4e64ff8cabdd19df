package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An NRPE agent as Debian ships it (TLS without a certificate: anonymous DH only). The JDK disables
 * anonymous suites by default, so the query runs in a child JVM whose security properties allow
 * them, as a deployment that must talk to such agents would configure it.
 */
class NrpeAnonymousDhTest {
  @TempDir Path dir;

  /** The child JVM's entry: queries check_ok at the port in args[0] and prints the line. */
  public static void main(String[] args) {
    System.out.println(
        NrpeClient.query(
                "127.0.0.1",
                Integer.parseInt(args[0]),
                "check_ok",
                List.of(),
                Duration.ofSeconds(10),
                NrpeOptions.DEFAULT.withAnonymousDh())
            .line());
  }

  @Test
  void defaultJvm_saysItDisablesAnonymousDh() throws Exception {
    try (NrpeAgent agent = NrpeAgent.start(dir.resolve("adh"), NrpeAgent.Mode.ANONYMOUS)) {
      CheckResult r =
          NrpeClient.query(
              "127.0.0.1",
              agent.port,
              "check_ok",
              List.of(),
              Duration.ofSeconds(10),
              NrpeOptions.DEFAULT.withAnonymousDh());
      assertThat(r.status()).isEqualTo(Status.CRITICAL);
      assertThat(r.output().text()).contains("jdk.tls.disabledAlgorithms");
    }
  }

  @Test
  void jvmAllowingAnonymousDh_talksToAnAgentWithoutCertificate() throws Exception {
    try (NrpeAgent agent = NrpeAgent.start(dir.resolve("adh"), NrpeAgent.Mode.ANONYMOUS)) {
      Path security = dir.resolve("anon.security");
      Files.writeString(
          security,
          "jdk.tls.disabledAlgorithms=SSLv3, TLSv1, TLSv1.1, DTLSv1.0, RC4, DES, MD5withRSA,"
              + " DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC, NULL, ECDH, TLS_RSA_*\n");
      String out =
          Peers.run(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Djava.security.properties=" + security,
                  "-cp",
                  System.getProperty("java.class.path"),
                  NrpeAnonymousDhTest.class.getName(),
                  Integer.toString(agent.port)),
              Duration.ofSeconds(60));
      assertThat(out).as(agent.log()).contains("OK: fine");
    }
  }
}
