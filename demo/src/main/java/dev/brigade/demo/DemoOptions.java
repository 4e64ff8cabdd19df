package dev.brigade.demo;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to start the demo application.
 *
 * @param instances how many instances (app1, app2, ...)
 * @param bindAddress the address every instance listens on; loopback unless asked otherwise
 * @param ports one port per instance, 0 for a free one; empty means all free
 * @param latency extra time every yellow and red page takes, standing in for application work
 * @param failureRate probability, 0 to 1, that a yellow or red page answers 500
 * @param latencyByInstance per-instance latency, overriding {@code latency}
 * @param failureRateByInstance per-instance failure rate, overriding {@code failureRate}
 * @param maxAgeSeconds {@code max-age} of the cacheable (yellow) pages
 * @param memcached where the instances cache their yellow pages' fragments and keep the carts;
 *     empty for no cache layer
 */
public record DemoOptions(
    int instances,
    String bindAddress,
    List<Integer> ports,
    Duration latency,
    double failureRate,
    Map<String, Duration> latencyByInstance,
    Map<String, Double> failureRateByInstance,
    int maxAgeSeconds,
    Optional<InetSocketAddress> memcached) {

  /** Options without memcached. */
  public DemoOptions(
      int instances,
      String bindAddress,
      List<Integer> ports,
      Duration latency,
      double failureRate,
      Map<String, Duration> latencyByInstance,
      Map<String, Double> failureRateByInstance,
      int maxAgeSeconds) {
    this(
        instances,
        bindAddress,
        ports,
        latency,
        failureRate,
        latencyByInstance,
        failureRateByInstance,
        maxAgeSeconds,
        Optional.empty());
  }

  public DemoOptions {
    if (instances < 1 || instances > 64) {
      throw new IllegalArgumentException("instances must be from 1 to 64, not " + instances);
    }
    if (!ports.isEmpty() && ports.size() != instances) {
      throw new IllegalArgumentException(
          "give one port per instance (" + instances + "), not " + ports.size());
    }
    if (failureRate < 0 || failureRate > 1) {
      throw new IllegalArgumentException("failure rate must be from 0 to 1, not " + failureRate);
    }
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative");
    }
    ports = List.copyOf(ports);
    latencyByInstance = Map.copyOf(latencyByInstance);
    failureRateByInstance = Map.copyOf(failureRateByInstance);
  }

  /** Three instances on free loopback ports, 20 ms of work per dynamic page, no failures. */
  public static DemoOptions defaults() {
    return new DemoOptions(
        3, "127.0.0.1", List.of(), Duration.ofMillis(20), 0.0, Map.of(), Map.of(), 10);
  }

  /** These options with the instances caching fragments in the memcached at {@code address}. */
  public DemoOptions withMemcached(InetSocketAddress address) {
    return new DemoOptions(
        instances,
        bindAddress,
        ports,
        latency,
        failureRate,
        latencyByInstance,
        failureRateByInstance,
        maxAgeSeconds,
        Optional.of(address));
  }

  /** The name of instance {@code index} (0-based): app1, app2, ... */
  public static String instanceName(int index) {
    return "app" + (index + 1);
  }

  /** The latency instance {@code name} starts with. */
  public Duration latencyOf(String name) {
    return latencyByInstance.getOrDefault(name, latency);
  }

  /** The failure rate instance {@code name} starts with. */
  public double failureRateOf(String name) {
    return failureRateByInstance.getOrDefault(name, failureRate);
  }
}
