package dev.brigade.monitor;

import java.util.Optional;

/**
 * A {@code mysql} check: connect and {@code SELECT 1} as check_mysql does; with {@code replication:
 * true} also the replica's threads and lag ({@code check_mysql -S}); with {@code query} the first
 * value of a query judged as check_mysql_query does.
 *
 * @param port the port
 * @param user who logs in
 * @param password the password (never shown: see {@link #toString()})
 * @param mode what is judged beyond the connection
 */
record MysqlSpec(int port, String user, String password, Mode mode) implements CheckOptions {
  /** Longest query accepted. */
  static final int MAX_QUERY = 4096;

  static final CheckType TYPE = CheckType.of("mysql", MysqlSpec::read);

  /** What a mysql check judges beyond the connection. */
  sealed interface Mode {}

  /** Only the connection. */
  record Connection() implements Mode {}

  /** The replica's threads and its lag in seconds. */
  record Replication(Thresholds lag) implements Mode {}

  /** The first column of the first row of {@code sql}. */
  record Query(String sql, Thresholds value) implements Mode {}

  private static Optional<MysqlSpec> read(CheckReader r) {
    int port = r.port(3306);
    String user = r.string("user").orElse("monitor");
    String password = r.string("password").orElse("");
    boolean replication = r.bool("replication", false);
    Optional<String> query = r.string("query");
    boolean thresholds = r.has("warning") || r.has("critical");
    Thresholds t = r.thresholds();
    Mode mode = new Connection();
    if (replication && query.isPresent()) {
      r.error(
          "query",
          "comes with 'replication: true'",
          "make two checks: one judges the replica's lag, the other a query's value");
    } else if (query.isPresent()) {
      if (query.get().isBlank() || query.get().length() > MAX_QUERY) {
        r.error("query", "must be 1 to " + MAX_QUERY + " characters");
      }
      mode = new Query(query.get(), t);
    } else if (replication) {
      mode = new Replication(t);
    } else if (thresholds) {
      r.error(
          r.has("warning") ? "warning" : "critical",
          "judges nothing",
          "it applies to the replica's lag (replication: true) or to a query's value"
              + " (query: \"SELECT ...\")");
    }
    return r.valid(new MysqlSpec(port, user, password, mode));
  }

  @Override
  public Probe probe(CheckSite site) {
    String a = site.address();
    return switch (mode) {
      case Connection c -> d -> MysqlCheck.connection(a, port, user, password, d);
      case Replication rep -> d -> MysqlCheck.replication(a, port, user, password, rep.lag(), d);
      case Query q -> d -> MysqlCheck.query(a, port, user, password, q.sql(), q.value(), d);
    };
  }

  @Override
  public String toString() {
    return "MysqlSpec[port=" + port + ", user=" + user + ", password=****, mode=" + mode + "]";
  }
}
