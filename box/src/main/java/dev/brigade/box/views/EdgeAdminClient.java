package dev.brigade.box.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brigade.edge.AdminJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * The edge's admin API as an operator's script uses it: {@code GET /pools} and {@code POST
 * /pools/POOL/backends/HOST/SERVICE/ACTION} with the model's bearer token; every call has a timeout
 * and every answer a size limit.
 */
final class EdgeAdminClient {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration TIMEOUT = Duration.ofSeconds(4);

  /** Largest answer read: the pools of a large edge fit many times over. */
  static final int MAX_BYTES = 2 << 20;

  static final Set<String> ACTIONS = Set.of("drain", "maint", "ready");

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private EdgeAdminClient() {}

  /** The edge's pools now. */
  static AdminJson.Pools pools(URI admin) throws IOException, InterruptedException {
    HttpResponse<InputStream> r =
        HTTP.send(
            HttpRequest.newBuilder(admin.resolve("/pools")).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    byte[] body = bounded(r);
    if (r.statusCode() != 200) {
      throw new IOException("GET /pools answered " + r.statusCode() + ": " + message(body));
    }
    return AdminJson.read(body);
  }

  /**
   * Asks the edge to drain, put in maintenance or make ready one backend.
   *
   * @return the state the edge reports for it afterwards
   * @throws IOException with the edge's own message when it refuses
   */
  static String change(URI admin, String token, String pool, String backend, String action)
      throws IOException, InterruptedException {
    if (!ACTIONS.contains(action)) {
      throw new IllegalArgumentException("action is drain, maint or ready, not '" + action + "'");
    }
    String path = "/pools/" + segment(pool) + "/backends/" + backendPath(backend) + "/" + action;
    HttpResponse<InputStream> r =
        HTTP.send(
            HttpRequest.newBuilder(admin.resolve(path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    byte[] body = bounded(r);
    if (r.statusCode() != 200) {
      throw new IOException(
          "the edge refused "
              + action
              + " of "
              + backend
              + " ("
              + r.statusCode()
              + "): "
              + message(body));
    }
    JsonNode n = JSON.readTree(body);
    return n.path("state").asText("");
  }

  /** A backend is {@code HOST/SERVICE}: each part one path segment. */
  static String backendPath(String backend) {
    String[] parts = backend.split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("a backend is HOST/SERVICE, not '" + backend + "'");
    }
    return segment(parts[0]) + "/" + segment(parts[1]);
  }

  static String segment(String s) {
    // letters, digits and ._- only, and never a dot segment (RFC 3986 section 5.2.4 removes those)
    if (!s.matches("[A-Za-z0-9._-]{1,100}") || s.equals(".") || s.equals("..")) {
      throw new IllegalArgumentException("'" + s + "' is not a pool, host or service name");
    }
    return s;
  }

  private static byte[] bounded(HttpResponse<InputStream> r) throws IOException {
    try (InputStream in = r.body()) {
      byte[] b = in.readNBytes(MAX_BYTES + 1);
      if (b.length > MAX_BYTES) {
        throw new IOException("the edge's answer is over " + MAX_BYTES + " bytes");
      }
      return b;
    }
  }

  private static String message(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.hasNonNull("error")) {
        return n.get("error").asText();
      }
    } catch (IOException e) {
      // not JSON: show its start
    }
    String s = new String(body, StandardCharsets.UTF_8).strip();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
