package dev.brigade.box.store;

import dev.brigade.box.web.Dashboards;
import java.nio.file.Path;
import java.util.List;

/** A child process for {@link BoxStoreTest}: saves dashboards in a loop until it is killed. */
final class StoreWriter {
  private StoreWriter() {}

  public static void main(String[] args) throws Exception {
    BoxStore s = BoxStore.open("sqlite", Path.of(args[0]));
    for (int i = 0; ; i++) {
      s.dashboards().save(new Dashboards.Dashboard("d" + i, List.of("/graphs?n=" + i), "w"));
      System.out.println("saved " + i);
      System.out.flush();
    }
  }
}
