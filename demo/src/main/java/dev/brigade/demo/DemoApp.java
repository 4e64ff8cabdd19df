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
    return start(options, List.of());
  }

  /**
   * Starts instance {@code i} on {@code addresses.get(i)} instead of the options' bind address, all
   * on one port (the first instance's free port, unless the options give ports): so a model, which
   * gives a service's port per role, can describe the instances as hosts of one role. On Linux
   * every address of 127.0.0.0/8 is loopback, so {@code 127.0.0.11}, {@code .12}, ... need no
   * set-up.
   */
  public static DemoApp onAddresses(DemoOptions options, List<String> addresses) {
    if (addresses.size() != options.instances()) {
      throw new IllegalArgumentException(
          "give one address per instance (" + options.instances() + "), not " + addresses.size());
    }
    return start(options, addresses);
  }

  private static DemoApp start(DemoOptions options, List<String> addresses) {
    List<DemoInstance> started = new ArrayList<>();
    try {
      for (int i = 0; i < options.instances(); i++) {
        String name = DemoOptions.instanceName(i);
        int port =
            !options.ports().isEmpty()
                ? options.ports().get(i)
                : addresses.isEmpty() || started.isEmpty()
                    ? 0
                    : started.getFirst().address().getPort();
        DemoInstance instance =
            new DemoInstance(
                name,
                addresses.isEmpty() ? options.bindAddress() : addresses.get(i),
                port,
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
