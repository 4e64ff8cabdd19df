package dev.brigade.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brigade.deploy.Deployer;
import dev.brigade.deploy.HostReleases;
import dev.brigade.model.Cluster;
import dev.brigade.remote.Remote;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brigade releases STAGE}: which release is live where. */
@Command(
    name = "releases",
    mixinStandardHelpOptions = true,
    description = {
      "Shows, per host of the stage, the live release and its revision, how many releases are"
          + " kept, which are marked bad, and who holds the deploy lock; hosts whose live release"
          + " differs from the others are flagged.",
    },
    footer = {
      "",
      "Examples:",
      "  brigade releases -c brigade.yml production",
      "  brigade releases -c brigade.yml production --json",
      "",
      "Exit codes: 0 every host runs the same release; 1 a host differs or cannot be read;"
          + " 2 invalid model or command line."
    })
final class ReleasesCommand implements Callable<Integer> {
  @Mixin ModelOptions model;
  @Mixin DeployTool tool;

  @Parameters(index = "0", paramLabel = "STAGE", description = "The stage.")
  String stage;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Cluster cluster = model.load(spec.commandLine().getErr());
    try (Remote remote = tool.remote()) {
      List<HostReleases> hosts;
      try {
        hosts =
            tool.deployer(cluster, remote, model.config, dev.brigade.deploy.DeployListener.NONE)
                .releases(stage);
      } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
        throw new CliException(Brigade.INVALID, e.getMessage(), "see brigade releases --help");
      }
      List<String> differing = Deployer.differing(hosts);
      boolean unreadable = hosts.stream().anyMatch(h -> h.error().isPresent());
      if (tool.json) {
        ObjectMapper json = new ObjectMapper();
        ArrayNode a = json.createArrayNode();
        for (HostReleases h : hosts) {
          ObjectNode n = a.addObject();
          n.put("host", h.host());
          n.put("live", h.live().orElse(null));
          n.put("revision", h.liveRevision().orElse(null));
          h.releases().forEach(n.putArray("releases")::add);
          h.bad().stream().sorted().forEach(n.putArray("bad")::add);
          n.put("lock", h.lock().orElse(null));
          n.put("error", h.error().orElse(null));
          n.put("differs", differing.contains(h.host()));
        }
        out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(a));
      } else {
        out.printf("%-16s %-15s %-8s %-9s %s%n", "HOST", "LIVE", "REVISION", "RELEASES", "NOTES");
        for (HostReleases h : hosts) {
          String notes =
              h.error().map(e -> "UNREADABLE: " + e).orElse("")
                  + (differing.contains(h.host()) ? "DIFFERS " : "")
                  + (h.bad().isEmpty()
                      ? ""
                      : "bad: " + String.join(",", h.bad().stream().sorted().toList()) + " ")
                  + h.lock().map(l -> "LOCKED " + l).orElse("");
          out.printf(
              "%-16s %-15s %-8s %-9d %s%n",
              h.host(),
              h.live().orElse("-"),
              h.liveRevision().map(r -> r.length() > 7 ? r.substring(0, 7) : r).orElse("-"),
              h.releases().size(),
              notes.strip());
        }
      }
      out.flush();
      return differing.isEmpty() && !unreadable ? 0 : Brigade.FAILED;
    }
  }
}
