package dev.brigade.box.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brigade.box.web.Dashboards;
import dev.brigade.box.web.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The box's own state: sign-in sessions, API tokens and saved dashboards, in an SQLite file in the
 * data directory (WAL, {@code synchronous=FULL}, so a power cut or {@code kill -9} loses at most
 * the transaction being written) or in PostgreSQL when the model's {@code box.store} is a {@code
 * jdbc:postgresql:} URL. The schema is migrated at start-up ({@link Migrations}).
 *
 * <pre>{@code
 * try (BoxStore s = BoxStore.open("sqlite", dataDir)) {
 *   s.dashboards().save(new Dashboards.Dashboard("web", List.of("/graphs?host=web1"), "alice"));
 * }
 * }</pre>
 */
public final class BoxStore implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Connection db;
  private final boolean sqlite;

  private BoxStore(Connection db, boolean sqlite) {
    this.db = db;
    this.sqlite = sqlite;
  }

  /** Opens {@code store} ({@code sqlite} for {@code DATA/box.db}, or a JDBC URL), migrated. */
  public static BoxStore open(String store, Path dataDir) throws SQLException {
    return open(store, dataDir, Migrations.ALL.size());
  }

  static BoxStore open(String store, Path dataDir, int upTo) throws SQLException {
    boolean sqlite = store.equals("sqlite");
    String url;
    if (sqlite) {
      try {
        Files.createDirectories(dataDir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
      }
      url = "jdbc:sqlite:" + dataDir.resolve("box.db");
    } else if (store.startsWith("jdbc:postgresql://")) {
      url = store;
    } else {
      throw new IllegalArgumentException("box.store is sqlite or a jdbc:postgresql:// URL");
    }
    Connection c = DriverManager.getConnection(url);
    try {
      if (sqlite) {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA journal_mode=WAL");
          s.execute("PRAGMA synchronous=FULL");
          s.execute("PRAGMA busy_timeout=5000");
        }
      }
      Migrations.migrate(c, upTo);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return new BoxStore(c, sqlite);
  }

  /** The schema version. */
  public synchronized int version() throws SQLException {
    return Migrations.version(db);
  }

  /** Whether this is the SQLite file (not PostgreSQL). */
  public boolean isSqlite() {
    return sqlite;
  }

  /**
   * A stored session.
   *
   * @param idHash the SHA-256 of the session id (the id itself is only in the cookie)
   * @param user who signed in
   * @param role their role then
   * @param created when, epoch milliseconds
   * @param lastSeen the last request, epoch milliseconds
   * @param address the client address at sign-in
   */
  public record Session(
      String idHash, String user, Role role, long created, long lastSeen, String address) {}

  /** Saves a new session. */
  public synchronized void addSession(Session s) throws SQLException {
    try (PreparedStatement p =
        db.prepareStatement(
            "INSERT INTO box_session (id_hash, user_name, role, created, last_seen, address)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      p.setString(1, s.idHash());
      p.setString(2, s.user());
      p.setString(3, s.role().name());
      p.setLong(4, s.created());
      p.setLong(5, s.lastSeen());
      p.setString(6, s.address());
      p.executeUpdate();
    }
  }

  /** The session with that id hash. */
  public synchronized Optional<Session> session(String idHash) throws SQLException {
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT user_name, role, created, last_seen, address FROM box_session"
                + " WHERE id_hash = ?")) {
      p.setString(1, idHash);
      try (ResultSet r = p.executeQuery()) {
        return r.next()
            ? Optional.of(
                new Session(
                    idHash,
                    r.getString(1),
                    Role.valueOf(r.getString(2)),
                    r.getLong(3),
                    r.getLong(4),
                    r.getString(5)))
            : Optional.empty();
      }
    }
  }

  /** Records a request of the session. */
  public synchronized void touchSession(String idHash, long at) throws SQLException {
    update("UPDATE box_session SET last_seen = ? WHERE id_hash = ?", at, idHash);
  }

  /** Ends a session. */
  public synchronized void deleteSession(String idHash) throws SQLException {
    update("DELETE FROM box_session WHERE id_hash = ?", idHash);
  }

  /** Ends every session idle since {@code idleBefore} or created before {@code createdBefore}. */
  public synchronized int expireSessions(long idleBefore, long createdBefore) throws SQLException {
    return update(
        "DELETE FROM box_session WHERE last_seen < ? OR created < ?", idleBefore, createdBefore);
  }

  /** Makes the stored tokens those of the model (name, hash and role). */
  public synchronized void replaceTokens(List<dev.brigade.box.BoxSettings.ApiToken> tokens)
      throws SQLException {
    db.setAutoCommit(false);
    try {
      update("DELETE FROM box_token");
      for (var t : tokens) {
        update(
            "INSERT INTO box_token (name, sha256, role) VALUES (?, ?, ?)",
            t.name(),
            t.sha256(),
            t.role().name());
      }
      db.commit();
    } catch (SQLException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(true);
    }
  }

  /** The token with that SHA-256: its name and role. */
  public synchronized Optional<dev.brigade.box.BoxSettings.ApiToken> token(String sha256)
      throws SQLException {
    try (PreparedStatement p =
        db.prepareStatement("SELECT name, role FROM box_token WHERE sha256 = ?")) {
      p.setString(1, sha256);
      try (ResultSet r = p.executeQuery()) {
        return r.next()
            ? Optional.of(
                new dev.brigade.box.BoxSettings.ApiToken(
                    r.getString(1), Role.valueOf(r.getString(2)), sha256))
            : Optional.empty();
      }
    }
  }

  /** The saved dashboards, kept in this store. */
  public Dashboards dashboards() {
    return new Dashboards() {
      @Override
      public List<Dashboard> list() {
        return query("SELECT name, graphs, owner FROM box_dashboard ORDER BY name", null);
      }

      @Override
      public Optional<Dashboard> get(String name) {
        return query("SELECT name, graphs, owner FROM box_dashboard WHERE name = ?", name).stream()
            .findFirst();
      }

      @Override
      public void save(Dashboard d) {
        if (d.name().isEmpty() || d.name().length() > 80) {
          throw new IllegalArgumentException("a dashboard's name has 1 to 80 characters");
        }
        try {
          synchronized (BoxStore.this) {
            update(
                "INSERT INTO box_dashboard (name, owner, graphs, updated) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET owner = excluded.owner,"
                    + " graphs = excluded.graphs, updated = excluded.updated",
                d.name(),
                d.owner(),
                JSON.writeValueAsString(d.graphs()),
                System.currentTimeMillis());
          }
        } catch (SQLException | IOException e) {
          throw new IllegalStateException("cannot save dashboard: " + e.getMessage(), e);
        }
      }

      @Override
      public boolean delete(String name) {
        try {
          synchronized (BoxStore.this) {
            return update("DELETE FROM box_dashboard WHERE name = ?", name) > 0;
          }
        } catch (SQLException e) {
          throw new IllegalStateException("cannot delete dashboard: " + e.getMessage(), e);
        }
      }
    };
  }

  private synchronized List<Dashboards.Dashboard> query(String sql, String name) {
    try (PreparedStatement p = db.prepareStatement(sql)) {
      if (name != null) {
        p.setString(1, name);
      }
      List<Dashboards.Dashboard> out = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              new Dashboards.Dashboard(
                  r.getString(1),
                  JSON.readValue(r.getString(2), new TypeReference<List<String>>() {}),
                  r.getString(3)));
        }
      }
      return out;
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot read dashboards: " + e.getMessage(), e);
    }
  }

  private int update(String sql, Object... args) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      return p.executeUpdate();
    }
  }

  /** Runs {@code sql} (tests: integrity checks, counts) and returns the first column's rows. */
  synchronized List<String> strings(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  /** Runs one statement (tests: rows of an older schema). */
  synchronized void execute(String sql) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public synchronized void close() throws SQLException {
    db.close();
  }
}
