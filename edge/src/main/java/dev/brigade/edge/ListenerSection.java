package dev.brigade.edge;

import dev.brigade.model.MappingReader;
import dev.brigade.model.Problems;
import dev.brigade.model.YamlNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code edge.listen} (one mapping or a list of them) and {@code edge.trusted-proxies}; the
 * certificates are loaded here, so a bad PEM file is an error at its line, not a failed start.
 */
final class ListenerSection {
  private final Path base;
  private final Problems problems;

  /** {@code base} is the directory relative certificate paths start from (the model's). */
  ListenerSection(Path base, Problems problems) {
    this.base = base;
    this.problems = problems;
  }

  List<EdgeSettings.ListenerSettings> listeners(Optional<YamlNode> node) {
    if (node.isEmpty()) {
      return List.of();
    }
    List<YamlNode> items =
        node.get() instanceof YamlNode.Sequence seq ? seq.items() : List.of(node.get());
    List<EdgeSettings.ListenerSettings> out = new ArrayList<>();
    boolean servicePortTaken = false;
    for (YamlNode item : items) {
      MappingReader l = MappingReader.of(item, "an 'edge.listen' entry", problems);
      EdgeSettings.ListenerSettings s = listener(l);
      if (s.port() == 0 && servicePortTaken) {
        problems.error(l.location(), "only one 'edge.listen' entry can leave out 'port'");
      }
      servicePortTaken |= s.port() == 0;
      out.add(s);
    }
    return out;
  }

  private EdgeSettings.ListenerSettings listener(MappingReader l) {
    Optional<String> address = l.string("address");
    int port = l.port("port").orElse(0);
    Optional<TlsSettings> tls = l.mapping("tls", "'tls'").flatMap(this::tls);
    boolean http2 = l.bool("http2").orElse(false);
    boolean h2c = l.bool("h2c").orElse(false);
    boolean proxy = l.bool("proxy-protocol").orElse(false);
    int redirect = l.port("redirect-to-https").orElse(0);
    String hsts = l.mapping("hsts", "'hsts'").map(ListenerSection::hsts).orElse("");
    boolean hasTls = l.node("tls").isPresent();
    if (http2 && !hasTls) {
      problems.error(
          l.valueLocation("http2"),
          "'http2' needs 'tls' on the same listener",
          "for HTTP/2 in clear text by prior knowledge write 'h2c: true'");
      http2 = false;
    }
    if (h2c && hasTls) {
      problems.error(
          l.valueLocation("h2c"),
          "'h2c' is for listeners without 'tls'",
          "a TLS listener offers HTTP/2 with 'http2: true'");
      h2c = false;
    }
    if (!hsts.isEmpty() && !hasTls) {
      problems.error(
          l.keyLocation("hsts"),
          "'hsts' needs 'tls' on the same listener",
          "browsers ignore Strict-Transport-Security over plain HTTP (RFC 6797 section 8.1)");
      hsts = "";
    }
    if (redirect > 0 && hasTls) {
      problems.error(
          l.valueLocation("redirect-to-https"), "a listener with 'tls' cannot redirect to https");
      redirect = 0;
    }
    l.finish();
    return new EdgeSettings.ListenerSettings(
        address, port, hasTls ? tls : Optional.empty(), http2 || h2c, proxy, redirect, hsts);
  }

  private Optional<TlsSettings> tls(MappingReader t) {
    List<TlsSettings.Certificate> certs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (YamlNode item : t.list("certificates")) {
      MappingReader c = MappingReader.of(item, "a TLS certificate", problems);
      Optional<String> cert = c.requiredString("cert");
      Optional<String> key = c.requiredString("key");
      List<String> given = c.stringList("names");
      if (cert.isPresent() && key.isPresent()) {
        TlsSettings.Certificate certificate =
            new TlsSettings.Certificate(base.resolve(cert.get()), base.resolve(key.get()), given);
        try {
          TlsContexts.check(certificate);
          names.addAll(given.isEmpty() ? TlsContexts.namesOf(certificate) : given);
          certs.add(certificate);
        } catch (IllegalArgumentException e) {
          boolean keyFault = e.getMessage().startsWith("cannot use");
          problems.error(
              c.valueLocation(keyFault ? "key" : "cert"),
              e.getMessage(),
              "give a PEM certificate chain and its unencrypted PKCS#8 key (BEGIN PRIVATE KEY)");
        }
      }
      c.finish();
    }
    if (t.node("certificates").isEmpty() && t.absentWithoutTypo("certificates")) {
      problems.error(t.location(), "'tls' needs 'certificates'");
    }
    Optional<String> fallback = t.string("default");
    if (fallback.isPresent() && !certs.isEmpty() && !names.contains(fallback.get())) {
      problems.error(
          t.valueLocation("default"),
          "default '" + fallback.get() + "' is a name of no certificate",
          "the certificates serve: " + String.join(", ", names));
    }
    List<String> protocols = TlsSettings.PROTOCOLS;
    if (t.node("protocols").isPresent()) {
      protocols = t.stringList("protocols");
      for (String p : protocols) {
        if (!TlsSettings.PROTOCOLS.contains(p)) {
          problems.error(
              t.valueLocation("protocols"),
              "TLS protocol '" + p + "' is not allowed",
              "use TLSv1.3 and TLSv1.2; older versions are deprecated (RFC 8996)");
        }
      }
      protocols = protocols.stream().filter(TlsSettings.PROTOCOLS::contains).toList();
      protocols = protocols.isEmpty() ? TlsSettings.PROTOCOLS : protocols;
    }
    t.finish();
    return certs.isEmpty()
        ? Optional.empty()
        : Optional.of(new TlsSettings(certs, fallback, protocols));
  }

  /** The header value of {@code hsts: { max-age, include-subdomains, preload }}. */
  private static String hsts(MappingReader h) {
    Duration maxAge = h.duration("max-age").orElse(Duration.ofDays(365));
    boolean sub = h.bool("include-subdomains").orElse(false);
    boolean preload = h.bool("preload").orElse(false);
    h.finish();
    return "max-age="
        + maxAge.toSeconds()
        + (sub ? "; includeSubDomains" : "")
        + (preload ? "; preload" : "");
  }

  TrustedProxies trustedProxies(MappingReader r) {
    List<TrustedProxies.Cidr> out = new ArrayList<>();
    for (String c : r.stringList("trusted-proxies")) {
      try {
        out.add(TrustedProxies.Cidr.parse(c));
      } catch (IllegalArgumentException e) {
        problems.error(r.valueLocation("trusted-proxies"), e.getMessage());
      }
    }
    return new TrustedProxies(out);
  }
}
