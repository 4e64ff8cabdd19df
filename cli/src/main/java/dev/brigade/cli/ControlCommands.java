package dev.brigade.cli;

import dev.brigade.monitor.MonitorJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The operator's controls of a running monitor, named as a Nagios operator knows them from the CGI
 * and external commands: {@code recheck}, {@code ack}, {@code downtime}, {@code disable}, {@code
 * enable}, {@code comment}. Each takes targets in the model's terms and goes through the API with
 * the model's token.
 */
final class ControlCommands {
  private ControlCommands() {}

  static final String TARGETS =
      "TARGET is a host (with all its services), HOST/SERVICE, role:ROLE, stage:STAGE,"
          + " role:ROLE@STAGE (the role's hosts in that stage) or label:KEY=VALUE; any of them"
          + " may end in /SERVICE to take only that service.";

  /** What every control command shares: the model, the API, the author. */
  abstract static class Base implements Callable<Integer> {
    @Mixin ModelOptions model;

    @Option(
        names = "--api",
        paramLabel = "ADDRESS:PORT",
        description = "The monitor's API (default: monitor.api.listen of the model).")
    String api;

    @Option(
        names = "--author",
        paramLabel = "NAME",
        defaultValue = "${sys:user.name}",
        description = "Who does it, for the event log (default: the login name).")
    String author;

    @Spec CommandSpec spec;

    MonitorClient client() {
      return MonitorClient.of(
          model.load(spec.commandLine().getErr()), api, model.config.toString());
    }

    /** Prints what was done and returns 0. */
    int print(String what, MonitorJson.Done d) {
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "%s: %d check%s%s%n",
          what,
          d.ids().size(),
          d.ids().size() == 1 ? "" : "s",
          d.ids().isEmpty() ? "" : " (" + String.join(", ", d.ids()) + ")");
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "recheck",
      mixinStandardHelpOptions = true,
      description = {
        "Checks now, as Nagios's 'Re-schedule the next check' (forced): runs the targets' active"
            + " checks at once, even where active checks are disabled.",
        TARGETS
      },
      footer = {
        "",
        "Examples:",
        "  brigade recheck -c brigade.yml app1/http",
        "  brigade recheck role:db"
      })
  static final class Recheck extends Base {
    @Parameters(arity = "1..*", paramLabel = "TARGET")
    List<String> targets = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
      MonitorClient c = client();
      List<String> ids = new ArrayList<>();
      for (String t : targets) {
        ids.addAll(c.post("/recheck", MonitorClient.form("target", t, "author", author)).ids());
      }
      return print("re-checking", new MonitorJson.Done("recheck", ids));
    }
  }

  @Command(
      name = "ack",
      mixinStandardHelpOptions = true,
      description = {
        "Acknowledges the problems among the targets' checks: no more problem notifications until"
            + " they recover; their contacts are told. Sticky by default (it lasts through changes"
            + " between WARNING and CRITICAL), as Nagios's sticky acknowledgement.",
        TARGETS
      },
      footer = {
        "",
        "Examples:",
        "  brigade ack -c brigade.yml db1/mysql --comment 'replica rebuilding, ETA 2h'",
        "  brigade ack --remove db1/mysql"
      })
  static final class Ack extends Base {
    @Parameters(paramLabel = "TARGET")
    String target;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why (shown to contacts).")
    String comment = "";

    @Option(names = "--not-sticky", description = "End it at the next change of problem state.")
    boolean notSticky;

    @Option(names = "--remove", description = "Remove the acknowledgement instead.")
    boolean remove;

    @Override
    public Integer call() throws InterruptedException {
      MonitorClient c = client();
      if (remove) {
        return print(
            "acknowledgement removed",
            c.post("/ack/remove", MonitorClient.form("target", target, "author", author)));
      }
      return print(
          "acknowledged",
          c.post(
              "/ack",
              MonitorClient.form(
                  "target",
                  target,
                  "author",
                  author,
                  "comment",
                  comment,
                  "sticky",
                  Boolean.toString(!notSticky))));
    }
  }

  @Command(
      name = "downtime",
      mixinStandardHelpOptions = true,
      description = {
        "Schedules a downtime, as Nagios's: problems inside it tell nobody. Fixed from --start"
            + " (default now) for --for; --flexible starts with the first problem between --start"
            + " and --end and lasts --for. --cancel ends the targets' downtimes now (a deploy"
            + " that finished early).",
        TARGETS
      },
      footer = {
        "",
        "Examples:",
        "  brigade downtime -c brigade.yml role:app@production --for 30m --comment 'release 42'",
        "  brigade downtime --cancel role:app@production"
      })
  static final class Downtime extends Base {
    @Parameters(paramLabel = "TARGET")
    String target;

    @Option(names = "--for", paramLabel = "DURATION", description = "How long, e.g. 30m, 2h.")
    String duration;

    @Option(names = "--start", paramLabel = "ISO-8601", description = "When it starts.")
    String start;

    @Option(names = "--end", paramLabel = "ISO-8601", description = "End of a flexible window.")
    String end;

    @Option(names = "--flexible", description = "Start with the first problem in the window.")
    boolean flexible;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why.")
    String comment = "";

    @Option(names = "--cancel", description = "End the targets' downtimes now.")
    boolean cancel;

    @Override
    public Integer call() throws InterruptedException {
      MonitorClient c = client();
      if (cancel) {
        return print(
            "downtime cancelled",
            c.post("/downtime/cancel", MonitorClient.form("target", target, "author", author)));
      }
      if (duration == null) {
        throw new CliException(
            Brigade.INVALID, "downtime needs --for DURATION", "e.g. --for 30m, or --cancel");
      }
      return print(
          "in downtime",
          c.post(
              "/downtime",
              MonitorClient.form(
                  "target",
                  target,
                  "duration",
                  duration,
                  "start",
                  start,
                  "end",
                  end,
                  "flexible",
                  Boolean.toString(flexible),
                  "author",
                  author,
                  "comment",
                  comment)));
    }
  }

  /** {@code disable} and {@code enable}. */
  abstract static class Switch extends Base {
    @Parameters(arity = "1..*", paramLabel = "TARGET")
    List<String> targets = new ArrayList<>();

    @Option(names = "--checks", description = "Only active checks.")
    boolean checks;

    @Option(names = "--notifications", description = "Only notifications.")
    boolean notifications;

    int run(String path, String verb) throws InterruptedException {
      String what = checks == notifications ? "all" : checks ? "checks" : "notifications";
      MonitorClient c = client();
      List<String> ids = new ArrayList<>();
      for (String t : targets) {
        ids.addAll(
            c.post(path, MonitorClient.form("target", t, "what", what, "author", author)).ids());
      }
      String of = what.equals("all") ? "checks and notifications" : what;
      return print(of + " " + verb, new MonitorJson.Done(path.substring(1), ids));
    }
  }

  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description = {
        "Disables active checks and/or notifications of the targets, as Nagios's 'Disable active"
            + " checks' and 'Disable notifications' (both unless --checks or --notifications)."
            + " Passive results are still taken; brigade enable turns them back on.",
        TARGETS
      },
      footer = {
        "",
        "Examples:",
        "  brigade disable --notifications stage:staging",
        "  brigade disable app3"
      })
  static final class Disable extends Switch {
    @Override
    public Integer call() throws InterruptedException {
      return run("/disable", "disabled");
    }
  }

  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = {
        "Enables active checks and/or notifications of the targets again (both unless --checks or"
            + " --notifications).",
        TARGETS
      },
      footer = {"", "Example:", "  brigade enable stage:staging"})
  static final class Enable extends Switch {
    @Override
    public Integer call() throws InterruptedException {
      return run("/enable", "enabled");
    }
  }

  @Command(
      name = "comment",
      mixinStandardHelpOptions = true,
      description = {
        "Adds a comment to the targets (a host's goes on the host), kept across restarts and shown"
            + " by brigade status and the status page; --delete ID removes one.",
        TARGETS
      },
      footer = {
        "",
        "Examples:",
        "  brigade comment app1 'disk replaced, watch it'",
        "  brigade comment --delete 7"
      })
  static final class Comment extends Base {
    @Parameters(arity = "0..*", paramLabel = "TARGET TEXT")
    List<String> words = new ArrayList<>();

    @Option(names = "--delete", paramLabel = "ID", description = "Delete comment ID.")
    Long delete;

    @Override
    public Integer call() throws InterruptedException {
      MonitorClient c = client();
      PrintWriter out = spec.commandLine().getOut();
      if (delete != null) {
        c.post(
            "/comments/delete", MonitorClient.form("id", Long.toString(delete), "author", author));
        out.println("comment " + delete + " deleted");
        out.flush();
        return 0;
      }
      if (words.size() < 2) {
        throw new CliException(
            Brigade.INVALID,
            "comment needs a TARGET and a TEXT",
            "e.g. brigade comment app1 'why'");
      }
      String text = String.join(" ", words.subList(1, words.size()));
      MonitorJson.Done d =
          c.post(
              "/comments",
              MonitorClient.form("target", words.getFirst(), "author", author, "text", text));
      for (MonitorJson.CommentJson made : d.comments()) {
        out.println("comment " + made.id() + " on " + words.getFirst());
      }
      out.flush();
      return 0;
    }
  }
}
