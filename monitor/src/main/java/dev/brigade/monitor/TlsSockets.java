package dev.brigade.monitor;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for the HTTPS check: the handshake is made with SNI and without judging the certificate,
 * because whether it is valid and for how long is the certificate check's answer, reported with its
 * own thresholds, not a reason to hide the service's status.
 */
final class TlsSockets {
  private TlsSockets() {}

  /**
   * Loads and starts the JVM's TLS implementation now, when a probe is built, so that its one-time
   * start (providers, random source; up to seconds on a busy machine) is not spent from the first
   * check's deadline.
   */
  static void warmUp() {
    Warm.DONE.hashCode();
  }

  /** Initialised once, on the first {@link #warmUp()}. */
  private static final class Warm {
    static final Object DONE = start();

    private static Object start() {
      try {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new AcceptAll()}, null);
        ctx.createSSLEngine().getSupportedCipherSuites();
        return ctx;
      } catch (GeneralSecurityException e) {
        return e; // TLS will fail at the check, with its reason
      }
    }
  }

  static Socket wrap(Socket plain, String host, int port) throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new AcceptAll()}, null);
      SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true);
      SSLParameters p = s.getSSLParameters();
      if (!host.matches("[0-9.:]+")) {
        p.setServerNames(List.of(new SNIHostName(host)));
      }
      s.setSSLParameters(p);
      s.startHandshake();
      return s;
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS unavailable: " + e.getMessage(), e);
    }
  }

  /** Accepts any chain; see the class comment for why. */
  private static final class AcceptAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
