package dev.brigade.cli;

import dev.brigade.demo.MemcachedServer;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The demo's cache layer: Debian's memcached on a free loopback port when it is installed, none
 * otherwise. Always on loopback, whatever {@code --bind} says: memcached has no authentication.
 *
 * @param server memcached, running; empty without a cache layer
 * @param absence why there is none ("not installed", or why it did not start)
 */
record DemoCache(Optional<MemcachedServer> server, String absence) {
  /** Starts memcached when it is installed. */
  static DemoCache start() {
    if (!MemcachedServer.installed(MemcachedServer.BINARY)) {
      return new DemoCache(Optional.empty(), MemcachedServer.BINARY + " is not installed");
    }
    try {
      return new DemoCache(
          Optional.of(MemcachedServer.start(MemcachedServer.BINARY, "127.0.0.1")), "");
    } catch (UncheckedIOException e) {
      return new DemoCache(Optional.empty(), e.getMessage());
    }
  }

  /** The one line the demo prints about its cache layer. */
  String line() {
    return server
        .map(
            m ->
                "Cache:   memcached "
                    + m.address().getHostString()
                    + ":"
                    + m.address().getPort()
                    + " holds the yellow pages' fragments and the users' carts")
        .orElseGet(
            () ->
                "Cache:   none, "
                    + absence
                    + " (install Debian package "
                    + MemcachedServer.PACKAGE
                    + " for the cache layer)");
  }
}
