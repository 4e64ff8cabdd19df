package dev.brigade.plan;

import dev.brigade.traffic.HitClass;
import dev.brigade.traffic.HitClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Reads access logs into a {@link TrafficReport}: many files in any order, plain or gzip, several
 * at once (large plain files are split at line boundaries), in memory that does not grow with the
 * logs. Malformed lines are counted and the first few reported with file and line; they never stop
 * the run.
 *
 * <pre>{@code
 * TrafficReport r = new TrafficAnalyzer(TrafficAnalyzer.Options.DEFAULT)
 *     .analyze(List.of(Path.of("access.log"), Path.of("access.log.1.gz")), new AtomicLong());
 * System.out.println(r.typicalPeak().perSecond() + " req/s in a typical peak hour");
 * }</pre>
 */
public final class TrafficAnalyzer {
  /** Plain files larger than this are split into ranges read in parallel. */
  static final long SPLIT = 32L << 20;

  private static final int SNIFF_LINES = 20;

  /**
   * How to read the logs.
   *
   * @param format the log format, or null to detect it per file
   * @param zone the zone for days and hours, or null for each line's own offset
   * @param classifier the hit-class rules (the edge's session cookies)
   * @param threads files (or parts of files) read at once
   * @param percentile which daily peak hour is "typical" (95: the 95th percentile)
   * @param topUrls paths listed per class
   * @param urlCapacity distinct paths counted per class and thread before the rarest are dropped
   */
  public record Options(
      LogFormat format,
      ZoneId zone,
      HitClassifier classifier,
      int threads,
      int percentile,
      int topUrls,
      int urlCapacity) {
    /** Detected formats, each line's offset, the edge's default rules, one thread per core. */
    public static final Options DEFAULT =
        new Options(
            null,
            null,
            HitClassifier.DEFAULT,
            Runtime.getRuntime().availableProcessors(),
            95,
            10,
            8192);

    public Options {
      if (threads < 1 || percentile < 1 || percentile > 100 || topUrls < 0 || urlCapacity < 16) {
        throw new IllegalArgumentException(
            "threads >= 1, percentile 1..100, topUrls >= 0, urlCapacity >= 16");
      }
    }

    /** The same with another format. */
    public Options withFormat(LogFormat f) {
      return new Options(f, zone, classifier, threads, percentile, topUrls, urlCapacity);
    }

    /** The same with another zone. */
    public Options withZone(ZoneId z) {
      return new Options(format, z, classifier, threads, percentile, topUrls, urlCapacity);
    }

    /** The same with other rules. */
    public Options withClassifier(HitClassifier c) {
      return new Options(format, zone, c, threads, percentile, topUrls, urlCapacity);
    }

    /** The same with another number of threads. */
    public Options withThreads(int t) {
      return new Options(format, zone, classifier, t, percentile, topUrls, urlCapacity);
    }

    /** The same with another percentile. */
    public Options withPercentile(int p) {
      return new Options(format, zone, classifier, threads, p, topUrls, urlCapacity);
    }
  }

  private final Options options;
  private final long split;

  public TrafficAnalyzer(Options options) {
    this(options, SPLIT);
  }

  /** With plain files split into ranges from {@code split} bytes on (tests use small ones). */
  TrafficAnalyzer(Options options, long split) {
    this.options = options;
    this.split = split;
  }

  /** The total size of the files, for progress against {@code progress} of {@link #analyze}. */
  public static long totalBytes(List<Path> files) throws IOException {
    long total = 0;
    for (Path f : files) {
      total += Files.size(f);
    }
    return total;
  }

  /**
   * Reads every file; {@code progress} counts the (compressed) bytes read so far.
   *
   * @throws IOException when a file cannot be opened
   */
  public TrafficReport analyze(List<Path> files, AtomicLong progress) throws IOException {
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    Map<String, String> formats = new LinkedHashMap<>();
    List<LineParser> parsers = new ArrayList<>();
    List<LogReader.Unit> units = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      boolean gzip = isGzip(f);
      LogFormat format = options.format() != null ? options.format() : detect(f, gzip);
      parsers.add(format == null ? null : new LineParser(format));
      formats.put(f.toString(), format == null ? "unknown" : format.toString());
      if (format == null) {
        problems.add(
            f
                + ": not in a known log format (tried "
                + String.join(", ", LogFormat.candidates().stream().map(LogFormat::name).toList())
                + "); pass --format");
        continue;
      }
      long size = Files.size(f);
      if (gzip || options.threads() == 1 || size < 2 * split) {
        units.add(new LogReader.Unit(units.size(), i, f, gzip, 0, Long.MAX_VALUE));
      } else {
        long parts = Math.max(options.threads() * 2L, (size + split - 1) / split);
        long step = (size + parts - 1) / parts;
        for (long s = 0; s < size; s += step) {
          units.add(new LogReader.Unit(units.size(), i, f, false, s, Math.min(size, s + step)));
        }
      }
    }
    long[] unitLines = new long[units.size()];
    List<Tally> tallies = run(units, parsers, unitLines, problems, progress);
    return merge(files, formats, units, unitLines, tallies, problems);
  }

  private List<Tally> run(
      List<LogReader.Unit> units,
      List<LineParser> parsers,
      long[] unitLines,
      List<String> problems,
      AtomicLong progress)
      throws IOException {
    int threads = Math.max(1, Math.min(options.threads(), units.size()));
    AtomicInteger next = new AtomicInteger();
    List<Tally> tallies = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      Tally tally = new Tally(options.classifier(), options.urlCapacity());
      tallies.add(tally);
      Runnable work =
          () -> {
            LogReader reader = new LogReader(tally, progress);
            for (int u; (u = next.getAndIncrement()) < units.size(); ) {
              LogReader.Unit unit = units.get(u);
              try {
                LogReader.Outcome o = reader.read(unit, parsers.get(unit.file()));
                unitLines[u] = o.lines();
                if (o.problem() != null) {
                  problems.add(unit.path() + ": " + o.problem());
                }
              } catch (IOException e) {
                failures.add(new IOException(unit.path() + ": " + e.getMessage(), e));
              } catch (RuntimeException e) {
                failures.add(e);
              }
            }
          };
      if (threads == 1) {
        work.run();
      } else {
        workers.add(Thread.ofPlatform().name("brigade-plan-reader-" + t).start(work));
      }
    }
    for (Thread w : workers) {
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading logs", e);
      }
    }
    if (!failures.isEmpty()) {
      Throwable f = failures.getFirst();
      if (f instanceof IOException io) {
        throw io;
      }
      throw (RuntimeException) f;
    }
    return tallies;
  }

  private TrafficReport merge(
      List<Path> files,
      Map<String, String> formats,
      List<LogReader.Unit> units,
      long[] unitLines,
      List<Tally> tallies,
      List<String> problems) {
    Map<Long, Tally.Hour> hours = new java.util.HashMap<>();
    long[] req = new long[3];
    long[] bytes = new long[3];
    long[] hits = new long[3];
    long[] misses = new long[3];
    long[] statuses = new long[6];
    List<Map<String, long[]>> urls =
        List.of(UrlTable.newMap(), UrlTable.newMap(), UrlTable.newMap());
    long[] floors = new long[3];
    long requests = 0;
    long totalBytes = 0;
    long malformed = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    List<Tally.Sample> samples = new ArrayList<>();
    for (Tally t : tallies) {
      for (Tally.Hour h : t.hours.values()) {
        Tally.Hour into = hours.get(h.hour);
        if (into == null) {
          hours.put(h.hour, h);
          continue;
        }
        into.requests += h.requests;
        into.bytes += h.bytes;
        for (int c = 0; c < 3; c++) {
          into.classRequests[c] += h.classRequests[c];
        }
        if (into.perSecond == null || h.perSecond == null) {
          into.perSecond = null;
        } else {
          for (int s = 0; s < 3600; s++) {
            into.perSecond[s] += h.perSecond[s];
          }
        }
      }
      for (int c = 0; c < 3; c++) {
        req[c] += t.classRequests[c];
        bytes[c] += t.classBytes[c];
        hits[c] += t.classHits[c];
        misses[c] += t.classMisses[c];
        t.urls[c].drainInto(urls.get(c));
        floors[c] += t.urls[c].floor();
      }
      for (int s = 0; s < 6; s++) {
        statuses[s] += t.statuses[s];
      }
      requests += t.requests;
      totalBytes += t.bytes;
      malformed += t.malformed;
      min = Math.min(min, t.minEpoch);
      max = Math.max(max, t.maxEpoch);
      samples.addAll(t.samples);
    }
    long[] before = new long[units.size()];
    for (int u = 1; u < units.size(); u++) {
      before[u] =
          units.get(u).file() == units.get(u - 1).file() ? before[u - 1] + unitLines[u - 1] : 0;
    }
    long lines = 0;
    for (long l : unitLines) {
      lines += l;
    }
    List<TrafficReport.Malformed> examples =
        samples.stream()
            .sorted(
                Comparator.comparingInt(Tally.Sample::unit).thenComparingLong(Tally.Sample::line))
            .limit(Tally.SAMPLES)
            .map(
                s ->
                    new TrafficReport.Malformed(
                        units.get(s.unit()).path().toString(),
                        before[s.unit()] + s.line(),
                        s.reason(),
                        s.text()))
            .toList();
    TrafficShape.Shape shape =
        TrafficShape.of(hours, options.zone(), options.percentile(), min, max);
    Map<String, TrafficReport.ClassStats> classes = new LinkedHashMap<>();
    for (HitClass hc : HitClass.values()) {
      int c = hc.ordinal();
      long known = hits[c] + misses[c];
      classes.put(
          hc.label(),
          new TrafficReport.ClassStats(
              req[c],
              bytes[c],
              requests == 0 ? 0 : (double) req[c] / requests,
              hits[c],
              misses[c],
              known == 0 ? null : (double) hits[c] / known,
              top(urls.get(c), options.topUrls()),
              floors[c]));
    }
    Map<String, Long> status = new LinkedHashMap<>();
    for (int s = 1; s <= 5; s++) {
      status.put(s + "xx", statuses[s]);
    }
    status.put("other", statuses[0]);
    return new TrafficReport(
        files.stream().map(Path::toString).toList(),
        formats,
        lines,
        requests,
        totalBytes,
        malformed,
        examples,
        List.copyOf(problems),
        shape.first(),
        shape.last(),
        options.zone() == null ? "as logged" : options.zone().getId(),
        shape.hours(),
        shape.weekdayHours(),
        shape.days(),
        options.percentile(),
        shape.typical(),
        shape.absolute(),
        classes,
        requests == 0 ? 0 : (double) (req[0] + req[1]) / requests,
        status);
  }

  private static List<TrafficReport.UrlCount> top(Map<String, long[]> urls, int n) {
    return urls.entrySet().stream()
        .sorted(
            Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0])
                .thenComparing(Map.Entry::getKey))
        .limit(n)
        .map(e -> new TrafficReport.UrlCount(e.getKey(), e.getValue()[0], e.getValue()[1]))
        .toList();
  }

  static boolean isGzip(Path f) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  /** The most specific known format that parses most of the file's first lines, or null. */
  static LogFormat detect(Path f, boolean gzip) throws IOException {
    byte[] head = new byte[64 << 10];
    int len = 0;
    try (InputStream raw = Files.newInputStream(f);
        InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
      int n;
      while (len < head.length && (n = in.read(head, len, head.length - len)) > 0) {
        len += n;
      }
    } catch (java.io.EOFException | java.util.zip.ZipException e) {
      // a damaged gzip still shows its first lines; the reader reports the damage
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return detect(head, len);
  }

  static LogFormat detect(byte[] head, int len) {
    LogFormat best = null;
    int bestCount = 0;
    ParsedLine line = new ParsedLine();
    for (LogFormat candidate : LogFormat.candidates()) {
      LineParser p = new LineParser(candidate);
      int ok = 0;
      int pos = 0;
      for (int i = 0; i < SNIFF_LINES && pos < len; i++) {
        int next = p.parse(head, pos, len, true, line);
        if (next < 0) {
          break;
        }
        if (line.error == null && line.hasTime) {
          ok++;
        }
        pos = next;
      }
      if (ok > bestCount) {
        best = candidate;
        bestCount = ok;
      }
    }
    return best;
  }
}
