package dev.brigade.box;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The box's static files, from the class path under {@code dev/brigade/box/static/}: scripts and
 * styles of every page, with their type, an ETag and an hour of caching.
 */
final class StaticFiles {
  private static final String ROOT = "dev/brigade/box/static/";
  private static final Map<String, String> TYPES =
      Map.of(
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "json", "application/json",
          "woff2", "font/woff2",
          "txt", "text/plain; charset=utf-8",
          "map", "application/json");

  private record File(byte[] body, String type, String etag) {}

  private final Map<String, Optional<File>> cache = new ConcurrentHashMap<>();

  void serve(HttpExchange x, String name) throws IOException {
    Optional<File> f = cache.computeIfAbsent(name, StaticFiles::load);
    if (f.isEmpty()) {
      Wire.problem(x, 404, "Not Found", "no static file '" + name + "'", null);
      return;
    }
    File file = f.get();
    x.getResponseHeaders().set("Cache-Control", "public, max-age=3600");
    x.getResponseHeaders().set("ETag", file.etag());
    String match = x.getRequestHeaders().getFirst("If-None-Match");
    if (file.etag().equals(match)) {
      Wire.send(x, 304, null, new byte[0]);
      return;
    }
    Wire.send(x, 200, file.type(), file.body());
  }

  private static Optional<File> load(String name) {
    if (!name.matches("[A-Za-z0-9_-][A-Za-z0-9._/-]{0,200}") || name.contains("..")) {
      return Optional.empty();
    }
    int dot = name.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
    if (type == null) {
      return Optional.empty();
    }
    try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(ROOT + name)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] body = in.readAllBytes();
      String etag =
          "\""
              + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12)
              + "\"";
      return Optional.of(new File(body, type, etag));
    } catch (IOException | NoSuchAlgorithmException e) {
      return Optional.empty();
    }
  }
}
