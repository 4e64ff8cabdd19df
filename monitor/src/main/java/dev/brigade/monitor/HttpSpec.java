package dev.brigade.monitor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An {@code http} or {@code https} check: GET {@code path}, as check_http does with {@code -e},
 * {@code -s}, {@code -w}, {@code -c}, and for https the certificate's days as {@code -C}.
 *
 * @param tls true for https, which also judges the certificate
 * @param port the port
 * @param path the path asked for
 * @param expect the statuses that are OK
 * @param body text the body must contain, if any
 * @param time thresholds on the response time in seconds
 * @param certWarnDays days before the certificate's expiry that warn (https)
 * @param certCritDays days before the certificate's expiry that are critical (https)
 */
record HttpSpec(
    boolean tls,
    int port,
    String path,
    Set<Integer> expect,
    Optional<String> body,
    Thresholds time,
    int certWarnDays,
    int certCritDays)
    implements CheckOptions {
  /** Longest path accepted. */
  static final int MAX_PATH = 2048;

  static final CheckType HTTP = CheckType.of("http", r -> read(r, false));
  static final CheckType HTTPS = CheckType.of("https", r -> read(r, true));

  HttpSpec {
    expect = Set.copyOf(expect);
  }

  private static Optional<HttpSpec> read(CheckReader r, boolean tls) {
    int port = r.port(tls ? 443 : 80);
    String path = r.string("path").orElse("/");
    if (!path.startsWith("/") || path.length() > MAX_PATH || !path.matches("[\\x21-\\x7e]+")) {
      r.error(
          "path",
          "is not an absolute path of at most " + MAX_PATH + " characters without spaces",
          "write e.g. /health or /status?full=1 (spaces as %20)");
    }
    Set<Integer> expect = new LinkedHashSet<>();
    String codes = r.string("expect").orElse("200");
    if (codes.matches("[1-5][0-9][0-9](\\s*,\\s*[1-5][0-9][0-9]){0,19}")) {
      for (String c : codes.split(",")) {
        expect.add(Integer.parseInt(c.strip()));
      }
    } else {
      r.error("expect", "is not an HTTP status such as 200, or a list such as 200,301");
    }
    Optional<String> body = r.string("body");
    Thresholds time = r.thresholds();
    int warn = CertificateCheck.WARN_DAYS;
    int crit = CertificateCheck.CRIT_DAYS;
    if (tls) {
      warn = days(r, "cert-warning", warn);
      crit = days(r, "cert-critical", crit);
    }
    return r.valid(new HttpSpec(tls, port, path, expect, body, time, warn, crit));
  }

  private static int days(CheckReader r, String key, int fallback) {
    Optional<String> v = r.string(key);
    if (v.isPresent() && !v.get().strip().matches("[0-9]{1,4}")) {
      r.error(key, "is not a number of days such as 30", "check_http -C takes whole days too");
      return fallback;
    }
    return v.map(s -> Integer.parseInt(s.strip())).orElse(fallback);
  }

  @Override
  public Probe probe(CheckSite site) {
    String address = site.address();
    if (tls) {
      TlsSockets.warmUp();
    }
    if (!tls) {
      return d -> BuiltinChecks.http(address, port, path, expect, body, false, time, d);
    }
    return d -> {
      CheckResult page = BuiltinChecks.http(address, port, path, expect, body, true, time, d);
      CheckResult cert =
          CertificateCheck.check(address, port, address, certWarnDays, certCritDays, d);
      return worst(page, cert);
    };
  }

  /** The page's and the certificate's results as one: the worse status, both texts. */
  static CheckResult worst(CheckResult a, CheckResult b) {
    Status s = a.status().worst(b.status());
    CheckResult first = s == a.status() ? a : b;
    CheckResult second = first == a ? b : a;
    List<PerfValue> perf = new ArrayList<>(first.output().perf());
    perf.addAll(second.output().perf());
    PluginOutput out =
        new PluginOutput(
            first.output().text() + "; " + second.output().text(),
            first.output().longOutput(),
            perf,
            List.of());
    return new CheckResult(
        s,
        out,
        a.took().plus(b.took()),
        a.timedOut() || b.timedOut(),
        a.truncated() || b.truncated());
  }
}
