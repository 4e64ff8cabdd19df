package dev.brigade.monitor;

/** Runs one check once, now; blocking is fine (it runs on a virtual thread). */
@FunctionalInterface
public interface Probe {
  /** The result; problems with the target are results, not exceptions. */
  CheckResult run() throws InterruptedException;
}
