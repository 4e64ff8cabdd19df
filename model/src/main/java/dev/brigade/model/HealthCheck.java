package dev.brigade.model;

import java.time.Duration;

/**
 * How to tell that a service works; the edge probes its backends with it and the monitor runs it.
 */
public sealed interface HealthCheck
    permits HealthCheck.Tcp, HealthCheck.Http, HealthCheck.Command, HealthCheck.None {

  /** Default time between checks. */
  Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  /** Default time a check may take. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** Time between two checks. */
  Duration interval();

  /** Time one check may take before it counts as failed. */
  Duration timeout();

  /**
   * The service accepts a TCP connection.
   *
   * @param interval time between checks
   * @param timeout time one check may take
   */
  record Tcp(Duration interval, Duration timeout) implements HealthCheck {}

  /**
   * An HTTP GET of {@code path} answers with {@code expectStatus}.
   *
   * @param path the request path, starting with {@code /}
   * @param expectStatus the status that means healthy
   * @param interval time between checks
   * @param timeout time one check may take
   */
  record Http(String path, int expectStatus, Duration interval, Duration timeout)
      implements HealthCheck {}

  /**
   * A Nagios-compatible plugin command exits 0.
   *
   * @param command the command line, with {@code $HOSTADDRESS$} and {@code $PORT$} macros
   * @param interval time between checks
   * @param timeout time one check may take
   */
  record Command(String command, Duration interval, Duration timeout) implements HealthCheck {}

  /**
   * No check: the service is assumed up.
   *
   * @param interval unused
   * @param timeout unused
   */
  record None(Duration interval, Duration timeout) implements HealthCheck {}
}
