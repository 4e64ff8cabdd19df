package dev.brigade.monitor;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test that mentions a peer (a plugin's name in a check's options, say) without running it,
 * so {@link PeerGuardTest} does not ask for a guard; the reason says why nothing runs.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
@interface NamesPeersOnly {
  /** Why the test starts no peer. */
  String value();
}
