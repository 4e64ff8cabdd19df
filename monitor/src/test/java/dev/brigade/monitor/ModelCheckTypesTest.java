package dev.brigade.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brigade.model.ClusterLoader;
import dev.brigade.remote.RemoteOptions;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks declared in {@code monitor.checks} reach their peers with the options the model gives
 * (ports, commands, thresholds), as {@code brigade check} and the monitor run them: a real
 * memcached and a real NRPE agent on loopback.
 */
class ModelCheckTypesTest {
  @TempDir static Path dir;
  private static Process memcached;
  private static int memcachedPort;
  private static NrpeAgent nrpe;

  @BeforeAll
  static void startPeers() throws Exception {
    Path bin = Peers.require("/usr/bin/memcached", "memcached");
    memcachedPort = Peers.freePort();
    Path log = dir.resolve("memcached.log");
    memcached =
        Peers.start(
            List.of(
                bin.toString(),
                "-l",
                "127.0.0.1",
                "-p",
                Integer.toString(memcachedPort),
                "-U",
                "0",
                "-u",
                "root",
                "-m",
                "16"),
            log);
    Peers.awaitTcp(memcachedPort, memcached, log, Duration.ofSeconds(10));
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), memcachedPort)) {
      OutputStream out = s.getOutputStream();
      // one hit, one miss: a hit ratio of 50%
      out.write(
          "set k 0 0 1\r\nx\r\nget k\r\nget missing\r\nquit\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      s.getInputStream().readAllBytes();
    }
    nrpe = NrpeAgent.start(dir.resolve("nrpe"), NrpeAgent.Mode.CERTIFICATE);
  }

  @AfterAll
  static void stopPeers() {
    Peers.stop(memcached);
    if (nrpe != null) {
      nrpe.close();
    }
  }

  @Test
  void memcachedAndNrpeChecks_fromTheModel() throws Exception {
    Path f = dir.resolve("brigade.yml");
    Files.writeString(
        f,
        """
        roles:
          cache: { services: { memcached: { port: %d, check: none } } }
        hosts:
          cache1: { address: 127.0.0.1, roles: [cache] }
        stages:
          s: { hosts: [cache1] }
        monitor:
          defaults: { host-check: none, timeout: 5s }
          checks:
            hits: { host: cache1, type: memcached, port: %d, hit-ratio-warning: "90:" }
            load: { host: cache1, type: nrpe, port: %d, command: check_perf }
            broken: { host: cache1, type: nrpe, port: %d, command: check_crit }
        """
            .formatted(memcachedPort, memcachedPort, nrpe.port, nrpe.port));
    ModelChecks checks =
        new ModelChecks(
            new ClusterLoader(Map.of(), List.of()).read(f), new PluginRunner(2, 64 * 1024));
    Map<String, CheckResult> results = new LinkedHashMap<>();
    for (Target t : checks.targets("cache1", RemoteOptions.defaults())) {
      results.put(t.id(), t.probe().run());
    }
    assertThat(results).containsOnlyKeys("cache1/hits", "cache1/load", "cache1/broken");
    CheckResult hits = results.get("cache1/hits");
    assertThat(hits.status()).as(hits.line()).isEqualTo(Status.WARNING);
    assertThat(hits.line()).contains("50");
    CheckResult load = results.get("cache1/load");
    assertThat(load.status()).as(load.line()).isEqualTo(Status.OK);
    assertThat(load.output().text()).isEqualTo("LOAD OK - load 0.50");
    assertThat(results.get("cache1/broken").status()).isEqualTo(Status.CRITICAL);
  }
}
