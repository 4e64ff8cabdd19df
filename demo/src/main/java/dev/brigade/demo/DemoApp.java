package dev.brigade.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo web application: several instances of a small site with the seed's three kinds of pages.
 * Green pages are static files; yellow pages are generated but cacheable ({@code Cache-Control:
 * public, max-age}); red pages are per user (a session cookie) and never cached.
 *
 * <pre>{@code
 * try (DemoApp app = DemoApp.start(DemoOptions.defaults())) {
 *   for (DemoInstance i : app.instances()) {
 *     System.out.println(i.name() + " " + i.uri());
 *   }
 * }
 * }</pre>
 */
public final class DemoApp implements AutoCloseable {
  static {
    // Without TCP_NODELAY, the JDK server's separate writes of head and body meet the client's
    // delayed ACK: 40 ms stalls on small responses. Set before the first server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final List<DemoInstance> instances;

  private DemoApp(List<DemoInstance> instances) {
    this.instances = List.copyOf(instances);
  }

  /** Starts every instance; if one cannot start, the ones started are stopped again. */
  public static DemoApp start(DemoOptions options) {
    List<DemoInstance> started = new ArrayList<>();
    try {
      for (int i = 0; i < options.instances(); i++) {
        String name = DemoOptions.instanceName(i);
        DemoInstance instance =
            new DemoInstance(
                name,
                options.bindAddress(),
                options.ports().isEmpty() ? 0 : options.ports().get(i),
                options.latencyOf(name),
                options.failureRateOf(name),
                options.maxAgeSeconds(),
                options.memcached());
        instance.start();
        started.add(instance);
      }
    } catch (RuntimeException e) {
      started.forEach(DemoInstance::stop);
      throw e;
    }
    return new DemoApp(started);
  }

  /** The instances, app1 first. */
  public List<DemoInstance> instances() {
    return instances;
  }

  /** The instance with this name. */
  public DemoInstance instance(String name) {
    return instances.stream()
        .filter(i -> i.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no instance " + name));
  }

  @Override
  public void close() {
    instances.forEach(DemoInstance::stop);
  }
}
