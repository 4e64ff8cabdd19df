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
 * @param tunnelIdle an upgraded connection ({@link Tunnel}) with no byte either way (HAProxy's
 *     {@code timeout tunnel})
 */
public record Timeouts(
    Duration connect,
    Duration firstByte,
    Duration betweenBytes,
    Duration clientHeader,
    Duration idle,
    Duration clientBetweenBytes,
    Duration clientBody,
    Duration tunnelIdle) {

  /** How long a tunnel may be idle unless configured: an hour, as HAProxy's examples have it. */
  public static final Duration TUNNEL_IDLE = Duration.ofHours(1);

  /** Defaults in the spirit of HAProxy's and Varnish's. */
  public static final Timeouts DEFAULT =
      new Timeouts(
          Duration.ofSeconds(3),
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          Duration.ofSeconds(60));

  /** The timeouts but the tunnel's, which is {@link #TUNNEL_IDLE}. */
  public Timeouts(
      Duration connect,
      Duration firstByte,
      Duration betweenBytes,
      Duration clientHeader,
      Duration idle,
      Duration clientBetweenBytes,
      Duration clientBody) {
    this(
        connect,
        firstByte,
        betweenBytes,
        clientHeader,
        idle,
        clientBetweenBytes,
        clientBody,
        TUNNEL_IDLE);
  }

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
        Duration.ofMinutes(5),
        TUNNEL_IDLE);
  }

  /** These timeouts with another {@code tunnel-idle}. */
  public Timeouts withTunnelIdle(Duration d) {
    return new Timeouts(
        connect, firstByte, betweenBytes, clientHeader, idle, clientBetweenBytes, clientBody, d);
  }
}
