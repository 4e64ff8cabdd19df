package dev.brigade.edge;

/**
 * What one client, or all requests together, may make the edge hold.
 *
 * @param maxBodyBytes largest request body accepted (413 beyond); 0 for no limit
 * @param connectionsPerClient open connections per client address; 0 for no limit
 * @param inFlightBytes response bodies being captured for the cache, across all requests; a
 *     response that does not fit is streamed through without being stored
 */
public record Limits(long maxBodyBytes, int connectionsPerClient, long inFlightBytes) {
  /** 64 MiB bodies, 1024 connections per address, 64 MiB in flight. */
  public static final Limits DEFAULT = new Limits(64L << 20, 1024, 64L << 20);
}
