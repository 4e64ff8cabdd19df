package dev.brigade.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.model.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edge.listen} entries and {@code edge.trusted-proxies} from the model. */
class ListenerSectionTest {
  @TempDir Path dir;

  private Cluster load(String edgeSection) throws IOException, ModelException {
    Path file = dir.resolve("brigade.yml");
    Files.writeString(
        file,
        Files.readString(Path.of("../examples/production.yml"))
                .replace(
                    "include:\n  - production/",
                    "include:\n  - " + Path.of("../examples/production").toAbsolutePath() + "/")
                .replace(
                    "  - production/stages.yml",
                    "  - " + Path.of("../examples/production/stages.yml").toAbsolutePath())
            + edgeSection);
    return new ClusterLoader(Map.of(), List.of()).read(file);
  }

  @Test
  void listenEntries_giveTlsHttp2HstsRedirectAndTrustedProxies() throws Exception {
    TestCerts certs = new TestCerts(dir);
    certs.leaf("www", "www.example.com", "example.com");
    Cluster c =
        load(
            """
        edge:
          listen:
            - { redirect-to-https: 443 }
            - port: 8443
              tls:
                certificates:
                  - { cert: www.pem, key: www.key }
                default: example.com
              http2: true
              hsts: { max-age: 1d, include-subdomains: true }
            - { port: 9000, proxy-protocol: true }
          trusted-proxies: [10.0.0.0/8, "::1"]
        """);
    EdgeConfig e = EdgeConfig.from(c, "edge1");
    assertThat(e.listeners()).hasSize(3);
    assertThat(e.listen().getPort()).isEqualTo(80);
    assertThat(e.listeners().get(0).redirectToHttps()).isEqualTo(443);
    Listener tls = e.listeners().get(1);
    assertThat(tls.address().getPort()).isEqualTo(8443);
    assertThat(tls.http2()).isTrue();
    assertThat(tls.hsts()).isEqualTo("max-age=86400; includeSubDomains");
    assertThat(tls.tls().orElseThrow().certificates().getFirst().cert())
        .isEqualTo(dir.toAbsolutePath().resolve("www.pem"));
    assertThat(tls.scheme()).isEqualTo("https");
    assertThat(e.listeners().get(2).proxyProtocol()).isTrue();
    assertThat(e.trustedProxies().ranges())
        .extracting(Object::toString)
        .containsExactly("10.0.0.0/8", "0:0:0:0:0:0:0:1/128");
    assertThat(ClientListener.prepare(tls).names())
        .containsExactly(List.of("www.example.com", "example.com"));
  }

  @Test
  void badPem_isAModelProblemAtItsLine() throws Exception {
    new TestCerts(dir);
    Files.writeString(
        dir.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    Files.writeString(dir.resolve("bad.key"), "not a key\n");
    assertThatThrownBy(
            () ->
                load(
                    """
        edge:
          listen:
            port: 8443
            tls:
              certificates:
                - { cert: bad.pem, key: bad.key }
              protocols: [TLSv1.1]
            hsts: { max-age: 1d }
          trusted-proxies: [10.0.0.0/33]
        """))
        .isInstanceOfSatisfying(
            ModelException.class,
            ex ->
                assertThat(ex.lines())
                    .anyMatch(
                        l ->
                            l.matches(
                                ".*brigade.yml:[0-9]+:[0-9]+: cannot read certificate .*bad.pem.*"))
                    .anyMatch(l -> l.contains("TLS protocol 'TLSv1.1' is not allowed"))
                    .anyMatch(l -> l.contains("prefix length of '10.0.0.0/33' must be 0 to 32"))
                    .noneMatch(l -> l.contains("not a key")));
  }

  @Test
  void h2c_onAPlainListener_isHttp2ByPriorKnowledge_andNotAllowedWithTls() throws Exception {
    Cluster c =
        load(
            """
        edge:
          listen: { h2c: true }
        """);
    Listener plain = EdgeConfig.from(c, "edge1").listeners().getFirst();
    assertThat(plain.http2()).isTrue();
    assertThat(plain.tls()).isEmpty();
    TestCerts certs = new TestCerts(dir);
    certs.leaf("www", "www.example.com");
    assertThatThrownBy(
            () ->
                load(
                    """
        edge:
          listen: { h2c: true, tls: { certificates: [ { cert: www.pem, key: www.key } ] } }
        """))
        .isInstanceOfSatisfying(
            ModelException.class,
            ex ->
                assertThat(ex.lines()).anyMatch(l -> l.contains("'h2c' is for listeners without")));
  }

  @Test
  void http2OrHstsWithoutTls_areModelProblems() {
    assertThatThrownBy(
            () ->
                load(
                    """
        edge:
          listen: { http2: true, hsts: { max-age: 1d } }
        """))
        .isInstanceOfSatisfying(
            ModelException.class,
            ex ->
                assertThat(ex.lines())
                    .anyMatch(l -> l.contains("'http2' needs 'tls'"))
                    .anyMatch(l -> l.contains("'hsts' needs 'tls'")));
  }
}
