package dev.brigade.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads one service of a role and its health check, with the model's check defaults. */
final class ServiceReader {
  private final Problems problems;
  private final Duration interval;
  private final Duration timeout;

  /**
   * @param interval the check interval where a service's check gives none
   * @param timeout the check timeout where a service's check gives none
   */
  ServiceReader(Problems problems, Duration interval, Duration timeout) {
    this.problems = problems;
    this.interval = interval;
    this.timeout = timeout;
  }

  Service service(MappingReader.Named n) {
    MappingReader s = n.reader();
    int port = s.port("port").orElse(0);
    if (s.node("port").isEmpty()) {
      problems.error(n.location(), "service '" + n.name() + "' needs a 'port'");
    }
    String guess = Protocol.ids().contains(n.name()) ? n.name() : "tcp";
    Protocol protocol =
        s.oneOf("protocol", Protocol.ids()).map(Protocol::of).orElse(Protocol.of(guess));
    HealthCheck check =
        s.node("check")
            .map(c -> check(c, n.name()))
            .orElseGet(() -> new HealthCheck.Tcp(interval, timeout));
    s.finish();
    return new Service(n.name(), port, protocol, check);
  }

  private HealthCheck check(YamlNode node, String service) {
    if (node instanceof YamlNode.Scalar s && !s.isNull()) {
      return switch (s.value()) {
        case "tcp" -> new HealthCheck.Tcp(this.interval, this.timeout);
        case "none" -> new HealthCheck.None(this.interval, this.timeout);
        default -> {
          problems.error(
              s.location(),
              "check of service '" + service + "' is '" + Suggestions.shorten(s.value()) + "'",
              "write tcp, none, or a mapping such as {type: http, path: /health}");
          yield new HealthCheck.Tcp(this.interval, this.timeout);
        }
      };
    }
    MappingReader c = MappingReader.of(node, "check of service '" + service + "'", problems);
    String type = c.oneOf("type", List.of("tcp", "http", "command", "none")).orElse("tcp");
    Duration interval = positive(c, "interval", problems).orElse(this.interval);
    Duration timeout = positive(c, "timeout", problems).orElse(this.timeout);
    if (timeout.compareTo(interval) > 0) {
      problems.error(
          c.keyLocation("timeout"),
          "check timeout is longer than its interval",
          "make the timeout shorter than the interval");
    }
    HealthCheck check =
        switch (type) {
          case "http" -> {
            String path = c.string("path").orElse("/");
            if (!path.startsWith("/")) {
              problems.error(
                  c.valueLocation("path"),
                  "check path must start with '/': '" + Suggestions.shorten(path) + "'");
            }
            int expect = c.integer("expect", 100, 599).orElse(200);
            yield new HealthCheck.Http(path, expect, interval, timeout);
          }
          case "command" ->
              new HealthCheck.Command(c.requiredString("command").orElse(""), interval, timeout);
          case "none" -> new HealthCheck.None(interval, timeout);
          default -> new HealthCheck.Tcp(interval, timeout);
        };
    if (!type.equals("http")) {
      c.allow("path", "expect");
      for (String k : List.of("path", "expect")) {
        c.node(k)
            .ifPresent(
                v ->
                    problems.error(
                        v.location(),
                        "'" + k + "' applies to http checks only",
                        "add 'type: http'"));
      }
    }
    if (!type.equals("command")) {
      c.node("command")
          .ifPresent(
              v ->
                  problems.error(
                      v.location(),
                      "'command' applies to command checks only",
                      "add 'type: command'"));
    }
    c.finish();
    return check;
  }

  /** A duration option that must be longer than zero; empty (and reported) otherwise. */
  static Optional<Duration> positive(MappingReader r, String key, Problems problems) {
    Optional<Duration> d = r.duration(key);
    if (d.isPresent() && (d.get().isZero() || d.get().isNegative())) {
      problems.error(r.keyLocation(key), "'" + key + "' must be longer than zero");
      return Optional.empty();
    }
    return d;
  }
}
