package dev.brigade.monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The monitor's state and history in one embedded SQLite file: each check's state (with acks and
 * downtimes) and an event log of state changes and notifications. SQLite's write-ahead log makes a
 * crash or {@code kill -9} lose at most the last unflushed second, never corrupt the file.
 *
 * <pre>{@code
 * try (MonitorStore store = MonitorStore.open(Path.of("monitor.db"))) {
 *   store.events(20).forEach(System.out::println);
 * }
 * }</pre>
 */
public final class MonitorStore implements AutoCloseable {
  private static final int SCHEMA = 2;
  private final Connection db;

  /**
   * One check's stored state.
   *
   * @param id the target id
   * @param state the state logic's snapshot
   * @param lastCheck when it last ran
   * @param lastChange when its state last changed
   * @param output its last output line
   * @param ackAuthor who acknowledged the problem, if anyone
   * @param ackComment why
   * @param comments the operators' comments on it
   */
  public record Saved(
      String id,
      CheckState.Snapshot state,
      Optional<Instant> lastCheck,
      Optional<Instant> lastChange,
      String output,
      Optional<String> ackAuthor,
      Optional<String> ackComment,
      List<Comment> comments) {
    public Saved {
      comments = List.copyOf(comments);
    }

    /** A state without comments. */
    public Saved(
        String id,
        CheckState.Snapshot state,
        Optional<Instant> lastCheck,
        Optional<Instant> lastChange,
        String output,
        Optional<String> ackAuthor,
        Optional<String> ackComment) {
      this(id, state, lastCheck, lastChange, output, ackAuthor, ackComment, List.of());
    }
  }

  /**
   * One line of the event log.
   *
   * @param time when
   * @param target {@code host} or {@code host/service}
   * @param kind what happened: {@code HARD CRITICAL}, {@code NOTIFICATION ops email PROBLEM sent},
   *     ...
   * @param text the check output or details
   */
  public record Event(Instant time, String target, String kind, String text) {}

  private MonitorStore(Connection db) {
    this.db = db;
  }

  /** Opens (creating if needed) the store at {@code file}. */
  public static MonitorStore open(Path file) throws SQLException {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
    } catch (java.io.IOException e) {
      throw new SQLException("cannot create the directory of " + file + ": " + e.getMessage(), e);
    }
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("PRAGMA busy_timeout=5000");
      s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      s.execute(
          """
          CREATE TABLE IF NOT EXISTS state(
            id TEXT PRIMARY KEY, status TEXT NOT NULL, type TEXT NOT NULL, attempt INTEGER NOT NULL,
            history TEXT NOT NULL, flapping INTEGER NOT NULL, acked INTEGER NOT NULL,
            sticky INTEGER NOT NULL, flexible_until INTEGER, notification_number INTEGER NOT NULL,
            last_notification INTEGER, told TEXT NOT NULL, last_check INTEGER,
            last_change INTEGER, output TEXT NOT NULL, ack_author TEXT, ack_comment TEXT)""");
      s.execute(
          """
          CREATE TABLE IF NOT EXISTS downtime(
            id TEXT NOT NULL, start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL,
            flexible INTEGER NOT NULL, duration_ms INTEGER NOT NULL, author TEXT NOT NULL,
            comment TEXT NOT NULL)""");
      s.execute(
          "CREATE TABLE IF NOT EXISTS event(time_ms INTEGER NOT NULL, target TEXT NOT NULL,"
              + " kind TEXT NOT NULL, text TEXT NOT NULL)");
      s.execute("CREATE INDEX IF NOT EXISTS event_time ON event(time_ms)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS comment(number INTEGER PRIMARY KEY, id TEXT NOT NULL,"
              + " time_ms INTEGER NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL)");
      s.execute("INSERT OR IGNORE INTO meta VALUES('schema', '1')");
      int found;
      try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
        found = rs.next() ? Integer.parseInt(rs.getString(1)) : 1;
      }
      if (found > SCHEMA) {
        throw new SQLException(file + " was written by a newer Brigade (schema " + found + ")");
      }
      if (found < 2) {
        // schema 2: the operator's switches and the start of a HARD problem, per check
        boolean fresh;
        try (ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pragma_table_info('state')"
                    + " WHERE name = 'checks_enabled'")) {
          fresh = rs.next() && rs.getInt(1) == 0;
        }
        if (fresh) {
          s.execute("ALTER TABLE state ADD COLUMN checks_enabled INTEGER NOT NULL DEFAULT 1");
          s.execute(
              "ALTER TABLE state ADD COLUMN notifications_enabled INTEGER NOT NULL DEFAULT 1");
          s.execute("ALTER TABLE state ADD COLUMN hard_since INTEGER");
        }
        s.execute("UPDATE meta SET value = '2' WHERE key = 'schema'");
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return new MonitorStore(c);
  }

  /** Every stored state by id. */
  public synchronized Map<String, Saved> load() throws SQLException {
    Map<String, List<CheckState.Downtime>> downtimes = new LinkedHashMap<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM downtime ORDER BY start_ms")) {
      while (rs.next()) {
        downtimes
            .computeIfAbsent(rs.getString("id"), k -> new ArrayList<>())
            .add(
                new CheckState.Downtime(
                    Instant.ofEpochMilli(rs.getLong("start_ms")),
                    Instant.ofEpochMilli(rs.getLong("end_ms")),
                    rs.getInt("flexible") != 0,
                    Duration.ofMillis(rs.getLong("duration_ms")),
                    rs.getString("author"),
                    rs.getString("comment")));
      }
    }
    Map<String, List<Comment>> comments = new LinkedHashMap<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM comment ORDER BY number")) {
      while (rs.next()) {
        comments
            .computeIfAbsent(rs.getString("id"), k -> new ArrayList<>())
            .add(
                new Comment(
                    rs.getLong("number"),
                    Instant.ofEpochMilli(rs.getLong("time_ms")),
                    rs.getString("author"),
                    rs.getString("text")));
      }
    }
    Map<String, Saved> out = new LinkedHashMap<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM state")) {
      while (rs.next()) {
        String id = rs.getString("id");
        CheckState.Snapshot snap =
            new CheckState.Snapshot(
                Status.valueOf(rs.getString("status")),
                CheckState.Type.valueOf(rs.getString("type")),
                rs.getInt("attempt"),
                history(rs.getString("history")),
                rs.getInt("flapping") != 0,
                rs.getInt("acked") != 0,
                rs.getInt("sticky") != 0,
                instant(rs, "flexible_until"),
                rs.getInt("notification_number"),
                instant(rs, "last_notification"),
                rs.getString("told").isEmpty()
                    ? List.of()
                    : Arrays.asList(rs.getString("told").split("\n")),
                downtimes.getOrDefault(id, List.of()),
                rs.getInt("checks_enabled") != 0,
                rs.getInt("notifications_enabled") != 0,
                instant(rs, "hard_since"));
        out.put(
            id,
            new Saved(
                id,
                snap,
                instant(rs, "last_check"),
                instant(rs, "last_change"),
                rs.getString("output"),
                Optional.ofNullable(rs.getString("ack_author")),
                Optional.ofNullable(rs.getString("ack_comment")),
                comments.getOrDefault(id, List.of())));
      }
    }
    return out;
  }

  /** Writes states and appends events in one transaction. */
  public synchronized void save(List<Saved> states, List<Event> events) throws SQLException {
    if (states.isEmpty() && events.isEmpty()) {
      return;
    }
    db.setAutoCommit(false);
    try (PreparedStatement up =
            db.prepareStatement(
                "INSERT OR REPLACE INTO state(id, status, type, attempt, history, flapping, acked,"
                    + " sticky, flexible_until, notification_number, last_notification, told,"
                    + " last_check, last_change, output, ack_author, ack_comment, checks_enabled,"
                    + " notifications_enabled, hard_since)"
                    + " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        PreparedStatement delComments = db.prepareStatement("DELETE FROM comment WHERE id = ?");
        PreparedStatement addComment =
            db.prepareStatement("INSERT INTO comment VALUES(?,?,?,?,?)");
        PreparedStatement delDown = db.prepareStatement("DELETE FROM downtime WHERE id = ?");
        PreparedStatement addDown =
            db.prepareStatement("INSERT INTO downtime VALUES(?,?,?,?,?,?,?)");
        PreparedStatement addEvent = db.prepareStatement("INSERT INTO event VALUES(?,?,?,?)")) {
      for (Saved s : states) {
        CheckState.Snapshot n = s.state();
        up.setString(1, s.id());
        up.setString(2, n.status().name());
        up.setString(3, n.type().name());
        up.setInt(4, n.attempt());
        up.setString(5, history(n.history()));
        up.setInt(6, n.flapping() ? 1 : 0);
        up.setInt(7, n.acknowledged() ? 1 : 0);
        up.setInt(8, n.stickyAck() ? 1 : 0);
        setInstant(up, 9, n.flexibleUntil());
        up.setInt(10, n.notificationNumber());
        setInstant(up, 11, n.lastNotification());
        up.setString(12, String.join("\n", n.told()));
        setInstant(up, 13, s.lastCheck());
        setInstant(up, 14, s.lastChange());
        up.setString(15, s.output());
        up.setString(16, s.ackAuthor().orElse(null));
        up.setString(17, s.ackComment().orElse(null));
        up.setInt(18, n.checksEnabled() ? 1 : 0);
        up.setInt(19, n.notificationsEnabled() ? 1 : 0);
        setInstant(up, 20, n.hardSince());
        up.addBatch();
        delComments.setString(1, s.id());
        delComments.addBatch();
        for (Comment c : s.comments()) {
          addComment.setLong(1, c.id());
          addComment.setString(2, s.id());
          addComment.setLong(3, c.time().toEpochMilli());
          addComment.setString(4, c.author());
          addComment.setString(5, c.text());
          addComment.addBatch();
        }
        delDown.setString(1, s.id());
        delDown.addBatch();
        for (CheckState.Downtime d : n.downtimes()) {
          addDown.setString(1, s.id());
          addDown.setLong(2, d.start().toEpochMilli());
          addDown.setLong(3, d.end().toEpochMilli());
          addDown.setInt(4, d.flexible() ? 1 : 0);
          addDown.setLong(5, d.duration().toMillis());
          addDown.setString(6, d.author());
          addDown.setString(7, d.comment());
          addDown.addBatch();
        }
      }
      up.executeBatch();
      delDown.executeBatch();
      addDown.executeBatch();
      delComments.executeBatch();
      addComment.executeBatch();
      for (Event e : events) {
        addEvent.setLong(1, e.time().toEpochMilli());
        addEvent.setString(2, e.target());
        addEvent.setString(3, e.kind());
        addEvent.setString(4, e.text());
        addEvent.addBatch();
      }
      addEvent.executeBatch();
      db.commit();
    } catch (SQLException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(true);
    }
  }

  /** The latest {@code limit} events, newest first. */
  public synchronized List<Event> events(int limit) throws SQLException {
    List<Event> out = new ArrayList<>();
    try (PreparedStatement s =
        db.prepareStatement("SELECT * FROM event ORDER BY time_ms DESC, rowid DESC LIMIT ?")) {
      s.setInt(1, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Event(
                  Instant.ofEpochMilli(rs.getLong("time_ms")),
                  rs.getString("target"),
                  rs.getString("kind"),
                  rs.getString("text")));
        }
      }
    }
    return out;
  }

  /** Deletes events older than {@code before}; returns how many. */
  public synchronized int prune(Instant before) throws SQLException {
    try (PreparedStatement s = db.prepareStatement("DELETE FROM event WHERE time_ms < ?")) {
      s.setLong(1, before.toEpochMilli());
      return s.executeUpdate();
    }
  }

  /** Forgets states of targets no longer in the model. */
  public synchronized void retain(java.util.Set<String> ids) throws SQLException {
    List<String> gone = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM state")) {
      while (rs.next()) {
        if (!ids.contains(rs.getString(1))) {
          gone.add(rs.getString(1));
        }
      }
    }
    for (String id : gone) {
      for (String table : List.of("state", "downtime", "comment")) {
        try (PreparedStatement a = db.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
          a.setString(1, id);
          a.executeUpdate();
        }
      }
    }
  }

  @Override
  public synchronized void close() throws SQLException {
    db.close();
  }

  private static String history(List<Status> h) {
    StringBuilder b = new StringBuilder();
    h.forEach(s -> b.append(s.name().charAt(0)));
    return b.toString();
  }

  private static List<Status> history(String s) {
    List<Status> out = new ArrayList<>();
    for (char c : s.toCharArray()) {
      out.add(
          switch (c) {
            case 'O' -> Status.OK;
            case 'W' -> Status.WARNING;
            case 'C' -> Status.CRITICAL;
            default -> Status.UNKNOWN;
          });
    }
    return out;
  }

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
  }

  private static void setInstant(PreparedStatement p, int i, Optional<Instant> v)
      throws SQLException {
    if (v.isPresent()) {
      p.setLong(i, v.get().toEpochMilli());
    } else {
      p.setNull(i, java.sql.Types.INTEGER);
    }
  }
}
