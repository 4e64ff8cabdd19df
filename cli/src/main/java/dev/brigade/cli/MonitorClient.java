package dev.brigade.cli;

import dev.brigade.model.Cluster;
import dev.brigade.monitor.MonitorJson;
import dev.brigade.monitor.MonitorSection;
import dev.brigade.monitor.MonitorSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The running monitor's API as the commands see it: its address and token from the model's {@code
 * monitor.api}, answers read as the {@link MonitorJson} records the API writes.
 */
final class MonitorClient {
  private final String where;
  private final String token;
  private final String model;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private MonitorClient(String where, String token, String model) {
    this.where = where;
    this.token = token;
    this.model = model;
  }

  /** The API of the model's monitor, or at {@code api} when given. */
  static MonitorClient of(Cluster cluster, String api, String model) {
    MonitorSettings.Api a = cluster.section(MonitorSection.TYPE).api();
    return new MonitorClient(api != null ? api : a.address() + ":" + a.port(), a.token(), model);
  }

  /** The API at {@code api}, without a model (reading only). */
  static MonitorClient at(String api, String model) {
    return new MonitorClient(api, "", model);
  }

  String where() {
    return where;
  }

  /** GETs {@code path} and reads it as {@code type}. */
  <T> T get(String path, Class<T> type) throws InterruptedException {
    return MonitorJson.read(
        send(HttpRequest.newBuilder(uri(path)).GET(), path), type, "GET " + path);
  }

  /** GETs {@code path} and reads it as a list of {@code type}. */
  <T> java.util.List<T> getList(String path, Class<T> type) throws InterruptedException {
    return MonitorJson.readList(
        send(HttpRequest.newBuilder(uri(path)).GET(), path), type, "GET " + path);
  }

  /** POSTs the form to {@code path} with the model's token. */
  MonitorJson.Done post(String path, Map<String, String> form) throws InterruptedException {
    if (token.isEmpty()) {
      throw new CliException(
          Brigade.INVALID,
          "the model gives the monitor no API token, so it takes no changes",
          "set monitor.api.token (e.g. token: \"${MONITOR_TOKEN}\")");
    }
    String body =
        form.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    return MonitorJson.read(send(b, path), MonitorJson.Done.class, "POST " + path);
  }

  /** A form in the order given. */
  static Map<String, String> form(String... keyValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        m.put(keyValues[i], keyValues[i + 1]);
      }
    }
    return m;
  }

  private URI uri(String path) {
    return URI.create("http://" + where + path);
  }

  private String send(HttpRequest.Builder b, String path) throws InterruptedException {
    HttpResponse<InputStream> r;
    String text;
    try {
      r =
          http.send(
              b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        byte[] bytes = in.readNBytes(MonitorJson.MAX_DOCUMENT + 1);
        text = new String(bytes, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new CliException(
          3,
          "no monitor answers at "
              + where
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
          "start one with: brigade monitor -c " + model);
    }
    if (r.statusCode() != 200) {
      String why;
      try {
        why = MonitorJson.read(text, MonitorJson.Error.class, path).error();
      } catch (IllegalArgumentException notOurs) {
        why = "HTTP " + r.statusCode();
      }
      throw new CliException(
          r.statusCode() == 400 || r.statusCode() == 404 ? Brigade.INVALID : Brigade.FAILED,
          "the monitor refused: " + (why == null ? "HTTP " + r.statusCode() : why),
          r.statusCode() == 401
              ? "the token in the model is not the running monitor's"
              : "see the targets with: brigade status -c " + model + " --all");
    }
    return text;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
