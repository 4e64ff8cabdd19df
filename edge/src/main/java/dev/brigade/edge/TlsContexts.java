package dev.brigade.edge;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The server TLS contexts of one listener, built from PEM files: one per certificate, looked up by
 * the client's SNI name (wildcards too), with a default. Built whole or not at all, so a reload
 * with a bad file keeps the contexts in force.
 *
 * @param mapping SNI name (or null) to context
 * @param names the names served, certificate by certificate, for the log
 */
record TlsContexts(Mapping<String, SslContext> mapping, List<List<String>> names) {

  /**
   * TLS 1.2 suites with forward secrecy and AEAD only (Mozilla's "intermediate" list, which
   * HTTP/2's RFC 9113 appendix A also allows); TLS 1.3's suites are all fine and always on.
   */
  static final List<String> CIPHERS = Http2SecurityUtil.CIPHERS;

  /** OpenSSL (BoringSSL from netty-tcnative) where it loads, else the JDK's engine. */
  static SslProvider provider() {
    return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  /** The engine that runs, for the log: "OpenSSL (BoringSSL)" or "JDK". */
  static String providerName() {
    return OpenSsl.isAvailable() ? "OpenSSL (" + OpenSsl.versionString() + ")" : "JDK";
  }

  /**
   * Builds every context; {@code http2} offers {@code h2} by ALPN before {@code http/1.1}.
   *
   * @throws IllegalArgumentException naming the file that cannot be used and why
   */
  static TlsContexts build(TlsSettings tls, boolean http2) {
    Map<String, SslContext> byName = new LinkedHashMap<>();
    List<List<String>> names = new ArrayList<>();
    SslContext first = null;
    for (TlsSettings.Certificate c : tls.certificates()) {
      List<String> served = c.names().isEmpty() ? namesOf(c) : c.names();
      SslContext ctx = context(c, tls.protocols(), http2);
      first = first == null ? ctx : first;
      for (String n : served) {
        byName.putIfAbsent(n.toLowerCase(Locale.ROOT), ctx);
      }
      names.add(served);
    }
    SslContext fallback = first;
    if (tls.defaultName().isPresent()) {
      fallback = byName.get(tls.defaultName().get().toLowerCase(Locale.ROOT));
      if (fallback == null) {
        throw new IllegalArgumentException(
            "default '"
                + tls.defaultName().get()
                + "' is a name of no certificate; they serve: "
                + names);
      }
    }
    DomainWildcardMappingBuilder<SslContext> b = new DomainWildcardMappingBuilder<>(fallback);
    byName.forEach(b::add);
    return new TlsContexts(b.build(), List.copyOf(names));
  }

  /** Checks that one certificate and key load, as the model's validation does. */
  static void check(TlsSettings.Certificate c) {
    namesOf(c);
    context(c, TlsSettings.PROTOCOLS, false);
  }

  private static SslContext context(TlsSettings.Certificate c, List<String> protocols, boolean h2) {
    try {
      SslContextBuilder b =
          SslContextBuilder.forServer(c.cert().toFile(), c.key().toFile())
              .sslProvider(provider())
              .protocols(protocols)
              .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
      if (h2) {
        b.applicationProtocolConfig(
            new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                ApplicationProtocolNames.HTTP_2,
                ApplicationProtocolNames.HTTP_1_1));
      }
      return b.build();
    } catch (IOException | RuntimeException e) {
      // the message names the file, never the key's content
      throw new IllegalArgumentException(
          "cannot use certificate "
              + c.cert()
              + " with key "
              + c.key()
              + ": "
              + reason(e.getCause() != null ? e.getCause() : e),
          e);
    }
  }

  /** The DNS names of the leaf certificate: its subject alternative names, else its CN. */
  static List<String> namesOf(TlsSettings.Certificate c) {
    X509Certificate leaf;
    try (InputStream in = Files.newInputStream(c.cert())) {
      leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read certificate " + c.cert() + ": " + reason(e), e);
    }
    List<String> out = new ArrayList<>();
    try {
      if (leaf.getSubjectAlternativeNames() != null) {
        for (List<?> san : leaf.getSubjectAlternativeNames()) {
          if (Integer.valueOf(2).equals(san.get(0))) {
            out.add(String.valueOf(san.get(1)));
          }
        }
      }
      if (out.isEmpty()) {
        for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("CN")) {
            out.add(String.valueOf(rdn.getValue()));
          }
        }
      }
    } catch (CertificateParsingException | InvalidNameException e) {
      throw new IllegalArgumentException("cannot read the names of " + c.cert(), e);
    }
    return out;
  }

  private static String reason(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    m = m.lines().findFirst().orElse(m);
    return m.length() > 160 ? m.substring(0, 160) : m;
  }
}
