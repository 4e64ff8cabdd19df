package dev.brigade.cli;

import dev.brigade.edge.EdgeConfig;
import dev.brigade.edge.Listener;
import dev.brigade.edge.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The demo's self-signed certificate for {@code localhost} and {@code 127.0.0.1}: a P-256 key
 * (PKCS#8 PEM, mode 0600) and its certificate (PEM) in one directory, made on the first start and
 * reused while it is valid for another day and its key still matches. Made with the JDK's keys and
 * signatures and BouncyCastle's ASN.1 structures, no {@code openssl}.
 *
 * @param cert the certificate's PEM file (give it to {@code curl --cacert})
 * @param key the private key's PEM file
 * @param sha256 the certificate's SHA-256 fingerprint, {@code AB:CD:...} as openssl prints it
 * @param made true when this start made it, false when an earlier one's was reused
 */
record DemoCertificate(Path cert, Path key, String sha256, boolean made) {
  /** The names it serves (DNS name first, then the address). */
  static final List<String> NAMES = List.of("localhost", "127.0.0.1");

  /** How long a new certificate is valid. */
  static final Duration VALIDITY = Duration.ofDays(90);

  /** A certificate valid for less than this is made anew. */
  static final Duration MARGIN = Duration.ofDays(1);

  /** The largest certificate or key file read back (they are a few hundred bytes). */
  private static final int MAX_FILE = 64 * 1024;

  /**
   * The certificate in {@code dir} ({@code demo.pem}, {@code demo.key}) when it can be reused at
   * {@code now}, else a new one written there.
   *
   * @throws UncheckedIOException when the directory cannot be written
   */
  static DemoCertificate in(Path dir, Instant now) {
    Path cert = dir.resolve("demo.pem");
    Path key = dir.resolve("demo.key");
    try {
      if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
        X509Certificate c = read(cert);
        PrivateKey k = readKey(key);
        if (reusable(c, k, now) && privateFile(key)) {
          return new DemoCertificate(cert, key, fingerprint(c), false);
        }
      }
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      // unreadable or foreign files: made anew below
    }
    try {
      Files.createDirectories(dir);
      trySetPermissions(dir, "rwx------");
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = g.generateKeyPair();
      byte[] der = selfSigned(pair, now);
      writePrivate(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      writeAtomically(cert, pem("CERTIFICATE", der));
      return new DemoCertificate(cert, key, fingerprint(read(cert)), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo's certificate in " + dir, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the demo's certificate: " + e.getMessage(), e);
    }
  }

  /**
   * Whether a stored certificate can serve the demo again at {@code now}: valid since before now
   * and for at least {@link #MARGIN} more, for both of {@link #NAMES}, and {@code key} is its key.
   */
  static boolean reusable(X509Certificate c, PrivateKey key, Instant now) {
    if (c.getNotBefore().toInstant().isAfter(now)
        || c.getNotAfter().toInstant().isBefore(now.plus(MARGIN))) {
      return false;
    }
    try {
      List<String> names = new ArrayList<>();
      if (c.getSubjectAlternativeNames() != null) {
        for (List<?> san : c.getSubjectAlternativeNames()) {
          names.add(String.valueOf(san.get(1)));
        }
      }
      if (!names.containsAll(NAMES)) {
        return false;
      }
      byte[] probe = "brigade demo key check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance("SHA256withECDSA");
      v.initVerify(c.getPublicKey());
      v.update(probe);
      return v.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** The SHA-256 of the certificate's DER form, upper-case hex pairs joined by colons. */
  static String fingerprint(X509Certificate c) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A self-signed X.509 v3 server certificate for {@link #NAMES}, DER encoded. */
  static byte[] selfSigned(KeyPair pair, Instant now) throws GeneralSecurityException, IOException {
    X500Name name = new X500Name("CN=localhost, O=Brigade demo");
    AlgorithmIdentifier alg = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
    byte[] keyId = MessageDigest.getInstance("SHA-1").digest(spki.getPublicKeyData().getBytes());
    GeneralNames san =
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, NAMES.get(0)),
              new GeneralName(
                  GeneralName.iPAddress,
                  new DEROctetString(InetAddress.getByName(NAMES.get(1)).getAddress()))
            });
    Extensions ext =
        new Extensions(
            new Extension[] {
              new Extension(
                  Extension.basicConstraints, true, new BasicConstraints(false).getEncoded()),
              new Extension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature).getEncoded()),
              new Extension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth).getEncoded()),
              new Extension(Extension.subjectAlternativeName, false, san.getEncoded()),
              new Extension(
                  Extension.subjectKeyIdentifier,
                  false,
                  new SubjectKeyIdentifier(keyId).getEncoded())
            });
    V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
    g.setSerialNumber(new ASN1Integer(new BigInteger(64, new SecureRandom()).add(BigInteger.ONE)));
    g.setSignature(alg);
    g.setIssuer(name);
    g.setSubject(name);
    g.setStartDate(new Time(Date.from(now.minus(Duration.ofMinutes(5)))));
    g.setEndDate(new Time(Date.from(now.plus(VALIDITY))));
    g.setSubjectPublicKeyInfo(spki);
    g.setExtensions(ext);
    TBSCertificate tbs = g.generateTBSCertificate();
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(pair.getPrivate());
    s.update(tbs.getEncoded(ASN1Encoding.DER));
    return new DERSequence(new ASN1Encodable[] {tbs, alg, new DERBitString(s.sign())})
        .getEncoded(ASN1Encoding.DER);
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static X509Certificate read(Path pem) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      byte[] bytes = in.readNBytes(MAX_FILE + 1);
      if (bytes.length > MAX_FILE) {
        throw new IOException(pem + " is over " + MAX_FILE + " bytes");
      }
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new java.io.ByteArrayInputStream(bytes));
    }
  }

  private static PrivateKey readKey(Path pem) throws IOException, GeneralSecurityException {
    if (Files.size(pem) > MAX_FILE) {
      throw new IOException(pem + " is over " + MAX_FILE + " bytes");
    }
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN PRIVATE KEY-----";
    String end = "-----END PRIVATE KEY-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IOException(pem + " holds no PKCS#8 private key");
    }
    byte[] der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  /** True where the key file is readable by its owner only (or the file system has no modes). */
  private static boolean privateFile(Path key) throws IOException {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(key);
      return p.equals(PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      return true;
    }
  }

  /** Writes the key with mode 0600 from its creation on, then moves it into place. */
  private static void writePrivate(Path key, String text) throws IOException {
    Path tmp = key.resolveSibling(key.getFileName() + ".new");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    Files.move(tmp, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".new");
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void trySetPermissions(Path dir, String mode) {
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
    } catch (IOException | UnsupportedOperationException e) {
      // best effort: the key file itself is 0600
    }
  }

  /** The default directory: {@code $XDG_DATA_HOME/brigade/demo}, else under the home directory. */
  static Path defaultDir() {
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("brigade").resolve("demo");
  }

  /** {@code brigade demo}'s options for its HTTPS listener. */
  static final class Options {
    @picocli.CommandLine.Option(
        names = "--https-port",
        defaultValue = "0",
        paramLabel = "PORT",
        description = "The edge's HTTPS (HTTP/2 and HTTP/1.1) port. Default: a free one.")
    int port;

    @picocli.CommandLine.Option(
        names = "--tls-dir",
        paramLabel = "DIR",
        description =
            "Where the demo keeps its self-signed certificate for localhost and 127.0.0.1 (made"
                + " on the first start, reused while valid). Default:"
                + " $XDG_DATA_HOME/brigade/demo or ~/.local/share/brigade/demo.")
    Path dir;

    Path dir() {
      return dir == null ? defaultDir() : dir;
    }
  }

  /**
   * {@code config} with a second listener, HTTPS on {@code at} with this certificate (HTTP/2 and
   * HTTP/1.1 by ALPN), after its plain one.
   */
  EdgeConfig addTo(EdgeConfig config, InetSocketAddress at) {
    Listener https = Listener.https(at, TlsSettings.of(new TlsSettings.Certificate(cert, key)));
    return config.withListeners(List.of(config.listeners().getFirst(), https));
  }

  /** The demo's lines about its HTTPS listener at {@code url}. */
  List<String> lines(String url) {
    return List.of(
        "  https  "
            + url
            + "   (HTTP/2 and HTTP/1.1; self-signed for "
            + String.join(", ", NAMES)
            + ")",
        "         certificate " + cert + " (" + (made ? "made now" : "reused") + ")",
        "         SHA-256 " + sha256,
        "       curl --http2 --cacert " + cert + " -si " + url + "products/1");
  }
}
