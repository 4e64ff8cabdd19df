package dev.brigade.box.views;

import dev.brigade.box.web.Dashboards;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Dashboards in memory, for tests (the box's store keeps them on disk). */
final class MemoryDashboards implements Dashboards {
  private final Map<String, Dashboard> byName = new ConcurrentSkipListMap<>();

  @Override
  public List<Dashboard> list() {
    return List.copyOf(byName.values());
  }

  @Override
  public Optional<Dashboard> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  @Override
  public void save(Dashboard d) {
    byName.put(d.name(), d);
  }

  @Override
  public boolean delete(String name) {
    return byName.remove(name) != null;
  }
}
