package dev.brigade.box.views;

import dev.brigade.metrics.GraphSpec;
import dev.brigade.metrics.SeriesId;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One custom graph as its URL says it, Cacti-style: every choice is a query parameter, so the URL
 * reproduces the graph exactly ({@link #query()} writes what {@link #parse} reads).
 *
 * <pre>
 * /graphs?series=web1/ssh/load1&amp;series=web2/ssh/load1&amp;range=1d&amp;stack=1
 * /graphs.svg?series=web1/ssh/load1&amp;from=1764583200&amp;to=1764586800&amp;width=600&amp;height=240
 * </pre>
 *
 * @param series the series drawn, in order (1 to {@link #MAX_SERIES})
 * @param range a preset ({@code 1h} ... {@code 1y}, relative to now), or empty for from/to
 * @param from the start, epoch seconds, when there is no preset
 * @param to the end, epoch seconds, when there is no preset
 * @param stacked whether the lines are stacked as areas
 * @param width the picture's width in pixels, which bounds the points per line
 * @param height the picture's height in pixels
 * @param title the title, or empty for one made from the series
 */
public record GraphRequest(
    List<SeriesId> series,
    String range,
    long from,
    long to,
    boolean stacked,
    int width,
    int height,
    String title) {
  /** Most series on one graph: each is a query of the store per request. */
  public static final int MAX_SERIES = 12;

  /** Shortest range, so a zoom cannot ask for less than the store's resolution. */
  public static final Duration MIN_RANGE = Duration.ofMinutes(1);

  /** Longest range: the store's longest archive. */
  public static final Duration MAX_RANGE = Duration.ofDays(5 * 366);

  /** Longest URL query read. */
  public static final int MAX_QUERY = 8192;

  static final int MIN_WIDTH = 300;
  static final int MAX_WIDTH = 2000;
  static final int MIN_HEIGHT = 150;
  static final int MAX_HEIGHT = 1200;
  static final int MAX_TITLE = 120;

  /** The presets and their lengths, in the order the page offers them. */
  public static final Map<String, Duration> PRESETS = presets();

  public GraphRequest {
    series = List.copyOf(series);
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(title, "title");
    if (series.isEmpty() || series.size() > MAX_SERIES) {
      throw new IllegalArgumentException(
          "a graph shows 1 to " + MAX_SERIES + " series, not " + series.size());
    }
    if (!range.isEmpty() && !PRESETS.containsKey(range)) {
      throw new IllegalArgumentException(
          "range '" + range + "' is not one of " + String.join(", ", PRESETS.keySet()));
    }
    if (range.isEmpty()) {
      long len = to - from;
      if (len < MIN_RANGE.toSeconds() || len > MAX_RANGE.toSeconds()) {
        throw new IllegalArgumentException(
            "from must be before to by 1 minute to 5 years, not "
                + len
                + " s (from="
                + from
                + ", to="
                + to
                + ")");
      }
    } else if (from != 0 || to != 0) {
      throw new IllegalArgumentException("give either range or from and to, not both");
    }
    if (width < MIN_WIDTH || width > MAX_WIDTH || height < MIN_HEIGHT || height > MAX_HEIGHT) {
      throw new IllegalArgumentException(
          "a graph is "
              + MIN_WIDTH
              + " to "
              + MAX_WIDTH
              + " pixels wide and "
              + MIN_HEIGHT
              + " to "
              + MAX_HEIGHT
              + " high, not "
              + width
              + "x"
              + height);
    }
    if (title.length() > MAX_TITLE || title.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException(
          "a title is at most " + MAX_TITLE + " printable characters");
    }
  }

  /** The last day of these series, 800 by 300 pixels. */
  public static GraphRequest of(List<SeriesId> series) {
    return new GraphRequest(series, "1d", 0, 0, false, 800, 300, "");
  }

  /** The same graph over an absolute range (what a zoom asks for). */
  public GraphRequest between(Instant start, Instant end) {
    return new GraphRequest(
        series, "", start.getEpochSecond(), end.getEpochSecond(), stacked, width, height, title);
  }

  /**
   * The range moved by {@code shift} of its length (-0.5: half a range earlier) and widened by
   * {@code widen} (2: twice as long, about the same middle), never past the longest range; what the
   * page's earlier, later and zoom-out links ask for.
   */
  public GraphRequest moved(Instant now, double shift, double widen) {
    long start = start(now).getEpochSecond();
    long end = end(now).getEpochSecond();
    long len = end - start;
    long newLen = Math.clamp(Math.round(len * widen), MIN_RANGE.toSeconds(), MAX_RANGE.toSeconds());
    long middle = start + len / 2 + Math.round(len * shift);
    long from = middle - newLen / 2;
    return between(Instant.ofEpochSecond(from), Instant.ofEpochSecond(from + newLen));
  }

  /** The same graph at another size (a dashboard's tiles). */
  public GraphRequest withSize(int w, int h) {
    return new GraphRequest(series, range, from, to, stacked, w, h, title);
  }

  /** The start of the range, with a preset relative to {@code now}. */
  public Instant start(Instant now) {
    return range.isEmpty() ? Instant.ofEpochSecond(from) : now.minus(PRESETS.get(range));
  }

  /** The end of the range. */
  public Instant end(Instant now) {
    return range.isEmpty() ? Instant.ofEpochSecond(to) : now;
  }

  /** The spec the metrics module draws. */
  public GraphSpec spec() {
    String t =
        !title.isEmpty()
            ? title
            : series.size() == 1
                ? series.getFirst().toString()
                : series.size() + " series" + (stacked ? ", stacked" : "");
    boolean oneHost = series.stream().map(SeriesId::host).distinct().count() == 1;
    List<GraphSpec.Line> lines =
        series.stream()
            .map(
                s ->
                    GraphSpec.Line.of(s)
                        .withLegend(oneHost ? s.label() : s.host() + " " + s.label()))
            .toList();
    return new GraphSpec(t, lines, stacked, !stacked, List.of(), width, height);
  }

  /** The canonical query string (without {@code ?}): {@link #parse} gives this record back. */
  public String query() {
    StringBuilder b = new StringBuilder();
    for (SeriesId s : series) {
      add(b, "series", s.toString());
    }
    if (range.isEmpty()) {
      add(b, "from", Long.toString(from));
      add(b, "to", Long.toString(to));
    } else {
      add(b, "range", range);
    }
    if (stacked) {
      add(b, "stack", "1");
    }
    if (width != 800) {
      add(b, "width", Integer.toString(width));
    }
    if (height != 300) {
      add(b, "height", Integer.toString(height));
    }
    if (!title.isEmpty()) {
      add(b, "title", title);
    }
    return b.toString();
  }

  /** {@code /graphs} (or {@code /graphs.svg}, ...) with the query. */
  public String url(String path) {
    return path + "?" + query();
  }

  /**
   * Reads a graph from query parameters.
   *
   * @throws IllegalArgumentException naming the parameter that is wrong
   */
  public static GraphRequest parse(Map<String, List<String>> q) {
    List<SeriesId> series = new ArrayList<>();
    for (String s : q.getOrDefault("series", List.of())) {
      if (!s.isBlank()) {
        series.add(SeriesId.parse(s.strip()));
      }
    }
    if (series.size() > MAX_SERIES) {
      throw new IllegalArgumentException(
          "a graph shows at most " + MAX_SERIES + " series, not " + series.size());
    }
    String range = one(q, "range", "");
    String f = one(q, "from", "");
    String t = one(q, "to", "");
    long from = 0;
    long to = 0;
    if (!f.isEmpty() || !t.isEmpty()) {
      if (f.isEmpty() || t.isEmpty()) {
        throw new IllegalArgumentException("give both from and to (or a range such as 1d)");
      }
      if (!range.isEmpty()) {
        throw new IllegalArgumentException("give either range or from and to, not both");
      }
      from = time("from", f);
      to = time("to", t);
    } else if (range.isEmpty()) {
      range = "1d";
    }
    boolean stacked =
        switch (one(q, "stack", "")) {
          case "", "0", "false", "off" -> false;
          case "1", "true", "on" -> true;
          default -> throw new IllegalArgumentException("stack is 1 or 0");
        };
    int width = number(q, "width", 800);
    int height = number(q, "height", 300);
    return new GraphRequest(series, range, from, to, stacked, width, height, one(q, "title", ""));
  }

  /** Reads a graph from a URL such as {@code /graphs?series=...} (a saved dashboard's). */
  public static GraphRequest fromUrl(String url) {
    int i = url.indexOf('?');
    if (url.length() > MAX_QUERY || i < 0) {
      throw new IllegalArgumentException("a graph's URL is /graphs?series=... (at most 8 KiB)");
    }
    return parse(decode(url.substring(i + 1)));
  }

  /** A form-encoded query string as parameters, each name with its values in order. */
  static Map<String, List<String>> decode(String query) {
    if (query.length() > MAX_QUERY) {
      throw new IllegalArgumentException("the query is over " + MAX_QUERY + " characters");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String part : query.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = eq < 0 ? part : part.substring(0, eq);
      String v = eq < 0 ? "" : part.substring(eq + 1);
      try {
        out.computeIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), x -> new ArrayList<>())
            .add(URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the query has a bad %-escape: " + part);
      }
    }
    return out;
  }

  private static String one(Map<String, List<String>> q, String name, String otherwise) {
    List<String> v = q.getOrDefault(name, List.of());
    if (v.size() > 1) {
      throw new IllegalArgumentException("give " + name + " once, not " + v.size() + " times");
    }
    return v.isEmpty() ? otherwise : v.getFirst().strip();
  }

  private static int number(Map<String, List<String>> q, String name, int otherwise) {
    String v = one(q, name, "");
    if (v.isEmpty()) {
      return otherwise;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is a number of pixels, not '" + v + "'");
    }
  }

  /** Epoch seconds, or an ISO-8601 instant such as {@code 2026-12-01T10:00:00Z}. */
  private static long time(String name, String v) {
    if (v.length() > 40) {
      throw new IllegalArgumentException(name + " is too long");
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      try {
        return Instant.parse(v).getEpochSecond();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            name + " is epoch seconds or a time such as 2026-12-01T10:00:00Z, not '" + v + "'");
      }
    }
  }

  private static void add(StringBuilder b, String k, String v) {
    if (!b.isEmpty()) {
      b.append('&');
    }
    // '/' is kept: legal in a query (RFC 3986 section 3.4), and HOST/SOURCE/LABEL stays readable
    b.append(k)
        .append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("%2F", "/"));
  }

  private static Map<String, Duration> presets() {
    Map<String, Duration> m = new LinkedHashMap<>();
    m.put("1h", Duration.ofHours(1));
    m.put("6h", Duration.ofHours(6));
    m.put("1d", Duration.ofDays(1));
    m.put("7d", Duration.ofDays(7));
    m.put("30d", Duration.ofDays(30));
    m.put("1y", Duration.ofDays(365));
    return java.util.Collections.unmodifiableMap(m);
  }
}
