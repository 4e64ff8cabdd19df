package dev.brigade.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the contact's command with the alert in Nagios's environment variables ({@code
 * NAGIOS_NOTIFICATIONTYPE}, {@code NAGIOS_HOSTNAME}, {@code NAGIOS_SERVICESTATE}, ...), so
 * notification scripts written for Nagios keep working. No shell is involved; a command that runs
 * past its timeout is killed with everything it started, and only the first 4 KiB of its stderr are
 * kept.
 */
final class CommandNotifier implements Notifier {
  private static final int KEPT_STDERR = 4096;
  private final Duration timeout;

  /** Commands get 30 seconds, as Nagios's notification_timeout. */
  CommandNotifier() {
    this(Duration.ofSeconds(30));
  }

  CommandNotifier(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "command";
  }

  @Override
  public boolean reaches(MonitorSettings.Contact contact) {
    return contact.command().isPresent();
  }

  @Override
  public void send(Alert alert, MonitorSettings.Contact contact)
      throws IOException, InterruptedException {
    List<String> argv = CommandLine.argv(contact.command().orElseThrow(), Map.of());
    ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(environment(alert, contact));
    Process p = pb.start();
    p.getOutputStream().close();
    // stderr is drained on its own thread: reading it here first would wait for every process that
    // holds the pipe (a child left in the background, a command that never ends), and a command
    // that writes more than the pipe holds would block until killed
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread drain = Thread.ofVirtual().start(() -> keepHead(p.getErrorStream(), err));
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      killTree(p);
      throw new IOException(
          "notification command timed out after " + timeout.toMillis() + " ms and was killed");
    }
    // a child still holding stderr open must not hold the notification: take what came so far
    drain.join(Duration.ofMillis(200));
    if (p.exitValue() != 0) {
      String first;
      synchronized (err) {
        first = err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
      }
      throw new IOException("notification command exited " + p.exitValue() + ": " + first);
    }
  }

  /**
   * Keeps the first {@value #KEPT_STDERR} bytes of {@code in} and discards the rest, to its end.
   */
  private static void keepHead(InputStream in, ByteArrayOutputStream into) {
    byte[] buf = new byte[4096];
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) {
        synchronized (into) {
          int room = KEPT_STDERR - into.size();
          if (room > 0) {
            into.write(buf, 0, Math.min(room, n));
          }
        }
      }
    } catch (IOException closed) {
      // the process is gone
    }
  }

  /** Kills the command and everything it started (children first, before they are orphaned). */
  static void killTree(Process p) throws InterruptedException {
    List<ProcessHandle> tree = p.descendants().toList();
    p.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    p.waitFor(5, TimeUnit.SECONDS);
  }

  static Map<String, String> environment(Alert a, MonitorSettings.Contact c) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    env.put("NAGIOS_NOTIFICATIONTYPE", a.kind());
    env.put("NAGIOS_NOTIFICATIONNUMBER", Integer.toString(a.number()));
    env.put("NAGIOS_HOSTNAME", a.host());
    env.put("NAGIOS_HOSTADDRESS", a.address());
    env.put("NAGIOS_CONTACTNAME", c.name());
    env.put("NAGIOS_CONTACTEMAIL", c.email().orElse(""));
    env.put(
        "NAGIOS_LONGDATETIME",
        DateTimeFormatter.RFC_1123_DATE_TIME.format(a.time().atZone(ZoneId.of("UTC"))));
    env.put("NAGIOS_TIMET", Long.toString(a.time().getEpochSecond()));
    env.put("NAGIOS_NOTIFICATIONAUTHOR", a.author().orElse(""));
    env.put("NAGIOS_NOTIFICATIONCOMMENT", a.comment().orElse(""));
    if (a.service().isPresent()) {
      env.put("NAGIOS_SERVICEDESC", a.service().get());
      env.put("NAGIOS_SERVICESTATE", a.state());
      env.put("NAGIOS_SERVICESTATETYPE", a.stateType());
      env.put("NAGIOS_SERVICEOUTPUT", a.output());
    } else {
      env.put("NAGIOS_HOSTSTATE", a.state());
      env.put("NAGIOS_HOSTSTATETYPE", a.stateType());
      env.put("NAGIOS_HOSTOUTPUT", a.output());
    }
    return env;
  }
}
