package dev.brigade.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brigade.model.Cluster;
import dev.brigade.model.Endpoint;
import dev.brigade.model.Host;
import dev.brigade.model.Layer;
import dev.brigade.model.Pool;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes a batch's hosts out of traffic and monitoring during their restart, as an operator's script
 * would, through the documented HTTP APIs only: the edges' admin API ({@code POST
 * /pools/POOL/backends/HOST/SERVICE/drain|ready}, {@code GET /pools} for the requests still
 * running) and the monitor's ({@code POST /downtime}, {@code /downtime/cancel}, and {@code
 * /annotations} for the finished deploy).
 */
final class TrafficControl {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(TrafficControl.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Cluster cluster;
  private final DeploySettings settings;
  private final String author;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  TrafficControl(Cluster cluster, DeploySettings settings, String author) {
    this.cluster = cluster;
    this.settings = settings;
    this.author = author;
  }

  /** One backend on one edge: {@code http://EDGE:PORT}, pool, {@code host/service}. */
  record Backend(Host edge, String pool, String id) {}

  /** Every edge backend that is {@code host}: the model's layers whose pools hold it, per edge. */
  List<Backend> backendsOf(Host host) {
    List<Backend> out = new ArrayList<>();
    if (settings.drain().isEmpty()) {
      return out;
    }
    for (Layer layer : cluster.layers()) {
      for (Host edge : cluster.hostsWithRole(layer.role())) {
        for (Pool pool : layer.pools()) {
          for (Endpoint e : cluster.members(pool, edge)) {
            if (e.host().name().equals(host.name())) {
              out.add(new Backend(edge, pool.name(), e.id()));
            }
          }
        }
      }
    }
    return out;
  }

  /** Drains the hosts in every edge and waits until their running requests finished. */
  void drain(List<Host> hosts) throws IOException, InterruptedException {
    if (settings.drain().isEmpty()) {
      return;
    }
    List<Backend> all = new ArrayList<>();
    for (Host h : hosts) {
      all.addAll(backendsOf(h));
    }
    for (Backend b : all) {
      post(
          adminUrl(b.edge()) + "/pools/" + b.pool() + "/backends/" + b.id() + "/drain",
          Map.of(),
          settings.drain().orElseThrow().token());
    }
    long deadline = System.nanoTime() + settings.drain().orElseThrow().drainWait().toNanos();
    for (Backend b : all) {
      while (active(b) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    }
  }

  /** Puts the hosts back into every edge (health then decides, as after any ready). */
  void ready(List<Host> hosts) throws IOException, InterruptedException {
    if (settings.drain().isEmpty()) {
      return;
    }
    for (Host h : hosts) {
      for (Backend b : backendsOf(h)) {
        post(
            adminUrl(b.edge()) + "/pools/" + b.pool() + "/backends/" + b.id() + "/ready",
            Map.of(),
            settings.drain().orElseThrow().token());
      }
    }
  }

  /** Sets monitor downtime for the hosts (and their services), if the section names a monitor. */
  void downtime(List<Host> hosts, String comment) throws IOException, InterruptedException {
    Optional<DeploySettings.MonitorApi> m = settings.monitor();
    if (m.isEmpty()) {
      return;
    }
    for (Host h : hosts) {
      Map<String, String> form = new LinkedHashMap<>();
      form.put("target", h.name());
      form.put("duration", m.get().downtime().toSeconds() + "s");
      form.put("author", author);
      form.put("comment", comment);
      post("http://" + m.get().address() + "/downtime", form, m.get().token());
    }
  }

  /** Ends the hosts' downtime. */
  void endDowntime(List<Host> hosts) throws IOException, InterruptedException {
    Optional<DeploySettings.MonitorApi> m = settings.monitor();
    if (m.isEmpty()) {
      return;
    }
    for (Host h : hosts) {
      post(
          "http://" + m.get().address() + "/downtime/cancel",
          Map.of("target", h.name(), "author", author),
          m.get().token());
    }
  }

  /**
   * Tells the monitor of a finished deploy or rollback ({@code POST /annotations}, kind {@code
   * deploy}): who, revision, release, hosts, time taken and result, at its start.
   */
  void announce(DeployReport r) throws InterruptedException {
    Optional<DeploySettings.MonitorApi> m = settings.monitor();
    if (m.isEmpty()) {
      return;
    }
    String text =
        r.action()
            + " "
            + r.stage()
            + " "
            + java.util.Objects.toString(r.release(), "-")
            + " ("
            + java.util.Objects.toString(r.revision(), "-")
            + ") by "
            + author
            + ": "
            + r.result().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + " on "
            + r.hosts().size()
            + (r.hosts().size() == 1 ? " host" : " hosts")
            + " in "
            + r.took().toMillis() / 1000.0
            + " s";
    Map<String, String> form = new LinkedHashMap<>();
    form.put("kind", "deploy");
    form.put("text", text);
    form.put("at", r.started().toString());
    try {
      post("http://" + m.get().address() + "/annotations", form, m.get().token());
    } catch (IOException e) {
      log.warn("cannot tell the monitor of the {}: {}", r.action(), e.getMessage());
    }
  }

  private int active(Backend b) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(adminUrl(b.edge()) + "/pools"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + adminUrl(b.edge()) + "/pools answered " + r.statusCode());
    }
    for (JsonNode pool : JSON.readTree(r.body()).path("pools")) {
      if (pool.path("name").asText().equals(b.pool())) {
        for (JsonNode be : pool.path("backends")) {
          if (be.path("id").asText().equals(b.id())) {
            return be.path("active").asInt();
          }
        }
      }
    }
    return 0;
  }

  private String adminUrl(Host edge) {
    String a = edge.address().contains(":") ? "[" + edge.address() + "]" : edge.address();
    return "http://" + a + ":" + settings.drain().orElseThrow().port();
  }

  private void post(String url, Map<String, String> form, String token)
      throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder();
    form.forEach(
        (k, v) ->
            body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      String b = r.body().length() > 200 ? r.body().substring(0, 200) : r.body();
      throw new IOException("POST " + url + " answered " + r.statusCode() + ": " + b.strip());
    }
  }
}
