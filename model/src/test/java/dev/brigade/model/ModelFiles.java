package dev.brigade.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes model files for tests and loads them. */
final class ModelFiles {
  /** A valid model; tests break one thing in it at a time. Line numbers matter to the tests. */
  static final String BASE =
      """
      cluster: shop
      roles:
        edge:
          services:
            http: { port: 80, protocol: http }
        app:
          services:
            http:
              port: 8080
              protocol: http
              check: { type: http, path: /health, expect: 200 }
        cache:
          services:
            memcached: { port: 11211 }
      hosts:
        edge1: { address: 10.0.0.1, roles: [edge] }
        app1: { address: 10.0.0.11, roles: [app, cache] }
        app2: { address: app2.example.com, roles: [app] }
      stages:
        production:
          hosts: [edge1, app1, app2]
      layers:
        - name: edge
          role: edge
          pools:
            app: { role: app }
      """;

  private ModelFiles() {}

  static Path write(Path dir, String name, String text) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Cluster load(Path file) throws ModelException {
    return new ClusterLoader(Map.of(), List.of()).read(file);
  }

  /** The problems of a model that must be invalid. */
  static List<Problem> problems(Path file) {
    try {
      load(file);
    } catch (ModelException e) {
      return e.problems();
    }
    throw new AssertionError(file + " loaded without problems");
  }

  /** BASE with its first occurrence of {@code from} replaced; fails when {@code from} is absent. */
  static String base(String from, String to) {
    if (!BASE.contains(from)) {
      throw new IllegalArgumentException("not in BASE: " + from);
    }
    return BASE.replaceFirst(
        java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
  }
}
