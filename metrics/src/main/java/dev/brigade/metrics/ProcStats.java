package dev.brigade.metrics;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the output of {@link #COMMAND}: a Linux host's load, CPU, memory, network, disks and
 * processes, as the SSH collector reads them in one command. Pure.
 */
final class ProcStats {
  /** One command, so one SSH channel a host an interval. */
  static final String COMMAND =
      "cat /proc/loadavg; echo @stat; cat /proc/stat; echo @meminfo; cat /proc/meminfo;"
          + " echo @net; cat /proc/net/dev; echo @df;"
          + " df -kP -x tmpfs -x devtmpfs -x squashfs -x overlay 2>/dev/null || df -kP";

  static final int MAX_LINE = 4096;
  static final int MAX_BYTES = 1 << 20;
  static final int MAX_ITEMS = 256;

  /** The CPU time counters of the {@code cpu} line of {@code /proc/stat}, in jiffies. */
  record CpuTimes(long[] jiffies) {
    static final String[] NAMES = {
      "user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"
    };
  }

  /**
   * What one run found: gauges and counters ready to record, and the CPU times (the collector turns
   * two of them into percentages).
   */
  record Parsed(List<Sample> samples, CpuTimes cpu) {}

  private ProcStats() {}

  static Parsed parse(String output, String where) throws IOException {
    BoundedLines lines =
        new BoundedLines(
            new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)),
            where,
            MAX_LINE,
            MAX_BYTES);
    List<Sample> out = new ArrayList<>();
    CpuTimes cpu = null;
    String section = "loadavg";
    Map<String, Long> mem = new LinkedHashMap<>();
    int items = 0;
    String line;
    while ((line = lines.next()) != null) {
      if (line.startsWith("@")) {
        section = line.substring(1).trim();
        continue;
      }
      String[] f = line.trim().split("\\s+");
      if (f.length == 0 || f[0].isEmpty()) {
        continue;
      }
      if (++items > 4 * MAX_ITEMS * 10) {
        throw new InputLimitException(lines.at(), "too many lines");
      }
      try {
        switch (section) {
          case "loadavg" -> {
            out.add(Sample.gauge("load1", Double.parseDouble(f[0]), ""));
            out.add(Sample.gauge("load5", Double.parseDouble(f[1]), ""));
            out.add(Sample.gauge("load15", Double.parseDouble(f[2]), ""));
            String[] rt = f[3].split("/");
            out.add(Sample.gauge("procs.running", Double.parseDouble(rt[0]), ""));
            out.add(Sample.gauge("procs.total", Double.parseDouble(rt[1]), ""));
          }
          case "stat" -> {
            if (f[0].equals("cpu")) {
              long[] j = new long[CpuTimes.NAMES.length];
              for (int i = 0; i < j.length && i + 1 < f.length; i++) {
                j[i] = Long.parseLong(f[i + 1]);
              }
              cpu = new CpuTimes(j);
            } else if (f[0].equals("processes")) {
              out.add(new Sample("forks", Double.parseDouble(f[1]), "", Kind.DERIVE));
            } else if (f[0].equals("ctxt")) {
              out.add(new Sample("context-switches", Double.parseDouble(f[1]), "", Kind.DERIVE));
            } else if (f[0].equals("procs_blocked")) {
              out.add(Sample.gauge("procs.blocked", Double.parseDouble(f[1]), ""));
            }
          }
          case "meminfo" -> {
            if (f.length >= 2 && f[0].endsWith(":")) {
              mem.put(f[0].substring(0, f[0].length() - 1), Long.parseLong(f[1]) * 1024);
            }
          }
          case "net" -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
              String iface = line.substring(0, colon).trim();
              String[] v = line.substring(colon + 1).trim().split("\\s+");
              if (!iface.equals("lo") && v.length >= 11) {
                out.add(
                    new Sample(
                        "net.rx[" + iface + "]", Double.parseDouble(v[0]), "B", Kind.DERIVE));
                out.add(
                    new Sample(
                        "net.tx[" + iface + "]", Double.parseDouble(v[8]), "B", Kind.DERIVE));
                out.add(
                    new Sample(
                        "net.rx-errors[" + iface + "]", Double.parseDouble(v[2]), "", Kind.DERIVE));
                out.add(
                    new Sample(
                        "net.tx-errors[" + iface + "]",
                        Double.parseDouble(v[10]),
                        "",
                        Kind.DERIVE));
              }
            }
          }
          case "df" -> {
            if (f.length >= 6 && !f[0].equals("Filesystem")) {
              String mount =
                  line.substring(line.indexOf(f[5], line.indexOf(f[4]) + f[4].length())).trim();
              double size = Double.parseDouble(f[1]) * 1024;
              double used = Double.parseDouble(f[2]) * 1024;
              double avail = Double.parseDouble(f[3]) * 1024;
              out.add(Sample.gauge("disk.used[" + mount + "]", used, "B"));
              out.add(Sample.gauge("disk.avail[" + mount + "]", avail, "B"));
              out.add(Sample.gauge("disk.size[" + mount + "]", size, "B"));
              out.add(
                  Sample.gauge(
                      "disk.pct[" + mount + "]",
                      used + avail > 0 ? 100 * used / (used + avail) : 0,
                      "%"));
            }
          }
          default -> {
            // an unknown section: a newer command than this parser
          }
        }
      } catch (RuntimeException e) {
        throw new InputLimitException(
            lines.at(), "cannot read '" + shorten(line) + "' in " + section);
      }
      if (out.size() > 8 * MAX_ITEMS) {
        throw new InputLimitException(lines.at(), "more than " + 8 * MAX_ITEMS + " values");
      }
    }
    addMemory(mem, out);
    return new Parsed(List.copyOf(out), cpu);
  }

  private static void addMemory(Map<String, Long> mem, List<Sample> out) {
    Long total = mem.get("MemTotal");
    if (total == null) {
      return;
    }
    long avail = mem.getOrDefault("MemAvailable", mem.getOrDefault("MemFree", 0L));
    out.add(Sample.gauge("mem.total", total, "B"));
    out.add(Sample.gauge("mem.used", total - avail, "B"));
    out.add(Sample.gauge("mem.available", avail, "B"));
    out.add(Sample.gauge("mem.free", mem.getOrDefault("MemFree", 0L), "B"));
    out.add(Sample.gauge("mem.buffers", mem.getOrDefault("Buffers", 0L), "B"));
    out.add(Sample.gauge("mem.cached", mem.getOrDefault("Cached", 0L), "B"));
    long swapTotal = mem.getOrDefault("SwapTotal", 0L);
    out.add(Sample.gauge("swap.used", swapTotal - mem.getOrDefault("SwapFree", 0L), "B"));
  }

  /**
   * CPU use between two readings as percentages of all the host's CPU time ({@code cpu.user},
   * {@code cpu.system}, ..., summing to 100); empty when the counters did not move or went back (a
   * reboot).
   */
  static List<Sample> cpuPercent(CpuTimes before, CpuTimes after) {
    long total = 0;
    long[] d = new long[CpuTimes.NAMES.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = after.jiffies()[i] - before.jiffies()[i];
      if (d[i] < 0) {
        return List.of();
      }
      total += d[i];
    }
    if (total == 0) {
      return List.of();
    }
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < d.length; i++) {
      out.add(Sample.gauge("cpu." + CpuTimes.NAMES[i], 100.0 * d[i] / total, "%"));
    }
    return out;
  }

  private static String shorten(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
