package dev.brigade.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The green pages: files bundled with the demo, loaded once, each with a strong ETag. */
final class StaticFiles {
  /** Size of the generated download, big enough for streaming tests through a proxy. */
  static final int DOWNLOAD_BYTES = 100 * 1024;

  /**
   * One file.
   *
   * @param body the bytes
   * @param contentType its media type
   * @param etag a strong validator derived from the bytes
   */
  record File(byte[] body, String contentType, String etag) {}

  private static final Map<String, File> FILES = load();

  private StaticFiles() {}

  static Optional<File> get(String name) {
    return Optional.ofNullable(FILES.get(name));
  }

  static Iterable<String> names() {
    return FILES.keySet();
  }

  private static Map<String, File> load() {
    Map<String, File> files = new LinkedHashMap<>();
    put(files, "style.css", resource("style.css"), "text/css; charset=utf-8");
    put(files, "app.js", resource("app.js"), "text/javascript; charset=utf-8");
    put(files, "logo.svg", resource("logo.svg"), "image/svg+xml");
    byte[] download = new byte[DOWNLOAD_BYTES];
    for (int i = 0; i < download.length; i++) {
      download[i] = (byte) ('a' + i % 26);
    }
    put(files, "download.bin", download, "application/octet-stream");
    byte[] kb = new byte[1024];
    java.util.Arrays.fill(kb, (byte) 'k');
    kb[1023] = '\n';
    put(files, "kb.txt", kb, "text/plain; charset=utf-8");
    return Map.copyOf(files);
  }

  private static void put(Map<String, File> files, String name, byte[] body, String type) {
    files.put(name, new File(body, type, "\"" + sha256(body).substring(0, 20) + "\""));
  }

  private static byte[] resource(String name) {
    try (InputStream in = StaticFiles.class.getResourceAsStream("static/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing demo resource static/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
