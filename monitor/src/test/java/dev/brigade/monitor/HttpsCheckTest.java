package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.Host;
import dev.brigade.model.SshSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The https check type: the page over TLS (status, body) and the certificate's days, together. */
class HttpsCheckTest {
  @TempDir Path dir;

  private static final byte[] PAGE =
      ("HTTP/1.1 200 OK\r\nContent-Length: 21\r\nConnection: close\r\n\r\n<h1>Welcome shop</h1>")
          .getBytes(StandardCharsets.US_ASCII);

  private static CheckResult run(int port, String body, int warnDays, int critDays)
      throws Exception {
    HttpSpec spec =
        new HttpSpec(
            true,
            port,
            "/",
            java.util.Set.of(200),
            Optional.ofNullable(body),
            Thresholds.NONE,
            warnDays,
            critDays);
    Host host = new Host("web1", "127.0.0.1", SshSettings.DEFAULT, List.of(), Map.of(), List.of());
    return spec.probe(
            new CheckSite(
                host, "site", Duration.ofSeconds(5), new PluginRunner(1, 4096), () -> null))
        .run();
  }

  @Test
  void pageAndLongValidCertificate_areOk() throws Exception {
    try (TlsServer tls = TlsServer.start(dir, "web1", null, 365, PAGE)) {
      CheckResult r = run(tls.port(), "Welcome", 30, 14);
      assertThat(r.status()).isEqualTo(Status.OK);
      assertThat(r.output().text()).contains("HTTP OK - HTTP/1.1 200 OK");
      assertThat(r.output().perf()).extracting(PerfValue::label).contains("time", "size");
    }
  }

  @Test
  void missingBodyText_isCritical() throws Exception {
    try (TlsServer tls = TlsServer.start(dir, "web1", null, 365, PAGE)) {
      CheckResult r = run(tls.port(), "Goodbye", 30, 14);
      assertThat(r.status()).isEqualTo(Status.CRITICAL);
      assertThat(r.output().text()).contains("body does not contain 'Goodbye'");
    }
  }

  @Test
  void certificateCloseToExpiry_makesAGoodPageAWarning() throws Exception {
    try (TlsServer tls = TlsServer.start(dir, "web1", null, 20, PAGE)) {
      CheckResult r = run(tls.port(), null, 30, 7);
      assertThat(r.status()).isEqualTo(Status.WARNING);
      assertThat(r.output().text()).contains("HTTP OK");
    }
  }
}
