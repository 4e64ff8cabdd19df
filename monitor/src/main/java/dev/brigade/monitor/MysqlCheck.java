package dev.brigade.monitor;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Checks a MySQL or MariaDB server over JDBC (the MariaDB driver): the time to connect and to run
 * {@code SELECT 1}, and in replication mode the replica's threads and lag. The password never
 * appears in the output.
 */
public final class MysqlCheck {
  /** Longest value of a replica status column kept in the output. */
  static final int MAX_VALUE = 300;

  private MysqlCheck() {}

  /** Connects to {@code host:port} as {@code user} and runs {@code SELECT 1}: OK when both work. */
  public static CheckResult connection(
      String host, int port, String user, String password, Duration timeout) {
    return check(host, port, user, password, Deadline.after(timeout), null, null);
  }

  /**
   * Like {@link #connection}, then runs {@code query} and judges the first column of its first row
   * against {@code value}, as check_mysql_query does: CRITICAL when the query fails, returns no row
   * or a value that is not a number.
   */
  public static CheckResult query(
      String host,
      int port,
      String user,
      String password,
      String query,
      Thresholds value,
      Duration timeout) {
    return query(host, port, user, password, query, value, Deadline.after(timeout));
  }

  /**
   * Like {@link #query(String, int, String, String, String, Thresholds, Duration)}, by a deadline.
   */
  public static CheckResult query(
      String host,
      int port,
      String user,
      String password,
      String query,
      Thresholds value,
      Deadline deadline) {
    return check(host, port, user, password, deadline, null, new Query(query, value));
  }

  /** A query whose first value is judged. */
  private record Query(String sql, Thresholds value) {}

  /**
   * Like {@link #connection}, and reads the replica status: CRITICAL when the server is not a
   * replica or its IO or SQL thread is not running (naming the last error), WARNING or CRITICAL
   * when the seconds behind its source cross {@code lag}.
   */
  public static CheckResult replication(
      String host, int port, String user, String password, Thresholds lag, Duration timeout) {
    return replication(host, port, user, password, lag, Deadline.after(timeout));
  }

  /**
   * Like {@link #replication(String, int, String, String, Thresholds, Duration)}, by a deadline.
   */
  public static CheckResult replication(
      String host, int port, String user, String password, Thresholds lag, Deadline deadline) {
    return check(host, port, user, password, deadline, lag, null);
  }

  /** Like {@link #connection(String, int, String, String, Duration)}, by a deadline. */
  public static CheckResult connection(
      String host, int port, String user, String password, Deadline deadline) {
    return check(host, port, user, password, deadline, null, null);
  }

  private static CheckResult check(
      String host,
      int port,
      String user,
      String password,
      Deadline deadline,
      Thresholds lag,
      Query query) {
    long start = System.nanoTime();
    Duration timeout = deadline.remaining();
    String where = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null && !password.isEmpty()) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", Long.toString(Math.max(1, timeout.toMillis())));
    props.setProperty("socketTimeout", Long.toString(Math.max(1, timeout.toMillis())));
    List<String> perf = new ArrayList<>();
    double connectSecs;
    try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + where + "/", props);
        Deadline.Guard _ = deadline.guard(() -> abort(c))) {
      connectSecs = Results.seconds(start);
      perf.add(Results.time("connect_time", connectSecs, timeout));
      int seconds = (int) Math.max(1, deadline.remaining().toSeconds());
      long queryStart = System.nanoTime();
      try (Statement st = c.createStatement()) {
        st.setQueryTimeout(seconds);
        try (ResultSet rs = st.executeQuery("SELECT 1")) {
          if (!rs.next() || rs.getInt(1) != 1) {
            return Results.result(
                Status.CRITICAL,
                "MYSQL CRITICAL - " + where + " answered SELECT 1 without 1",
                String.join(" ", perf),
                start);
          }
        }
      } catch (SQLException e) {
        return Results.result(
            Status.CRITICAL,
            "MYSQL CRITICAL - SELECT 1 on " + where + " failed: " + message(e, password),
            String.join(" ", perf),
            start,
            e instanceof SQLTimeoutException || deadline.expired());
      }
      double querySecs = Results.seconds(queryStart);
      perf.add(Results.time("query_time", querySecs, timeout));
      String timing =
          String.format(Locale.ROOT, "connect %.3f s, SELECT 1 %.3f s", connectSecs, querySecs);
      if (query != null) {
        return query(c, where, seconds, query, timing, perf, password, start);
      }
      if (lag == null) {
        return Results.result(
            Status.OK, "MYSQL OK - " + where + " " + timing, String.join(" ", perf), start);
      }
      return replica(c, where, seconds, lag, timing, perf, password, start);
    } catch (SQLException e) {
      return Results.result(
          Status.CRITICAL,
          "MYSQL CRITICAL - cannot connect to "
              + where
              + " as "
              + user
              + ": "
              + message(e, password),
          "",
          start,
          e instanceof SQLTimeoutException || deadline.expired());
    }
  }

  private static CheckResult replica(
      Connection c,
      String where,
      int seconds,
      Thresholds lag,
      String timing,
      List<String> perf,
      String password,
      long start) {
    try (Statement st = c.createStatement()) {
      st.setQueryTimeout(seconds);
      try (ResultSet rs = replicaStatus(st)) {
        if (!rs.next()) {
          return Results.result(
              Status.CRITICAL,
              "MYSQL CRITICAL - " + where + " is not a replica (no replica status)",
              String.join(" ", perf),
              start);
        }
        String io = column(rs, "Replica_IO_Running", "Slave_IO_Running");
        String sql = column(rs, "Replica_SQL_Running", "Slave_SQL_Running");
        String behind = column(rs, "Seconds_Behind_Source", "Seconds_Behind_Master");
        String source =
            column(rs, "Source_Host", "Master_Host")
                + ":"
                + column(rs, "Source_Port", "Master_Port");
        if (!"Yes".equals(io) || !"Yes".equals(sql)) {
          StringBuilder b =
              new StringBuilder(
                      "MYSQL CRITICAL - replica " + where + " of " + source + ": IO thread ")
                  .append(io)
                  .append(", SQL thread ")
                  .append(sql);
          String ioError = column(rs, "Last_IO_Error");
          String sqlError = column(rs, "Last_SQL_Error");
          if (!ioError.isEmpty()) {
            b.append("; Last_IO_Error: ").append(ioError);
          }
          if (!sqlError.isEmpty()) {
            b.append("; Last_SQL_Error: ").append(sqlError);
          }
          return Results.result(
              Status.CRITICAL, scrub(b.toString(), password), String.join(" ", perf), start);
        }
        long lagSeconds;
        try {
          lagSeconds = Long.parseLong(behind);
        } catch (NumberFormatException e) {
          return Results.result(
              Status.UNKNOWN,
              "MYSQL UNKNOWN - replica "
                  + where
                  + " runs but gives Seconds_Behind_Master '"
                  + Results.oneLine(behind, 30)
                  + "'",
              String.join(" ", perf),
              start);
        }
        Status status = lag.status(lagSeconds);
        perf.add(Results.perf("lag", lagSeconds, "s", lag, "0"));
        return Results.result(
            status,
            "MYSQL "
                + status
                + " - replica "
                + where
                + " of "
                + source
                + " running, "
                + lagSeconds
                + " s behind; "
                + timing,
            String.join(" ", perf),
            start);
      }
    } catch (SQLException e) {
      return Results.result(
          Status.UNKNOWN,
          "MYSQL UNKNOWN - cannot read the replica status of "
              + where
              + ": "
              + message(e, password),
          String.join(" ", perf),
          start,
          e instanceof SQLTimeoutException);
    }
  }

  private static CheckResult query(
      Connection c,
      String where,
      int seconds,
      Query query,
      String timing,
      List<String> perf,
      String password,
      long start) {
    String shown = Results.oneLine(query.sql(), 60);
    try (Statement st = c.createStatement()) {
      st.setQueryTimeout(seconds);
      st.setMaxRows(1);
      try (ResultSet rs = st.executeQuery(query.sql())) {
        if (!rs.next()) {
          return Results.result(
              Status.CRITICAL,
              "QUERY CRITICAL - '" + shown + "' on " + where + " returned no rows",
              String.join(" ", perf),
              start);
        }
        String text = rs.getString(1);
        double value;
        try {
          value = Double.parseDouble(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
          return Results.result(
              Status.CRITICAL,
              "QUERY CRITICAL - '"
                  + shown
                  + "' on "
                  + where
                  + " returned '"
                  + Results.oneLine(String.valueOf(text), 40)
                  + "', not a number",
              String.join(" ", perf),
              start);
        }
        Status status = query.value().status(value);
        perf.add(Results.perf("result", value, "", query.value(), ""));
        return Results.result(
            status,
            String.format(
                Locale.ROOT,
                "QUERY %s - '%s' on %s returned %f; %s",
                status,
                shown,
                where,
                value,
                timing),
            String.join(" ", perf),
            start);
      }
    } catch (SQLException e) {
      return Results.result(
          Status.CRITICAL,
          "QUERY CRITICAL - '" + shown + "' on " + where + " failed: " + message(e, password),
          String.join(" ", perf),
          start,
          e instanceof SQLTimeoutException);
    }
  }

  /** Closes the connection's socket at once, from the deadline's timer. */
  private static void abort(Connection c) {
    try {
      c.abort(Runnable::run);
    } catch (SQLException e) {
      // already closed
    }
  }

  private static ResultSet replicaStatus(Statement st) throws SQLException {
    try {
      return st.executeQuery("SHOW REPLICA STATUS");
    } catch (SQLSyntaxErrorException e) {
      // before MariaDB 10.5.1 and MySQL 8.0.22
      return st.executeQuery("SHOW SLAVE STATUS");
    }
  }

  /** The first of the named columns the result has, as bounded one-line text ("" for NULL). */
  private static String column(ResultSet rs, String... names) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    for (String name : names) {
      for (int i = 1; i <= md.getColumnCount(); i++) {
        if (md.getColumnLabel(i).equalsIgnoreCase(name)) {
          String v = rs.getString(i);
          return v == null ? "" : Results.oneLine(v, MAX_VALUE);
        }
      }
    }
    return "";
  }

  private static String message(SQLException e, String password) {
    return scrub(Results.message(e), password);
  }

  /** The text without the password, should a server or driver ever echo it. */
  static String scrub(String text, String password) {
    return password == null || password.isEmpty() ? text : text.replace(password, "****");
  }
}
