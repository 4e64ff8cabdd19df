package dev.brigade.box;

import dev.brigade.box.auth.PasswordHash;
import dev.brigade.box.web.Role;
import dev.brigade.model.Location;
import dev.brigade.model.MappingReader;
import dev.brigade.model.Problems;
import dev.brigade.model.SectionContext;
import dev.brigade.model.SectionType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads and validates the {@code box:} section of the model; see {@link BoxSettings}.
 *
 * <pre>{@code
 * box:
 *   listen: 127.0.0.1:9190
 *   data: /var/lib/brigade/box
 *   store: sqlite                       # or jdbc:postgresql://db1:5432/brigade?user=box
 *   session: { idle: 30m, absolute: 12h }
 *   users:
 *     alice: { role: operator, password: "$argon2id$v=19$m=19456,t=2,p=1$..." }
 *   users-file: box-users.txt           # NAME:ROLE:HASH lines
 *   tokens:
 *     deploy: { role: operator, sha256: 9f86d081884c7d65... }
 *   tls: { certificate: box.crt, key: box.key }
 * }</pre>
 *
 * <p>Relative paths are relative to the model's directory.
 */
public final class BoxSection implements SectionType<BoxSettings> {
  /** The section, for {@code cluster.section(BoxSection.TYPE)}. */
  public static final BoxSection TYPE = new BoxSection();

  private static final int MAX_USERS_FILE = 1024 * 1024;

  @Override
  public String key() {
    return "box";
  }

  @Override
  public Class<BoxSettings> valueType() {
    return BoxSettings.class;
  }

  @Override
  public BoxSettings read(SectionContext ctx) {
    BoxSettings d = BoxSettings.DEFAULT;
    if (ctx.node().isEmpty()) {
      return d;
    }
    Path base = ctx.cluster().source().toAbsolutePath().getParent();
    MappingReader r = ctx.reader("'box'");
    String address = d.address();
    int port = d.port();
    Optional<String> listen = r.string("listen");
    if (listen.isPresent()) {
      int colon = listen.get().lastIndexOf(':');
      try {
        address = listen.get().substring(0, colon).replaceAll("^\\[|\\]$", "");
        port = Integer.parseInt(listen.get().substring(colon + 1));
        if (port < 0 || port > 65535 || address.isEmpty()) {
          throw new NumberFormatException();
        }
      } catch (RuntimeException e) {
        r.problems()
            .error(
                r.valueLocation("listen"),
                "'listen' of 'box' is not ADDRESS:PORT",
                "e.g. 127.0.0.1:9190");
        address = d.address();
        port = d.port();
      }
    }
    Optional<Path> data = r.string("data").map(p -> resolve(base, p));
    String store = r.string("store").orElse("sqlite");
    if (!store.equals("sqlite") && !store.startsWith("jdbc:postgresql://")) {
      r.problems()
          .error(
              r.valueLocation("store"),
              "'store' of 'box' is sqlite or a jdbc:postgresql://HOST:PORT/DB URL",
              "leave it out for the SQLite file in the data directory");
      store = "sqlite";
    }
    Duration idle = d.idle();
    Duration absolute = d.absolute();
    Optional<MappingReader> session = r.mapping("session", "'box.session'");
    if (session.isPresent()) {
      MappingReader s = session.get();
      idle = atLeastAMinute(s, "idle", idle);
      absolute = atLeastAMinute(s, "absolute", absolute);
      s.finish();
    }
    List<BoxSettings.User> users = new ArrayList<>();
    for (MappingReader.Named n : r.named("users", name -> "user 'box.users." + name + "'")) {
      MappingReader u = n.reader();
      Role role = role(u);
      Optional<String> hash = u.requiredString("password");
      hash.flatMap(PasswordHash::problem)
          .ifPresent(p -> u.problems().error(u.valueLocation("password"), p));
      u.finish();
      if (hash.isPresent()) {
        users.add(new BoxSettings.User(n.name(), role, hash.get()));
      }
    }
    Optional<String> usersFile = r.string("users-file");
    if (usersFile.isPresent()) {
      readUsersFile(resolve(base, usersFile.get()), r.valueLocation("users-file"), ctx.problems())
          .forEach(
              u -> {
                if (users.stream().anyMatch(x -> x.name().equals(u.name()))) {
                  ctx.problems()
                      .error(
                          r.valueLocation("users-file"),
                          "user '" + u.name() + "' is in box.users and in the users file");
                } else {
                  users.add(u);
                }
              });
    }
    List<BoxSettings.ApiToken> tokens = new ArrayList<>();
    for (MappingReader.Named n : r.named("tokens", name -> "token 'box.tokens." + name + "'")) {
      MappingReader t = n.reader();
      Role role = role(t);
      Optional<String> sha = t.requiredString("sha256");
      if (sha.isPresent() && !sha.get().matches("[0-9a-fA-F]{64}")) {
        t.problems()
            .error(
                t.valueLocation("sha256"),
                "'sha256' of " + t.what() + " is not 64 hex digits",
                "printf %s \"$TOKEN\" | sha256sum");
        sha = Optional.empty();
      }
      t.finish();
      sha.ifPresent(
          s -> tokens.add(new BoxSettings.ApiToken(n.name(), role, s.toLowerCase(Locale.ROOT))));
    }
    Optional<BoxSettings.Tls> tls = Optional.empty();
    Optional<MappingReader> t = r.mapping("tls", "'box.tls'");
    if (t.isPresent()) {
      MappingReader m = t.get();
      Optional<String> cert = m.requiredString("certificate");
      Optional<String> key = m.requiredString("key");
      for (String k : List.of("certificate", "key")) {
        m.string(k)
            .map(p -> resolve(base, p))
            .filter(p -> !Files.isReadable(p))
            .ifPresent(
                p -> m.problems().error(m.valueLocation(k), "cannot read " + k + " file " + p));
      }
      m.finish();
      if (cert.isPresent() && key.isPresent()) {
        tls = Optional.of(new BoxSettings.Tls(resolve(base, cert.get()), resolve(base, key.get())));
      }
    }
    r.finish();
    return new BoxSettings(address, port, data, users, tokens, tls, store, idle, absolute);
  }

  private static Role role(MappingReader r) {
    return r.oneOf("role", List.of("read", "operator"))
        .map(s -> s.equals("operator") ? Role.OPERATOR : Role.READ)
        .orElseGet(
            () -> {
              if (r.absentWithoutTypo("role")) {
                r.problems().error(r.location(), r.what() + " needs 'role' (read or operator)");
              }
              return Role.READ;
            });
  }

  private static Duration atLeastAMinute(MappingReader r, String key, Duration fallback) {
    Optional<Duration> v = r.duration(key);
    if (v.isPresent() && v.get().toSeconds() < 60) {
      r.problems().error(r.valueLocation(key), "'" + key + "' of a session must be 1m or more");
      return fallback;
    }
    return v.orElse(fallback);
  }

  private static Path resolve(Path base, String p) {
    Path path = Path.of(p);
    return path.isAbsolute() || base == null ? path : base.resolve(path);
  }

  /**
   * Reads a users file: one {@code NAME:ROLE:HASH} per line, {@code #} comments and blank lines
   * ignored; each problem names the file and line.
   */
  static List<BoxSettings.User> readUsersFile(Path file, Location from, Problems problems) {
    List<String> lines;
    try {
      if (Files.size(file) > MAX_USERS_FILE) {
        problems.error(from, "users file " + file + " is larger than 1 MiB");
        return List.of();
      }
      lines = Files.readAllLines(file);
    } catch (IOException | RuntimeException e) {
      problems.error(from, "cannot read users file " + file + ": " + e.getMessage());
      return List.of();
    }
    List<BoxSettings.User> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Location at = new Location(file, i + 1, 1);
      String[] f = line.split(":", 3);
      if (f.length != 3 || !f[0].matches("[A-Za-z0-9_.@-]{1,64}")) {
        problems.error(at, "a users file line is NAME:ROLE:HASH");
        continue;
      }
      Role role =
          switch (f[1]) {
            case "read" -> Role.READ;
            case "operator" -> Role.OPERATOR;
            default -> null;
          };
      if (role == null) {
        problems.error(at, "role '" + f[1] + "' of user '" + f[0] + "' is not read or operator");
        continue;
      }
      Optional<String> bad = PasswordHash.problem(f[2]);
      if (bad.isPresent()) {
        problems.error(at, "user '" + f[0] + "': " + bad.get());
        continue;
      }
      if (out.stream().anyMatch(u -> u.name().equals(f[0]))) {
        problems.error(at, "user '" + f[0] + "' appears twice");
        continue;
      }
      out.add(new BoxSettings.User(f[0], role, f[2]));
    }
    return out;
  }
}
