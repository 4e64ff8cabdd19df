package dev.brigade.cli;

import dev.brigade.demo.DemoApp;
import dev.brigade.demo.DemoTraffic;
import dev.brigade.demo.MemcachedServer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo running in this process, for the box's {@link DemoPage}.
 *
 * <p>A static holder is acceptable here, where it would not be elsewhere: the box finds its pages
 * with {@link java.util.ServiceLoader} (a no-argument constructor) and hands them only the model,
 * monitor and metrics, none of which can stop an application instance; a process runs at most one
 * demo, which {@code brigade demo} sets before it starts the box and clears when it stops; and a
 * box without a demo (plain {@code brigade box}) simply finds none and says so.
 *
 * @param app the application's instances
 * @param traffic the traffic generator, unless the demo runs without one
 * @param memcached the cache layer, when memcached is installed
 */
record RunningDemo(
    DemoApp app, Optional<DemoTraffic> traffic, Optional<MemcachedServer> memcached) {
  private static final AtomicReference<RunningDemo> CURRENT = new AtomicReference<>();

  /** The demo running now, if any. */
  static Optional<RunningDemo> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Makes {@code demo} the one running. */
  static void set(RunningDemo demo) {
    CURRENT.set(demo);
  }

  /** Forgets {@code demo}, unless another one has replaced it. */
  static void clear(RunningDemo demo) {
    CURRENT.compareAndSet(demo, null);
  }
}
