package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's self-signed certificate: made once, reused while valid, made anew when not. */
class DemoCertificateTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  @TempDir Path dir;

  @Test
  void firstStart_makesACertificateForLocalhost_withAPrivateKeyFile() throws Exception {
    DemoCertificate c = DemoCertificate.in(dir.resolve("tls"), NOW);

    assertThat(c.made()).isTrue();
    assertThat(Files.getPosixFilePermissions(c.key()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(c.key())).startsWith("-----BEGIN PRIVATE KEY-----\n");
    X509Certificate x = read(c.cert());
    x.verify(x.getPublicKey()); // self-signed
    x.checkValidity(java.util.Date.from(NOW));
    assertThat(x.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
    assertThat(x.getBasicConstraints()).isEqualTo(-1); // not a CA
    assertThat(x.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(x.getNotAfter().toInstant()).isEqualTo(NOW.plus(DemoCertificate.VALIDITY));
    assertThat(c.sha256()).matches("[0-9A-F]{2}(:[0-9A-F]{2}){31}");
    assertThat(String.join("\n", c.lines("https://127.0.0.1:8443/")))
        .contains("https  https://127.0.0.1:8443/")
        .contains(c.sha256())
        .contains("curl --http2 --cacert " + c.cert());
  }

  @Test
  void nextStart_reusesIt_whileValidForMoreThanADay() {
    DemoCertificate first = DemoCertificate.in(dir, NOW);
    DemoCertificate later = DemoCertificate.in(dir, NOW.plus(Duration.ofDays(88)));

    assertThat(later.made()).isFalse();
    assertThat(later.sha256()).isEqualTo(first.sha256());
  }

  @Test
  void aCertificateAboutToExpire_isMadeAnew() {
    DemoCertificate first = DemoCertificate.in(dir, NOW);
    DemoCertificate later = DemoCertificate.in(dir, NOW.plus(Duration.ofDays(89).plusHours(1)));

    assertThat(later.made()).isTrue();
    assertThat(later.sha256()).isNotEqualTo(first.sha256());
  }

  @Test
  void aKeyOfAnotherCertificate_orAKeyReadableByOthers_isMadeAnew() throws Exception {
    Path other = dir.resolve("other");
    DemoCertificate mine = DemoCertificate.in(dir, NOW);
    DemoCertificate theirs = DemoCertificate.in(other, NOW);
    Files.copy(theirs.key(), mine.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(mine.key(), PosixFilePermissions.fromString("rw-------"));
    DemoCertificate mismatched = DemoCertificate.in(dir, NOW);
    assertThat(mismatched.made()).isTrue();

    Files.setPosixFilePermissions(mismatched.key(), PosixFilePermissions.fromString("rw-r--r--"));
    DemoCertificate open = DemoCertificate.in(dir, NOW);
    assertThat(open.made()).isTrue();
    assertThat(Files.getPosixFilePermissions(open.key()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void garbageFiles_areReplaced() throws Exception {
    Files.writeString(dir.resolve("demo.pem"), "not a certificate");
    Files.writeString(dir.resolve("demo.key"), "not a key");
    DemoCertificate c = DemoCertificate.in(dir, NOW);
    assertThat(c.made()).isTrue();
    assertThat(read(c.cert()).getSubjectX500Principal().getName()).contains("CN=localhost");
  }

  private static X509Certificate read(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
