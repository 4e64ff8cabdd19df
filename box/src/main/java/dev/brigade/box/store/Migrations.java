package dev.brigade.box.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's schema as a versioned list of steps, applied in order at start-up, each in its own
 * transaction and recorded in {@code box_schema}, so a store of any older version is brought up to
 * date and a step is never applied twice. The SQL is the common part of SQLite and PostgreSQL.
 */
final class Migrations {
  /**
   * One step.
   *
   * @param version its number, from 1 without gaps
   * @param description what it does
   * @param statements the SQL
   */
  record Migration(int version, String description, List<String> statements) {}

  static final List<Migration> ALL =
      List.of(
          new Migration(
              1,
              "sessions and API tokens",
              List.of(
                  "CREATE TABLE box_session (id_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL,"
                      + " role TEXT NOT NULL, created BIGINT NOT NULL, last_seen BIGINT NOT NULL)",
                  "CREATE TABLE box_token (name TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE,"
                      + " role TEXT NOT NULL)")),
          new Migration(
              2,
              "saved dashboards",
              List.of(
                  "CREATE TABLE box_dashboard (name TEXT PRIMARY KEY, owner TEXT NOT NULL,"
                      + " graphs TEXT NOT NULL, updated BIGINT NOT NULL)")),
          new Migration(
              3,
              "the client address of a session, and when a token was last used",
              List.of(
                  "ALTER TABLE box_session ADD COLUMN address TEXT NOT NULL DEFAULT ''",
                  "ALTER TABLE box_token ADD COLUMN last_used BIGINT NOT NULL DEFAULT 0",
                  "CREATE INDEX box_session_user ON box_session (user_name)")));

  private Migrations() {}

  /** The version the store has now; 0 for an empty one. */
  static int version(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS box_schema (version INTEGER PRIMARY KEY,"
              + " description TEXT NOT NULL, applied BIGINT NOT NULL)");
      try (ResultSet r = s.executeQuery("SELECT MAX(version) FROM box_schema")) {
        return r.next() ? r.getInt(1) : 0;
      }
    }
  }

  /**
   * Applies every step after the store's version up to {@code upTo}.
   *
   * @return the version afterwards
   * @throws SQLException when the store is newer than this box knows, or a step fails (that step is
   *     rolled back; the earlier ones stay)
   */
  static int migrate(Connection c, int upTo) throws SQLException {
    boolean auto = c.getAutoCommit();
    int now = version(c);
    if (now > ALL.size()) {
      throw new SQLException(
          "the store is at schema version " + now + ", newer than this box (" + ALL.size() + ")");
    }
    c.setAutoCommit(false);
    try {
      for (Migration m : ALL) {
        if (m.version() <= now || m.version() > upTo) {
          continue;
        }
        try (Statement s = c.createStatement()) {
          for (String sql : m.statements()) {
            s.execute(sql);
          }
          try (var p =
              c.prepareStatement(
                  "INSERT INTO box_schema (version, description, applied) VALUES (?, ?, ?)")) {
            p.setInt(1, m.version());
            p.setString(2, m.description());
            p.setLong(3, System.currentTimeMillis());
            p.executeUpdate();
          }
          c.commit();
          now = m.version();
        } catch (SQLException e) {
          c.rollback();
          throw new SQLException(
              "schema step " + m.version() + " (" + m.description() + ") failed: " + e.getMessage(),
              e);
        }
      }
    } finally {
      c.setAutoCommit(auto);
    }
    return now;
  }
}
