package dev.brigade.metrics;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A graph's data: the spec, its time range, each line's points (consolidated to the plot's width)
 * and the events in the range; what {@link GraphRenderer} and {@link DataExport} turn into SVG,
 * PNG, CSV and JSON. The box's interactive page asks for the same.
 *
 * @param spec what to draw
 * @param from the start of the range
 * @param to the end
 * @param data each line's points, in the spec's order
 * @param events the annotations to mark
 * @param zone the time zone of the axis labels
 */
public record Graph(
    GraphSpec spec,
    Instant from,
    Instant to,
    List<SeriesData> data,
    List<Event> events,
    ZoneId zone) {

  public Graph {
    data = List.copyOf(data);
    events = List.copyOf(events);
  }

  /** Queries the engine for every line of the spec over the range, at the plot's width. */
  public static Graph of(MetricsEngine engine, GraphSpec spec, Instant from, Instant to) {
    int width = Math.max(1, spec.width() - PlotLayout.LEFT - PlotLayout.RIGHT);
    List<SeriesData> data = new ArrayList<>();
    for (GraphSpec.Line l : spec.lines()) {
      SeriesData d = engine.query(new SeriesQuery(l.series(), from, to, width, l.consolidation()));
      if (!l.percentOf().isEmpty()) {
        List<SeriesData> parts = new ArrayList<>();
        for (SeriesId p : l.percentOf()) {
          parts.add(engine.query(new SeriesQuery(p, from, to, width, l.consolidation())));
        }
        d = percent(d, parts);
      }
      data.add(d);
    }
    java.util.Set<String> hosts = new java.util.HashSet<>();
    spec.lines().forEach(l -> hosts.add(l.series().host()));
    List<Event> events =
        engine.events(from, to).stream()
            .filter(e -> e.host().isEmpty() || hosts.contains(e.host().get()))
            .toList();
    return new Graph(spec, from, to, data, events, ZoneId.systemDefault());
  }

  /** The line as a percentage of the sum of the parts, point by point (no band). */
  static SeriesData percent(SeriesData d, List<SeriesData> parts) {
    double[] v = new double[d.size()];
    for (int i = 0; i < v.length; i++) {
      double sum = 0;
      for (SeriesData p : parts) {
        sum += i < p.size() ? p.values()[i] : Double.NaN;
      }
      v[i] = sum > 0 ? 100 * d.values()[i] / sum : Double.NaN;
    }
    SeriesInfo info = new SeriesInfo(d.info().id(), "%", d.info().kind());
    return new SeriesData(info, d.start(), d.step(), v, v.clone(), v.clone());
  }

  /** The unit the graph's axis shows: the first line's, or none when the lines disagree. */
  public Optional<String> unit() {
    String u = data.isEmpty() ? "" : data.getFirst().info().unit();
    for (SeriesData d : data) {
      if (!d.info().unit().equals(u)) {
        return Optional.empty();
      }
    }
    return Optional.of(u);
  }
}
