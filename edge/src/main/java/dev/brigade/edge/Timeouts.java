package dev.brigade.edge;

import java.time.Duration;

/**
 * The edge's timeouts.
 *
 * @param connect to open a connection to a backend
 * @param firstByte from the request sent to the backend until its response head arrives
 * @param betweenBytes between two reads of a backend's response
 * @param clientHeader from a client's first byte until its request head is complete (slowloris)
 * @param idle a client's keep-alive connection with no request in progress
 * @param clientBetweenBytes between two reads of a client's request head or body
 * @param clientBody from a request's head until its body is complete (a slow POST is cut off)
 */
public record Timeouts(
    Duration connect,
    Duration firstByte,
    Duration betweenBytes,
    Duration clientHeader,
    Duration idle,
    Duration clientBetweenBytes,
    Duration clientBody) {

  /** Defaults in the spirit of HAProxy's and Varnish's. */
  public static final Timeouts DEFAULT =
      new Timeouts(
          Duration.ofSeconds(3),
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          Duration.ofSeconds(60));

  /** The backend and client-head timeouts; body timeouts of 30 s between bytes, 5 min in all. */
  public Timeouts(
      Duration connect,
      Duration firstByte,
      Duration betweenBytes,
      Duration clientHeader,
      Duration idle) {
    this(
        connect,
        firstByte,
        betweenBytes,
        clientHeader,
        idle,
        Duration.ofSeconds(30),
        Duration.ofMinutes(5));
  }
}
