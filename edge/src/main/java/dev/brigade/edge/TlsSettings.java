package dev.brigade.edge;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * TLS on a listener ({@code tls:} of an {@code edge.listen} entry): PEM certificates chosen by the
 * client's SNI name, the one for clients without SNI or with an unknown name, and the protocols.
 *
 * <pre>{@code
 * tls:
 *   certificates:
 *     - { cert: /etc/brigade/www.pem, key: /etc/brigade/www.key }   # names from its SANs
 *     - { cert: api.pem, key: api.key, names: [api.example.com] }    # relative to brigade.yml
 *   default: www.example.com       # the certificate for no or an unknown SNI (default: the first)
 *   protocols: [TLSv1.3, TLSv1.2]  # the default; nothing older is allowed
 * }</pre>
 *
 * @param certificates the certificates, at least one
 * @param defaultName a name of the certificate for clients without SNI or with an unknown name, or
 *     empty for the first certificate
 * @param protocols the TLS versions offered, a subset of TLSv1.3 and TLSv1.2
 */
public record TlsSettings(
    List<Certificate> certificates, Optional<String> defaultName, List<String> protocols) {

  /** TLS 1.3 and 1.2: what current browsers speak; 1.1 and older are refused (RFC 8996). */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  public TlsSettings {
    certificates = List.copyOf(certificates);
    protocols = List.copyOf(protocols);
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("a TLS listener needs at least one certificate");
    }
  }

  /** Certificates with the default protocols and the first certificate as the default. */
  public static TlsSettings of(Certificate... certificates) {
    return new TlsSettings(List.of(certificates), Optional.empty(), PROTOCOLS);
  }

  /**
   * One certificate chain and its private key, both PEM files. The key's content is read only when
   * a TLS context is built; it is never logged.
   *
   * @param cert the certificate chain, leaf first
   * @param key the unencrypted PKCS#8 private key
   * @param names the SNI names it serves; empty takes its subject alternative names (or its CN)
   */
  public record Certificate(Path cert, Path key, List<String> names) {
    public Certificate {
      names = List.copyOf(names);
    }

    /** A certificate serving the names it holds. */
    public Certificate(Path cert, Path key) {
      this(cert, key, List.of());
    }
  }
}
