package dev.brigade.cli;

import dev.brigade.edge.EdgeConfig;
import dev.brigade.edge.EdgeServer;
import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.model.ModelException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code brigade edge}: runs one edge node (reverse proxy and load balancer) from the model. */
@Command(
    name = "edge",
    subcommands = EdgePurgeCommand.class,
    mixinStandardHelpOptions = true,
    description = {
      "Runs an edge node: the reverse proxy and health-checked load balancer in front of the"
          + " application servers. It listens on the service of the first layer whose role the"
          + " node has, and balances over that layer's pools (members in the node's own stage).",
      "Admin API (loopback by default): GET /pools, GET /metrics, POST"
          + " /pools/POOL/backends/HOST/SERVICE/(drain|maint|ready), POST /reload; POSTs need"
          + " 'Authorization: Bearer TOKEN' (edge.admin.token in the model). SIGHUP reloads too."
    },
    footer = {
      "",
      "Examples:",
      "  brigade edge -c brigade.yml --node edge1",
      "  curl -s localhost:8089/pools",
      "  curl -s -XPOST -H \"Authorization: Bearer $EDGE_ADMIN_TOKEN\" \\",
      "       localhost:8089/pools/app/backends/app3/http/drain"
    })
final class EdgeCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Option(
      names = "--node",
      paramLabel = "NAME",
      description = "The edge host to run as (default: the only edge host of the model).")
  String node;

  @Option(
      names = "--for",
      paramLabel = "TIME",
      description = "Stop after this long (e.g. 30s), for scripted smoke tests.")
  String runFor;

  @Spec CommandSpec spec;

  /** The node's configuration from the model (for this command and its subcommands). */
  EdgeConfig resolve(PrintWriter err) {
    Cluster cluster = model.load(err);
    String name = nodeName(cluster);
    try {
      return EdgeConfig.from(cluster, name);
    } catch (IllegalArgumentException e) {
      throw new CliException(
          Brigade.INVALID, e.getMessage(), "pass --node NAME with an edge host of the model");
    }
  }

  private String nodeName(Cluster cluster) {
    return node != null ? node : onlyEdgeHost(cluster);
  }

  String nodeName() {
    return node == null ? "the model's edge host" : node;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    EdgeConfig config = resolve(spec.commandLine().getErr());
    String name = config.node();
    EdgeServer edge;
    try {
      edge = EdgeServer.start(config, () -> Optional.of(reloadConfig(name)));
    } catch (RuntimeException e) {
      throw new CliException(
          Brigade.FAILED,
          "cannot start the edge on " + config.listen() + ": " + e.getMessage(),
          "is another process using the port? ports below 1024 need root or CAP_NET_BIND_SERVICE",
          e);
    }
    Signals.onHangup(
        () -> {
          try {
            edge.reload(reloadConfig(name));
            System.err.println("brigade edge: reloaded " + model.config);
          } catch (RuntimeException e) {
            System.err.println(
                "brigade edge: reload refused, still running the old model: " + e.getMessage());
          }
        });
    Runtime.getRuntime().addShutdownHook(new Thread(edge::close, "brigade-edge-stop"));
    out.printf(
        "edge %s: %s://%s:%d/ (admin http://%s:%d/pools)%n",
        name,
        config.listeners().getFirst().scheme(),
        config.listen().getHostString(),
        edge.address().getPort(),
        edge.adminAddress().getHostString(),
        edge.adminAddress().getPort());
    for (int i = 1; i < config.listeners().size(); i++) {
      dev.brigade.edge.Listener l = config.listeners().get(i);
      out.printf(
          "  listener %s://%s:%d/%s%s%n",
          l.scheme(),
          l.address().getHostString(),
          edge.address(i).getPort(),
          l.http2() ? " h2" : "",
          l.redirectToHttps() > 0 ? " redirects to https" : "");
    }
    config
        .pools()
        .forEach(
            p ->
                out.printf(
                    "  pool %-10s %s, %d backends%n",
                    p.name(), p.algorithm().id(), p.backends().size()));
    out.flush();
    if (runFor == null) {
      edge.awaitClose();
    } else {
      Thread.sleep(dev.brigade.demo.InstanceSpec.parse(runFor).latency());
      edge.close();
    }
    return 0;
  }

  private EdgeConfig reloadConfig(String name) {
    try {
      return EdgeConfig.from(
          new ClusterLoader(System.getenv(), List.of()).read(model.config), name);
    } catch (ModelException e) {
      throw new IllegalArgumentException(
          e.problems().size() + " problems, first: " + e.lines().getFirst());
    }
  }

  private static String onlyEdgeHost(Cluster cluster) {
    List<String> hosts =
        cluster.layers().stream()
            .filter(l -> !l.pools().isEmpty())
            .flatMap(l -> cluster.hostsWithRole(l.role()).stream())
            .map(h -> h.name())
            .distinct()
            .toList();
    if (hosts.size() != 1) {
      throw new CliException(
          Brigade.INVALID,
          hosts.isEmpty()
              ? "the model has no layer with pools, so no edge host"
              : "the model has several edge hosts: " + String.join(", ", hosts),
          "pass --node NAME");
    }
    return hosts.getFirst();
  }
}
