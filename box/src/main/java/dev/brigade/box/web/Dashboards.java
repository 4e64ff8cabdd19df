package dev.brigade.box.web;

import java.util.List;
import java.util.Optional;

/** Saved dashboards: named lists of graph URLs (each URL reproduces its graph), in the store. */
public interface Dashboards {
  /**
   * One saved dashboard.
   *
   * @param name its name (1-80 characters), unique
   * @param graphs the graph URLs on it, in order (paths of the box, e.g. {@code /graphs?...})
   * @param owner who saved it last
   */
  record Dashboard(String name, List<String> graphs, String owner) {
    public Dashboard {
      graphs = List.copyOf(graphs);
    }
  }

  /** Every dashboard, by name. */
  List<Dashboard> list();

  /** The dashboard of that name. */
  Optional<Dashboard> get(String name);

  /** Saves (creates or replaces) a dashboard. */
  void save(Dashboard d);

  /** Deletes a dashboard; false when there was none of that name. */
  boolean delete(String name);
}
