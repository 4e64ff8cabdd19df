package dev.brigade.monitor;

import java.time.Instant;

/**
 * An operator's note on a host or service, as Nagios's comments: kept until deleted, across
 * restarts.
 *
 * @param id its number, to delete it by
 * @param time when it was written
 * @param author who wrote it
 * @param text what it says
 */
public record Comment(long id, Instant time, String author, String text) {}
