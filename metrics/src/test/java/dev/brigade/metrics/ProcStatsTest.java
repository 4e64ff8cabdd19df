package dev.brigade.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProcStatsTest {
  static final String OUTPUT =
      """
      0.52 0.58 0.59 2/345 12345
      @stat
      cpu  100 0 50 800 50 0 0 0 0 0
      cpu0 100 0 50 800 50 0 0 0 0 0
      ctxt 999
      processes 4242
      procs_blocked 1
      @meminfo
      MemTotal:        2048 kB
      MemFree:          512 kB
      MemAvailable:    1024 kB
      Buffers:           64 kB
      Cached:           256 kB
      SwapTotal:        100 kB
      SwapFree:          75 kB
      @net
      Inter-|   Receive                                                |  Transmit
       face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
          lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0
        eth0:    5000      50    2    0    0     0          0         0     7000      70    3    0    0     0       0          0
      @df
      Filesystem     1024-blocks    Used Available Capacity Mounted on
      /dev/vda         1000    250       750      25% /
      /dev/vdb          100     90        10      90% /srv/my data
      """;

  static Map<String, Sample> byLabel(List<Sample> s) {
    return s.stream().collect(Collectors.toMap(Sample::label, x -> x));
  }

  @Test
  void parse_readsLoadMemoryNetworkDisksAndProcesses() throws Exception {
    ProcStats.Parsed p = ProcStats.parse(OUTPUT, "ssh web1");
    Map<String, Sample> s = byLabel(p.samples());
    assertThat(s.get("load1").value()).isEqualTo(0.52);
    assertThat(s.get("load15").value()).isEqualTo(0.59);
    assertThat(s.get("procs.running").value()).isEqualTo(2);
    assertThat(s.get("procs.total").value()).isEqualTo(345);
    assertThat(s.get("procs.blocked").value()).isEqualTo(1);
    assertThat(s.get("forks").kind()).isEqualTo(Kind.DERIVE);
    assertThat(s.get("mem.total").value()).isEqualTo(2048 * 1024);
    assertThat(s.get("mem.used").value()).isEqualTo((2048 - 1024) * 1024); // total - available
    assertThat(s.get("swap.used").value()).isEqualTo(25 * 1024);
    assertThat(s).doesNotContainKey("net.rx[lo]");
    assertThat(s.get("net.rx[eth0]").value()).isEqualTo(5000);
    assertThat(s.get("net.tx[eth0]").value()).isEqualTo(7000);
    assertThat(s.get("net.tx-errors[eth0]").value()).isEqualTo(3);
    assertThat(s.get("net.rx[eth0]").kind()).isEqualTo(Kind.DERIVE);
    assertThat(s.get("disk.used[/]").value()).isEqualTo(250 * 1024);
    assertThat(s.get("disk.pct[/]").value()).isEqualTo(25);
    assertThat(s.get("disk.avail[/srv/my data]").value()).isEqualTo(10 * 1024);
    assertThat(p.cpu().jiffies()).containsExactly(100, 0, 50, 800, 50, 0, 0, 0);
  }

  @Test
  void cpuPercent_isEachTimesShareOfTheJiffiesBetweenTwoReadings() {
    var before = new ProcStats.CpuTimes(new long[] {100, 0, 50, 800, 50, 0, 0, 0});
    var after = new ProcStats.CpuTimes(new long[] {130, 0, 60, 850, 60, 0, 0, 0});
    // 100 jiffies passed: 30 user, 10 system, 50 idle, 10 iowait
    Map<String, Sample> s = byLabel(ProcStats.cpuPercent(before, after));
    assertThat(s.get("cpu.user").value()).isEqualTo(30);
    assertThat(s.get("cpu.system").value()).isEqualTo(10);
    assertThat(s.get("cpu.idle").value()).isEqualTo(50);
    assertThat(s.get("cpu.iowait").value()).isEqualTo(10);
    assertThat(ProcStats.cpuPercent(after, before)).isEmpty(); // a reboot in between
  }

  @Test
  void garbage_isAOneLineErrorNamingHostAndLine() {
    assertThatThrownBy(() -> ProcStats.parse("zero point five\n", "ssh web1"))
        .isInstanceOf(InputLimitException.class)
        .hasMessage("ssh web1 line 1: cannot read 'zero point five' in loadavg");
  }
}
