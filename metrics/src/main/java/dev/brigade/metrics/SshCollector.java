package dev.brigade.metrics;

import dev.brigade.model.Host;
import dev.brigade.remote.Outcome;
import dev.brigade.remote.Remote;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in agentless collector: one SSH command a host an interval ({@link ProcStats#COMMAND})
 * reading load, CPU, memory, network, disks and processes. Source {@code ssh}.
 */
final class SshCollector implements Collector {
  private final Remote remote;
  private final Duration timeout;
  private final Map<String, ProcStats.CpuTimes> lastCpu = new ConcurrentHashMap<>();

  SshCollector(Remote remote, Duration timeout) {
    this.remote = remote;
    this.timeout = timeout;
  }

  @Override
  public List<Collected> collect(Host host) throws IOException {
    Outcome o = remote.run(host, ProcStats.COMMAND, timeout);
    if (!(o instanceof Outcome.Completed c) || c.exitCode() != 0) {
      throw new IOException(o.describe());
    }
    if (c.truncated()) {
      throw new InputLimitException("ssh " + host.name(), "output longer than the limit");
    }
    ProcStats.Parsed p = ProcStats.parse(c.stdout(), "ssh " + host.name());
    List<Sample> samples = new ArrayList<>(p.samples());
    if (p.cpu() != null) {
      ProcStats.CpuTimes before = lastCpu.put(host.name(), p.cpu());
      if (before != null) {
        samples.addAll(ProcStats.cpuPercent(before, p.cpu()));
      }
    }
    return List.of(new Collected("ssh", samples));
  }
}
