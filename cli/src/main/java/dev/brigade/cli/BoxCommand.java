package dev.brigade.cli;

import dev.brigade.box.Box;
import dev.brigade.box.auth.PasswordHash;
import dev.brigade.model.Cluster;
import dev.brigade.monitor.MonitorService;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code brigade box}: the management box (monitor, metrics, store, dashboard and JSON API). */
@Command(
    name = "box",
    mixinStandardHelpOptions = true,
    subcommands = BoxCommand.HashPassword.class,
    description = {
      "Runs the management box: one daemon that hosts the failure monitor (its checks, states,"
          + " notifications and its API at monitor.api, so 'brigade status' works), the metrics"
          + " engine (every check's perfdata as time series, plus the model's collectors), the"
          + " store, and the web dashboard with its JSON API.",
      "The dashboard (box.listen, default 127.0.0.1:9190) shows problems first (unhandled on top,"
          + " filtered by role, stage, state and text in the URL), each host and service with its"
          + " history and graphs, and one timeline of events; operators acknowledge, schedule"
          + " downtimes (also for a whole role or stage), re-check, mute and comment, one row or"
          + " in bulk. Every form is also a JSON API under /api/ (described at"
          + " /api/openapi.json), for a session or 'Authorization: Bearer TOKEN' (box.tokens).",
      "Users sign in with the passwords of box.users or box.users-file (Argon2id hashes; make one"
          + " with 'brigade box hash-password'). State is kept in box.data (default .brigade/box"
          + " next to the model): the box's store (SQLite, or PostgreSQL with box.store:"
          + " jdbc:postgresql://...), the monitor's state and the metrics. SIGHUP reloads the"
          + " model keeping all state; a model that cannot be run is refused and the old one keeps"
          + " running (users and box.listen need a restart)."
    },
    footer = {
      "",
      "Examples:",
      "  brigade box hash-password            # reads the password, prints the box.users hash",
      "  brigade box -c brigade.yml",
      "  curl -s -H \"Authorization: Bearer $BOX_TOKEN\" 'localhost:9190/api/checks?state=critical'",
      "  curl -s -H \"Authorization: Bearer $BOX_TOKEN\" -H 'Content-Type: application/json' \\",
      "       -d '{\"targets\":[\"stage:production\"],\"duration\":\"30m\"}'"
          + " localhost:9190/api/downtime"
    })
final class BoxCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Option(
      names = "--listen",
      paramLabel = "ADDRESS:PORT",
      description = "Where the dashboard listens (default: box.listen, 127.0.0.1:9190).")
  String listen;

  @Option(
      names = "--for",
      paramLabel = "TIME",
      description = "Stop after this long (e.g. 30s), for scripted smoke tests.")
  String runFor;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Cluster cluster = model.load(spec.commandLine().getErr());
    Box.Options options = Box.Options.DEFAULT;
    if (listen != null) {
      options = options.withListen(MonitorCommand.address(listen));
    }
    Box box = start(cluster, options);
    Signals.onHangup(
        () -> {
          MonitorService.Reload r = box.reload(model::reread);
          System.err.println("brigade box: " + model.config + ": " + r.message());
        });
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> stop(box, stopped), "brigade-box-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    if (!box.address().getAddress().isLoopbackAddress() && !box.url().startsWith("https:")) {
      out.println(
          "warning: the box listens on "
              + box.address().getAddress().getHostAddress()
              + " without TLS; passwords and session cookies cross the network in clear (set"
              + " box.tls)");
    }
    out.printf(
        "box %s: %d checks of %d hosts%n  dashboard %s%n  monitor API http://%s:%d/status%n"
            + "  data in %s%n",
        cluster.name(),
        box.monitor().checks().size(),
        cluster.hosts().size(),
        box.url(),
        box.monitorAddress().getHostString(),
        box.monitorAddress().getPort(),
        box.dataDirectory());
    out.flush();
    if (runFor == null) {
      stopped.await();
    } else {
      Thread.sleep(dev.brigade.model.Durations.parse(runFor));
      stop(box, stopped);
    }
    return 0;
  }

  /** Starts a box, with the CLI's one-line errors. */
  static Box start(Cluster cluster, Box.Options options) {
    try {
      return Box.start(cluster, options);
    } catch (java.sql.SQLException e) {
      throw new CliException(
          Brigade.FAILED,
          "cannot open the box's store: " + e.getMessage(),
          "check box.data and box.store in the model; is another box using them?");
    } catch (java.io.IOException e) {
      throw new CliException(
          Brigade.FAILED,
          "cannot start the box: " + e.getMessage(),
          "is another box or monitor running? pass --listen 127.0.0.1:PORT or change"
              + " box.listen / monitor.api.listen");
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new CliException(Brigade.FAILED, "cannot start the box: " + e.getMessage(), null, e);
    }
  }

  private static synchronized void stop(Box box, CountDownLatch stopped) {
    if (stopped.getCount() == 0) {
      return;
    }
    try {
      box.close();
    } catch (java.sql.SQLException e) {
      System.err.println("brigade box: saving state failed: " + e.getMessage());
    }
    stopped.countDown();
  }

  /**
   * {@code brigade box hash-password}: an Argon2id hash for box.users, from stdin or the console.
   */
  @Command(
      name = "hash-password",
      mixinStandardHelpOptions = true,
      description = {
        "Reads a password (from the console without echo, or the first line of standard input)"
            + " and prints its Argon2id hash (PHC string) for box.users or a users file. The"
            + " password is never taken from the command line, where ps and the shell's history"
            + " would see it."
      },
      footer = {
        "",
        "Examples:",
        "  brigade box hash-password",
        "  printf '%s\\n' \"$PW\" | brigade box hash-password"
      })
  static final class HashPassword implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      char[] password;
      Console console = System.console();
      if (console != null && System.in.available() == 0 && console.isTerminal()) {
        password = console.readPassword("password: ");
        char[] again = console.readPassword("again: ");
        if (password == null || again == null || !Arrays.equals(password, again)) {
          throw new CliException(Brigade.INVALID, "the passwords differ", "type the same twice");
        }
        Arrays.fill(again, '\0');
      } else {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 4096);
        String line = in.readLine();
        password = line == null ? new char[0] : line.toCharArray();
      }
      if (password.length < 8 || password.length > 1024) {
        throw new CliException(
            Brigade.INVALID, "a password has 8 to 1024 characters", "choose a longer one");
      }
      spec.commandLine().getOut().println(PasswordHash.hash(password));
      spec.commandLine().getOut().flush();
      Arrays.fill(password, '\0');
      return 0;
    }
  }
}
