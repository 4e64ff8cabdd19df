package dev.brigade.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.edge.EdgeConfig;
import dev.brigade.edge.EdgeServer;
import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.testhosts.TestHost;
import dev.brigade.testhosts.TestHosts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rolling deploy of the demo application (Java, on the test hosts' JDK) behind a real Brigade
 * edge, one host at a time, drained through the edge's admin API, under steady traffic.
 */
class RollingDeployTest {
  @RegisterExtension static TestHosts hosts = TestHosts.named("app", 3).withJdk();

  private static final String TOKEN = "edge-admin-token-0123456789";

  @Test
  void rollingDeploy_behindARealEdge_underSteadyTraffic_failsNoRequest() throws Exception {
    try (Testbed bed = new Testbed(hosts, "/srv/demo")) {
      for (TestHost h : hosts.hosts()) {
        h.write("/etc/init.d/demo", demoInit("/srv/demo"), "755");
      }
      Files.createDirectories(bed.repo.resolve("lib"));
      DemoJar.write(bed.repo.resolve("lib/demo.jar"));
      bed.commit("v1", true);
      int edgePort = freePort();
      int adminPort = freePort();
      Path model = bed.dir.resolve("rolling.yml");
      int monitorPort = freePort();
      Files.writeString(model, model(bed, edgePort, adminPort, monitorPort));
      Cluster cluster = new ClusterLoader(Map.of(), List.of()).read(model);
      List<String> notes = new CopyOnWriteArrayList<>();
      Map<String, Boolean> inDowntimeAtRestart = new java.util.concurrent.ConcurrentHashMap<>();
      HttpClient monitorHttp = HttpClient.newHttpClient();
      URI checks = URI.create("http://127.0.0.1:" + monitorPort + "/checks");
      Deployer deployer =
          bed.deployer(
              cluster,
              new DeployListener() {
                @Override
                public void note(String message) {
                  notes.add(message);
                }

                @Override
                public void started(dev.brigade.model.Host host, Step step) {
                  if (step == Step.RESTART) {
                    inDowntimeAtRestart.put(
                        host.name(), inDowntime(monitorHttp, checks, host.name()));
                  }
                }
              });
      ConcurrentLinkedQueue<String> annotations = new ConcurrentLinkedQueue<>();
      dev.brigade.monitor.MonitorListener annotationsKept =
          new dev.brigade.monitor.MonitorListener() {
            @Override
            public void checked(
                String host,
                String check,
                dev.brigade.monitor.CheckResult result,
                java.time.Instant at) {}

            @Override
            public void annotated(
                java.time.Instant at, String kind, String text, Optional<String> host) {
              annotations.add(kind + " " + text);
            }
          };
      try (dev.brigade.monitor.Monitor monitor =
              dev.brigade.monitor.Monitor.create(
                  cluster,
                  dev.brigade.monitor.Monitor.Options.defaults().withListener(annotationsKept));
          dev.brigade.monitor.MonitorApi api =
              dev.brigade.monitor.MonitorApi.start(monitor, Optional.empty());
          EdgeServer edge = EdgeServer.start(EdgeConfig.from(cluster, "edge1"))) {
        assertThat(api).isNotNull();
        DeployReport first = deployer.deploy("production", Optional.empty());
        assertThat(first.result()).as(first.message()).isEqualTo(DeployReport.Result.SUCCEEDED);

        assertThat(edge.address().getPort()).isEqualTo(edgePort);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI page = URI.create("http://127.0.0.1:" + edgePort + "/news");
        awaitOk(http, page);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ok = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
          clients.add(
              Thread.ofVirtual()
                  .start(
                      () -> {
                        while (!stop.get()) {
                          try {
                            HttpResponse<String> r =
                                http.send(
                                    HttpRequest.newBuilder(page)
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                              ok.incrementAndGet();
                            } else {
                              failures.add(
                                  r.statusCode()
                                      + " "
                                      + r.headers().firstValue("X-Served-By").orElse(""));
                            }
                            Thread.sleep(10);
                          } catch (Exception e) {
                            failures.add(e.toString());
                          }
                        }
                      }));
        }
        Thread.sleep(500);
        bed.commit("v2", true);
        DeployReport rolling = deployer.deploy("production", Optional.empty());
        Thread.sleep(500);
        stop.set(true);
        for (Thread t : clients) {
          t.join();
        }
        assertThat(rolling.result()).as(rolling.message()).isEqualTo(DeployReport.Result.SUCCEEDED);
        assertThat(notes).contains("batch 1/3: app1", "batch 2/3: app2", "batch 3/3: app3");
        assertThat(failures).as("failed requests during the rolling deploy").isEmpty();
        assertThat(annotations)
            .as("each deploy told the monitor, for a marker on the graphs")
            .hasSize(2)
            .allSatisfy(a -> assertThat(a).startsWith("deploy deploy production "))
            .anySatisfy(
                a -> assertThat(a).contains(rolling.release()).contains(": succeeded on 3 hosts"));
        assertThat(inDowntimeAtRestart)
            .as("each host was in monitor downtime while it restarted")
            .containsEntry("app1", true)
            .containsEntry("app2", true)
            .containsEntry("app3", true);
        for (String h : List.of("app1", "app2", "app3")) {
          assertThat(inDowntime(monitorHttp, checks, h))
              .as("downtime of " + h + " ended")
              .isFalse();
        }
        assertThat(ok.get()).isGreaterThan(50);
        // the batches switched one after another, never two at once
        List<java.time.Instant> switched =
            rolling.hosts().stream().map(h -> h.switchedAt().orElseThrow()).sorted().toList();
        assertThat(Duration.between(switched.get(0), switched.get(1))).isPositive();
        for (TestHost h : hosts.hosts()) {
          assertThat(Testbed.live(h, "/srv/demo")).contains(rolling.release());
        }
      }
    }
  }

  private static String model(Testbed bed, int edgePort, int adminPort, int monitorPort) {
    StringBuilder y = new StringBuilder();
    y.append("cluster: rolling\n")
        .append("roles:\n")
        .append("  edge:\n    services:\n      http: { port: ")
        .append(edgePort)
        .append(", protocol: http }\n")
        .append("  app:\n    services:\n      http:\n        port: 8080\n        protocol: http\n")
        .append(
            "        check: { type: http, path: /health, expect: 200, interval: 1s, timeout: 1s }\n")
        .append("hosts:\n  edge1: { address: 127.0.0.1, roles: [edge] }\n");
    for (TestHost h : hosts.hosts()) {
      y.append("  ")
          .append(h.name())
          .append(": { address: ")
          .append(h.address())
          .append(", roles: [app], ssh: { user: root, key: ")
          .append(bed.hosts.clientKey())
          .append(" } }\n");
    }
    y.append("stages:\n  production:\n    hosts: [edge1, ")
        .append(String.join(", ", hosts.hosts().stream().map(TestHost::name).toList()))
        .append("]\n")
        .append(
            "layers:\n  - name: edge\n    role: edge\n    pools:\n      app: { role: app, service: http }\n")
        .append("edge:\n  admin: { address: 127.0.0.1, port: ")
        .append(adminPort)
        .append(", token: ")
        .append(TOKEN)
        .append(" }\n")
        .append("monitor:\n  api: { listen: \"127.0.0.1:")
        .append(monitorPort)
        .append("\", token: ")
        .append(TOKEN)
        .append(" }\n")
        .append("  store: ")
        .append(bed.dir.resolve("monitor.db"))
        .append('\n')
        .append("deploy:\n")
        .append("  monitor: { api: \"127.0.0.1:")
        .append(monitorPort)
        .append("\", token: ")
        .append(TOKEN)
        .append(", downtime: 5m }\n")
        .append("  repository: ")
        .append(bed.repo)
        .append('\n')
        .append("  path: /srv/demo\n")
        .append("  batch: 1\n")
        .append("  timeout: 60s\n")
        .append("  verify: { attempts: 120, interval: 250ms }\n")
        .append("  drain: { port: ")
        .append(adminPort)
        .append(", token: ")
        .append(TOKEN)
        .append(", wait: 10s }\n")
        .append("  roles:\n    app: { restart: \"service demo restart\" }\n");
    return y.toString();
  }

  /** The init script: the demo application from current/, on the JDK mounted at /opt/jdk. */
  static String demoInit(String path) {
    return """
        #!/bin/sh
        ### BEGIN INIT INFO
        # Provides: demo
        # Short-Description: the Brigade demo application from PATH/current
        ### END INIT INFO
        case "$1" in
          start) start-stop-daemon --start --quiet --pidfile /run/demo.pid --make-pidfile \\
                   --background --chdir PATH/current --exec /opt/jdk/bin/java -- \\
                   -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \\
                   -cp PATH/current/lib/demo.jar dev.brigade.deploy.DemoLauncher 0.0.0.0 8080 ;;
          stop) start-stop-daemon --stop --quiet --pidfile /run/demo.pid --remove-pidfile \\
                  --retry TERM/10/KILL/5 || true ;;
          restart) "$0" stop; "$0" start ;;
          *) echo "usage: $0 start|stop|restart" >&2; exit 3 ;;
        esac
        """
        .replace("PATH", path);
  }

  /** Whether every check of the host is in downtime, per the monitor's GET /checks. */
  static boolean inDowntime(HttpClient http, URI checks, String host) {
    try {
      String body =
          http.send(HttpRequest.newBuilder(checks).build(), HttpResponse.BodyHandlers.ofString())
              .body();
      com.fasterxml.jackson.databind.JsonNode all =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
      boolean any = false;
      for (com.fasterxml.jackson.databind.JsonNode c : all.isArray() ? all : all.path("checks")) {
        if (c.path("id").asText().startsWith(host + "/")) {
          any = true;
          if (!c.path("inDowntime").asBoolean()) {
            return false;
          }
        }
      }
      return any;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitOk(HttpClient http, URI uri) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        if (http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        if (System.nanoTime() > end) {
          throw e;
        }
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("the edge never answered 200 at " + uri);
      }
      Thread.sleep(100);
    }
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
