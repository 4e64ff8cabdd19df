package dev.brigade.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a service speaks; monitoring and the edge pick their probes from it. */
public enum Protocol {
  TCP,
  UDP,
  HTTP,
  HTTPS,
  MEMCACHED,
  MYSQL,
  POSTGRESQL,
  REDIS,
  SMTP,
  SSH,
  DNS,
  NRPE,
  MUNIN;

  /** The name as written in a model, e.g. {@code http}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every name a model may use. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(Protocol::id).toList();
  }

  /** The protocol written as {@code id}. */
  public static Protocol of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
