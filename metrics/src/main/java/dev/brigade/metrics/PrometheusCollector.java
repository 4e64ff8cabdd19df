package dev.brigade.metrics;

import dev.brigade.model.Host;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Scrapes an HTTP endpoint in Prometheus text format, e.g. an edge's {@code /metrics}. */
final class PrometheusCollector implements Collector {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final String source;
  private final int port;
  private final String path;
  private final Optional<String> address;
  private final Duration timeout;

  PrometheusCollector(
      String source, int port, String path, Optional<String> address, Duration timeout) {
    this.source = source;
    this.port = port;
    this.path = path;
    this.address = address;
    this.timeout = timeout;
  }

  @Override
  public List<Collected> collect(Host host) throws IOException {
    String a = address.orElse(host.address());
    String hostPart = a.contains(":") ? "[" + a + "]" : a;
    URI uri = URI.create("http://" + hostPart + ":" + port + path);
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "text/plain;version=0.0.4")
            .GET()
            .build();
    HttpResponse<InputStream> resp;
    try {
      resp = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(uri + ": interrupted", e);
    } catch (IOException e) {
      throw new IOException(uri + ": " + e.getMessage(), e);
    }
    try (InputStream body = resp.body()) {
      if (resp.statusCode() != 200) {
        throw new IOException(uri + ": HTTP " + resp.statusCode());
      }
      return List.of(new Collected(source, PrometheusText.parse(body, uri.toString())));
    }
  }
}
