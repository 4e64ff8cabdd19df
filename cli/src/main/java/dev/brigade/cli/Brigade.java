package dev.brigade.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code brigade} command: one entry point for every part of Brigade.
 *
 * <pre>{@code
 * ./brigade validate -c examples/production.yml
 * ./brigade demo
 * }</pre>
 */
@Command(
    name = "brigade",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    usageHelpAutoWidth = true,
    description = {
      "Runs a web cluster from one model (brigade.yml): the edge in front of the application,"
          + " and the management box beside it.",
      ""
    },
    subcommands = {
      ValidateCommand.class,
      DemoCommand.class,
      EdgeCommand.class,
      CheckCommand.class,
      MonitorCommand.class,
      BoxCommand.class,
      StatusCommand.class,
      SubmitCommand.class,
      PlanCommand.class,
      ControlCommands.Recheck.class,
      ControlCommands.Ack.class,
      ControlCommands.Downtime.class,
      ControlCommands.Disable.class,
      ControlCommands.Enable.class,
      ControlCommands.Comment.class,
      GraphCommand.class,
      DeployCommand.class,
      RollbackCommand.class,
      ReleasesCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success",
      "  1  the operation failed (a server could not start, a host could not be reached, ...)",
      "  2  invalid model or command line (each problem is printed as FILE:LINE:COLUMN: message)",
      "",
      "Run 'brigade COMMAND --help' for a command's options. Add --debug to see stack traces."
    })
public final class Brigade implements Runnable {
  /** Exit code: the operation failed. */
  public static final int FAILED = 1;

  /** Exit code: the model or the command line is invalid. */
  public static final int INVALID = 2;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print stack traces and debug logging.")
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    // the JDK's HTTP server (box, monitor API, edge admin) writes a response's head and body
    // apart; without TCP_NODELAY a client's delayed ACK holds the body back for 40 ms
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    // Netty 4.2's default "adaptive" allocator takes every buffer and its handle through shared
    // MPMC queues (9% of the edge's event-loop samples on cache hits); the pooled allocator's
    // per-thread caches do not: hits 0.92x -> 1.02x and pass-through 0.66x -> 0.82x of nginx and
    // HAProxy in back-to-back runs of bench/edge/run.sh. -Dio.netty.allocator.type still chooses.
    if (System.getProperty("io.netty.allocator.type") == null) {
      System.setProperty("io.netty.allocator.type", "pooled");
    }
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given output streams and returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    boolean debug = java.util.Arrays.asList(args).contains("--debug");
    configureLogging(debug);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter w = commandLine.getErr();
          int code = FAILED;
          String hint = "";
          if (e instanceof CliException c) {
            code = c.exitCode();
            hint = c.hint();
          }
          w.println("brigade: " + oneLine(e));
          if (!hint.isEmpty()) {
            w.println("hint: " + hint);
          }
          if (debug) {
            e.printStackTrace(w);
          } else if (!(e instanceof CliException)) {
            w.println("hint: run again with --debug to see where it failed");
          }
          w.flush();
          return code;
        });
    cli.setParameterExceptionHandler(
        (e, a) -> {
          PrintWriter w = e.getCommandLine().getErr();
          w.println("brigade: " + e.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(e, w);
          w.println(
              "hint: see 'brigade "
                  + (e.getCommandLine().getCommandName().equals("brigade")
                      ? ""
                      : e.getCommandLine().getCommandName() + " ")
                  + "--help'");
          w.flush();
          return INVALID;
        });
    return cli.execute(args);
  }

  /**
   * Brigade's own loggers at debug with {@code --debug}, everything else at info (Netty's and
   * MINA's debug output would bury ours). slf4j-simple reads this once, when the first logger is
   * made.
   */
  static void configureLogging(boolean debug) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    System.setProperty("org.slf4j.simpleLogger.log.dev.brigade", debug ? "debug" : "info");
  }

  /** The command tree, for tests and for the help output. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Brigade());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    return m.lines().findFirst().orElse(m);
  }
}
